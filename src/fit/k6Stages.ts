import type { K6Metric } from "./k6Json.js";
import type { TimeWindow } from "./windowMeasurement.js";

/** A stretch of a k6 run at one number of virtual users, from {@link k6Stages}. */
export interface K6Stage {
  /** The `vus` gauge during the stage: virtual users, each a client with its `sleep()`. */
  users: number;
  window: TimeWindow;
}

/**
 * Splits a k6 run (`--out json`) into stages of constant virtual users, from its `vus` gauge
 * (k6 samples it about once a second): a stage runs from the first point at a value to the
 * first point at another, the last one to the run's last `http_req_duration` point. Stages at 0
 * users are left out.
 *
 * @param metrics - From {@link parseK6Json}.
 * @returns The stages in time order; none without a `vus` metric.
 * @example
 * ```ts
 * const vus = { name: "vus", type: "gauge", contains: "default", points: [0, 2, 4, 6].map((t) => ({ timeSec: t, value: t < 4 ? 1 : 4, tags: {} })) };
 * k6Stages({ vus }).map((s) => s.users); // => [1, 4]
 * ```
 */
export function k6Stages(metrics: Readonly<Record<string, K6Metric>>): K6Stage[] {
  const points = [...(metrics.vus?.points ?? [])].sort((a, b) => a.timeSec - b.timeSec);
  const requests = metrics.http_req_duration?.points ?? [];
  let end = points.at(-1)?.timeSec ?? -Infinity;
  for (const p of requests) end = Math.max(end, p.timeSec);
  const stages: K6Stage[] = [];
  for (let i = 0; i < points.length;) {
    const first = points[i]!;
    let j = i;
    while (j < points.length && points[j]!.value === first.value) j++;
    const toSec = j < points.length ? points[j]!.timeSec : end;
    if (first.value > 0 && toSec > first.timeSec) {
      stages.push({ users: first.value, window: { fromSec: first.timeSec, toSec } });
    }
    i = j;
  }
  return stages;
}
