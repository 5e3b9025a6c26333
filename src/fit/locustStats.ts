import { locustRows } from "./locustCsv.js";
import { readerSource } from "./readerSource.js";

/** One row of locust's `PREFIX_stats.csv`: an endpoint, or the `Aggregated` row of them all. */
export interface LocustStatsRow {
  /** Locust's `Type` (the HTTP method for HTTP users); empty on the `Aggregated` row. */
  type: string;
  /** Locust's `Name`: the URL path, or the `name=` given to the request. */
  name: string;
  /** True for the row locust names `Aggregated` (with an empty `Type`): all endpoints together. */
  aggregated: boolean;
  /** `Request Count`: requests completed, failures included. */
  requests: number;
  /** `Failure Count`. */
  failures: number;
  /** `Average Response Time`, seconds; absent when locust writes `N/A`. */
  meanResponseTimeSec?: number;
  /** `Median Response Time`, seconds (locust rounds it); absent when locust writes `N/A`. */
  medianResponseTimeSec?: number;
  /** `Min Response Time`, seconds; absent when locust writes `N/A`. */
  minResponseTimeSec?: number;
  /** `Max Response Time`, seconds; absent when locust writes `N/A`. */
  maxResponseTimeSec?: number;
  /** `Average Content Size`, bytes. */
  meanContentBytes: number;
  /** `Requests/s`: `Request Count` over the whole run (not a current rate). */
  requestsPerSec: number;
  /** `Failures/s`: `Failure Count` over the whole run. */
  failuresPerSec: number;
  /**
   * The percentile columns (`50%` … `99.99%`, `100%`) in seconds, keyed by the quantile as a
   * string: `"0.5"`, `"0.66"`, …, `"0.99"`, `"0.999"`, `"0.9999"`, `"1"`. Locust's `N/A` (a row
   * without requests) leaves the key out. Locust rounds them (to 2 significant digits above 100 ms).
   */
  quantilesSec: Record<string, number>;
}

/** Options of the locust readers. */
export interface LocustReadOptions {
  /**
   * The file name (or a name for the text), used in error messages.
   * @default "stats.csv" for {@link parseLocustStats}, "stats_history.csv" for the history
   */
  source?: string;
}

const COLUMNS = [
  "Request Count",
  "Failure Count",
  "Median Response Time",
  "Average Response Time",
  "Min Response Time",
  "Max Response Time",
  "Average Content Size",
  "Requests/s",
  "Failures/s",
] as const;

/**
 * Reads locust's `PREFIX_stats.csv` (written by `locust --csv PREFIX`): one row per endpoint and
 * the `Aggregated` row, with times converted from locust's milliseconds to seconds. Columns are
 * found by their header names, so other percentile lists (`PERCENTILES_TO_REPORT`) are read too.
 *
 * A locust user waits `wait_time` between its tasks: the run's user count is a number of clients
 * with think time, not a concurrency (requests in flight); Little's law gives that as
 * `requestsPerSec × meanResponseTimeSec`.
 *
 * @param text - The file's contents.
 * @param options - {@link LocustReadOptions}.
 * @returns The rows in file order.
 * @throws {@link DataFormatError} for a missing column (line 1), a field that is not a number
 *   >= 0, a row with the wrong number of fields or an unclosed quote (its line).
 * @throws {@link ModelInputError} when `text` is not a string.
 * @example
 * ```ts
 * parseLocustStats("Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,99.9%\nGET,/,10,0,7,6.5,6,23,3.0,2.5,0.0,7,23")[0].quantilesSec["0.999"]; // => 0.023
 * ```
 */
export function parseLocustStats(text: string, options: LocustReadOptions = {}): LocustStatsRow[] {
  const source = readerSource("parseLocustStats", options, "stats.csv");
  return locustRows("parseLocustStats", text, source, COLUMNS).map((row) => ({
    type: row.type,
    name: row.name,
    aggregated: row.aggregated,
    requests: row.number("Request Count"),
    failures: row.number("Failure Count"),
    ...row.timesSec({
      meanResponseTimeSec: "Average Response Time",
      medianResponseTimeSec: "Median Response Time",
      minResponseTimeSec: "Min Response Time",
      maxResponseTimeSec: "Max Response Time",
    }),
    meanContentBytes: row.number("Average Content Size"),
    requestsPerSec: row.number("Requests/s"),
    failuresPerSec: row.number("Failures/s"),
    quantilesSec: row.quantilesSec(),
  }));
}
