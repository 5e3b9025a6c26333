import { DataFormatError, ModelInputError } from "../errors.js";
import { readerSource } from "./readerSource.js";

/** The statistics of a k6 time trend in the end-of-test summary, in seconds. */
export interface K6TrendSummary {
  avgSec: number;
  minSec: number;
  medSec: number;
  maxSec: number;
  /** Every `p(N)` the summary holds (`p(90)`, `p(95)` by default), keyed as k6 writes them. */
  percentilesSec: Record<string, number>;
}

/** Result of {@link parseK6Summary}. */
export interface K6Summary {
  /** The time trends (`http_req_duration`, `iteration_duration`, …) by name. */
  trendsSec: Record<string, K6TrendSummary>;
  /** The counters by name: `http_reqs`, `iterations`, `data_received` (bytes), … */
  counters: Record<string, { count: number; ratePerSec: number }>;
}

/** Options of {@link parseK6Summary}. */
export interface K6SummaryOptions {
  /**
   * The name of the text in error messages (a file name).
   * @default "k6 summary"
   */
  source?: string;
  /**
   * Custom trends (`new Trend(name, true)` in the script) that hold times in milliseconds; k6's
   * own time trends (`http_req_*`, `iteration_duration`, `group_duration`) are always read.
   * @default []
   */
  timeTrends?: readonly string[];
}

/** k6's built-in trends, all of them times in milliseconds. */
const BUILT_IN_TIME_TRENDS = new Set([
  "http_req_duration",
  "http_req_blocked",
  "http_req_connecting",
  "http_req_tls_handshaking",
  "http_req_sending",
  "http_req_waiting",
  "http_req_receiving",
  "iteration_duration",
  "group_duration",
]);

/**
 * Reads the JSON that `k6 run --summary-export=FILE` writes at the end of a test: the time trends
 * (`avg`, `min`, `med`, `max`, `p(N)` in milliseconds, converted to seconds) and the counters
 * (`count`, `rate` per second). Rates, gauges and other trends are left out: the export does not
 * say which trends hold times, so a custom one is read only when named in `timeTrends`.
 *
 * @param text - The file's contents (one JSON object).
 * @param options - {@link K6SummaryOptions}.
 * @returns The time trends and counters by name.
 * @throws {@link DataFormatError} when the text is not JSON, has no `metrics` object, or a trend or
 *   counter lacks one of its numbers.
 * @see https://grafana.com/docs/k6/latest/results-output/end-of-test/
 * @example
 * ```ts
 * parseK6Summary('{"metrics":{"http_reqs":{"count":180,"rate":4.36938}}}').counters.http_reqs.ratePerSec; // => 4.36938
 * ```
 */
export function parseK6Summary(text: string, options: K6SummaryOptions = {}): K6Summary {
  if (typeof text !== "string") {
    throw new ModelInputError("parseK6Summary", "text", text, "a string");
  }
  const source = readerSource("parseK6Summary", options, "k6 summary", ["timeTrends"]);
  const fail = (problem: string): never => {
    throw new DataFormatError(source, 0, problem);
  };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    fail(`not JSON (${(e as Error).message})`);
  }
  const metrics = (root as { metrics?: unknown } | null)?.metrics;
  if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics)) {
    return fail('no "metrics" object');
  }
  const timeTrends = new Set([...BUILT_IN_TIME_TRENDS, ...(options.timeTrends ?? [])]);
  const result: K6Summary = { trendsSec: Object.create(null), counters: Object.create(null) }; // keys from the file
  for (const [name, raw] of Object.entries(metrics as Record<string, unknown>)) {
    if (typeof raw !== "object" || raw === null) fail(`metric ${name} is not an object`);
    const m = raw as Record<string, unknown>;
    const number = (field: string): number => {
      const v = m[field];
      return typeof v === "number" && Number.isFinite(v)
        ? v
        : fail(`metric ${name}: "${field}" is not a number`);
    };
    if ("avg" in m && timeTrends.has(name)) {
      const percentilesSec = Object.create(null) as Record<string, number>;
      for (const key of Object.keys(m)) {
        if (/^p\(\d+(\.\d+)?\)$/.test(key)) percentilesSec[key] = number(key) / 1000;
      }
      result.trendsSec[name] = {
        avgSec: number("avg") / 1000,
        minSec: number("min") / 1000,
        medSec: number("med") / 1000,
        maxSec: number("max") / 1000,
        percentilesSec,
      };
    } else if ("count" in m && "rate" in m) {
      result.counters[name] = { count: number("count"), ratePerSec: number("rate") };
    }
  }
  return result;
}
