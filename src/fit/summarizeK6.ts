import { ModelInputError } from "../errors.js";
import type { K6Metric } from "./k6Json.js";

/** Options of {@link summarizeK6}. */
export interface SummarizeK6Options {
  /**
   * The time metric to summarize.
   * @default "http_req_duration"
   */
  metric?: string;
}

/** The requests of one name and method in a k6 run; see {@link summarizeK6}. */
export interface K6RequestSummary {
  /** The `name` tag (k6 sets it to the URL unless the script names the request). */
  name: string;
  /** The `method` tag. */
  method: string;
  requests: number;
  meanSec: number;
  /** Quantiles of the values, interpolated between closest ranks as k6 computes `p(N)`. */
  p50Sec: number;
  p90Sec: number;
  p95Sec: number;
  p99Sec: number;
  /** The time from the first to the last point of the whole run (every metric), seconds. */
  spanSec: number;
  /** `requests / spanSec`. */
  throughputPerSec: number;
}

/** The p-quantile of sorted values, interpolated linearly between closest ranks. */
function quantile(sorted: readonly number[], p: number): number {
  const position = p * (sorted.length - 1);
  const low = Math.floor(position);
  const a = sorted[low] ?? 0;
  const b = sorted[Math.min(low + 1, sorted.length - 1)] ?? a;
  return a + (b - a) * (position - low);
}

/**
 * Count, mean, quantiles and throughput of a k6 time metric per request name and method. The
 * throughput divides by the span of the whole run (first to last point of any metric), so a
 * request sent only in part of the run still counts against the run's time.
 *
 * @param metrics - From {@link parseK6Json}.
 * @param options - {@link SummarizeK6Options}.
 * @returns One summary per name and method, sorted by name then method.
 * @throws {@link ModelInputError} when the metric is missing, is not a time metric, has no point,
 *   or all points of the run fall at one instant.
 * @example
 * ```ts
 * summarizeK6({ http_req_duration: { name: "http_req_duration", type: "trend", contains: "time", points: [{ timeSec: 0, value: 0.01, tags: { name: "/", method: "GET" } }, { timeSec: 2, value: 0.03, tags: { name: "/", method: "GET" } }] } })[0].throughputPerSec; // => 1
 * ```
 */
export function summarizeK6(
  metrics: Readonly<Record<string, K6Metric>>,
  options: SummarizeK6Options = {},
): K6RequestSummary[] {
  const model = "summarizeK6";
  const name = options.metric ?? "http_req_duration";
  const metric = Object.hasOwn(metrics, name) ? metrics[name] : undefined;
  if (!metric || metric.contains !== "time" || metric.points.length === 0) {
    throw new ModelInputError(model, "metrics", Object.keys(metrics), `to hold points of ${name}`);
  }
  let first = Infinity;
  let last = -Infinity;
  for (const m of Object.values(metrics)) {
    for (const p of m.points) {
      first = Math.min(first, p.timeSec);
      last = Math.max(last, p.timeSec);
    }
  }
  const spanSec = last - first;
  if (!(spanSec > 0)) {
    throw new ModelInputError(model, "metrics", `${spanSec} s`, "points spread over time");
  }
  const groups = new Map<string, { name: string; method: string; values: number[] }>();
  for (const p of metric.points) {
    const key = JSON.stringify([p.tags.name ?? "", p.tags.method ?? ""]);
    const g = groups.get(key) ?? {
      name: p.tags.name ?? "",
      method: p.tags.method ?? "",
      values: [],
    };
    g.values.push(p.value);
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => (a.name === b.name ? (a.method < b.method ? -1 : 1) : a.name < b.name ? -1 : 1))
    .map((g) => {
      const sorted = [...g.values].sort((a, b) => a - b);
      return {
        name: g.name,
        method: g.method,
        requests: sorted.length,
        meanSec: sorted.reduce((a, v) => a + v, 0) / sorted.length,
        p50Sec: quantile(sorted, 0.5),
        p90Sec: quantile(sorted, 0.9),
        p95Sec: quantile(sorted, 0.95),
        p99Sec: quantile(sorted, 0.99),
        spanSec,
        throughputPerSec: sorted.length / spanSec,
      };
    });
}
