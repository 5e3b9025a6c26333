import type { QueueResult } from "../queueing/types.js";

// Numbers and results formatted for people: tables in the CLI and notebooks, chart labels.

/**
 * Formats a number for people: finite values to 4 significant digits, ∞ for Infinity.
 * @example
 * ```ts
 * human(1234.5678); // => "1235"
 * ```
 */
export function human(value: number): string {
  if (value === Infinity) return "∞";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(3);
  return Number(value.toPrecision(4)).toString();
}

/**
 * A duration in seconds, printed in milliseconds: 4 significant digits, ∞ for Infinity.
 * @example
 * ```ts
 * milliseconds(0.0125); // => "12.5 ms"
 * ```
 */
export function milliseconds(seconds: number): string {
  return seconds === Infinity ? "∞" : `${human(seconds * 1000)} ms`;
}

/**
 * A fraction, printed in percent: 4 significant digits, ∞ for Infinity.
 * @example
 * ```ts
 * percent(0.8125); // => "81.25 %"
 * ```
 */
export function percent(fraction: number): string {
  return fraction === Infinity ? "∞" : `${human(fraction * 100)} %`;
}

/** The name of a quantile: `"p99"` for 0.99, `"p99.9"` for 0.999 (4 significant digits). @internal */
export function quantileLabel(quantile: number): string {
  return `p${human(quantile * 100)}`;
}

/**
 * A size in bytes, printed in mebibytes (2^20 bytes): 4 significant digits.
 * @example
 * ```ts
 * mebibytes(262144000); // => "250 MiB"
 * ```
 */
export function mebibytes(bytes: number): string {
  return `${human(bytes / 2 ** 20)} MiB`;
}

const PERCENTILES = [0.5, 0.95, 0.99] as const;

/** A mean number of requests (in the system, in the queue), with its unit. */
function requests(count: number): string {
  return `${human(count)} ${count === 1 ? "request" : "requests"}`;
}

/**
 * The rows a person wants from a single-station result. Every row says what it counts: numbers
 * of requests are "requests", times are in ms, the offered load is in erlangs (λ·S, the servers'
 * worth of work arriving: 0.85 erlangs keeps 0.85 servers busy on average).
 */
export function queueRows(q: QueueResult): [string, string][] {
  const rows: [string, string][] = [
    ["stable", q.stable ? "yes" : "no — arrivals exceed capacity"],
    ["utilization per server", percent(q.utilization)],
    ["offered load λ·S", `${human(q.offeredLoad)} erlangs (servers' worth of work)`],
    ["throughput", `${human(q.throughputPerSec)} req/s`],
  ];
  if (q.blockingProbability > 0) {
    rows.push(["blocked (turned away)", percent(q.blockingProbability)]);
  }
  rows.push(
    ["requests that wait", percent(q.probabilityOfWaiting)],
    ["mean number in system", requests(q.meanInSystem)],
    ["mean number waiting in queue", requests(q.meanQueueLength)],
    ["mean response time", milliseconds(q.meanResponseTimeSec)],
    ["mean wait in queue", milliseconds(q.meanWaitSec)],
  );
  for (const p of PERCENTILES) {
    rows.push([`p${p * 100} response time`, milliseconds(q.responseTimeQuantileSec(p))]);
  }
  rows.push(["p99 wait in queue", milliseconds(q.waitTimeQuantileSec(0.99))]);
  return rows;
}

/** A JSON-ready copy of a result: its numbers plus the response and wait percentiles. */
export function queueJson(q: QueueResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) {
    if (typeof v !== "function") out[k] = v === Infinity ? "Infinity" : v;
  }
  const pct = (f: (p: number) => number) =>
    Object.fromEntries(
      PERCENTILES.map((p) => {
        const v = f(p);
        return [`p${p * 100}`, v === Infinity ? "Infinity" : v];
      }),
    );
  out.responseTimeQuantilesSec = pct(q.responseTimeQuantileSec);
  out.waitTimeQuantilesSec = pct(q.waitTimeQuantileSec);
  return out;
}
