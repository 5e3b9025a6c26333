import { locustRows } from "./locustCsv.js";
import { readerSource } from "./readerSource.js";
import type { LocustReadOptions } from "./locustStats.js";

/** One row of locust's `PREFIX_stats_history.csv`: an endpoint, or `Aggregated`, at one time. */
export interface LocustHistoryRow {
  /** `Timestamp`: when locust wrote the row, seconds since the Unix epoch. */
  timestampSec: number;
  /**
   * `User Count`: locust users running then. A user waits `wait_time` between tasks, so this is
   * a number of clients with think time, not a concurrency.
   */
  users: number;
  /** Locust's `Type` (the HTTP method); empty on the `Aggregated` rows. */
  type: string;
  /** Locust's `Name`: the URL path, or the `name=` given to the request. */
  name: string;
  /** True for the rows locust names `Aggregated` (with an empty `Type`). */
  aggregated: boolean;
  /** `Requests/s`: the current rate (locust's last few seconds), not a run average. */
  requestsPerSec: number;
  /** `Failures/s`: the current failure rate. */
  failuresPerSec: number;
  /**
   * The percentile columns in seconds, keyed `"0.5"` … `"1"` as in the stats rows: over the last few seconds (locust's window), not the run.
   * `N/A` leaves the key out.
   */
  quantilesSec: Record<string, number>;
  /** `Total Request Count`: requests completed since the start (cumulative). */
  totalRequests: number;
  /** `Total Failure Count`: cumulative. */
  totalFailures: number;
  /** `Total Median Response Time` since the start, seconds; absent when `N/A`. */
  totalMedianResponseTimeSec?: number;
  /** `Total Average Response Time` since the start, seconds; absent when `N/A`. */
  totalMeanResponseTimeSec?: number;
  /** `Total Min Response Time` since the start, seconds; absent when `N/A`. */
  totalMinResponseTimeSec?: number;
  /** `Total Max Response Time` since the start, seconds; absent when `N/A`. */
  totalMaxResponseTimeSec?: number;
  /** `Total Average Content Size` since the start, bytes. */
  totalMeanContentBytes: number;
}

const COLUMNS = [
  "Timestamp",
  "User Count",
  "Requests/s",
  "Failures/s",
  "Total Request Count",
  "Total Failure Count",
  "Total Median Response Time",
  "Total Average Response Time",
  "Total Min Response Time",
  "Total Max Response Time",
  "Total Average Content Size",
] as const;

/**
 * Reads locust's `PREFIX_stats_history.csv` (written by `locust --csv PREFIX`, every row of it
 * with `--csv-full-history`, else only the `Aggregated` rows): a row per endpoint and second with
 * the current rates, the windowed percentiles and the cumulative `Total …` columns, times
 * converted from milliseconds to seconds. Columns are found by their header names.
 * {@link locustStages} splits the rows into stages of constant user count.
 *
 * `User Count` is not concurrency: a locust user is a client with think time (`wait_time`).
 *
 * @param text - The file's contents.
 * @param options - {@link LocustReadOptions}.
 * @returns The rows in file order.
 * @throws {@link DataFormatError} for a missing column (line 1), a field that is not a number
 *   >= 0, a row with the wrong number of fields or an unclosed quote (its line).
 * @throws {@link ModelInputError} when `text` is not a string.
 * @example
 * ```ts
 * parseLocustHistory("Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size\n1796228786,1,,Aggregated,12.5,0.0,7,13,0,7,8.9,6,23,3.0")[0].totalMeanResponseTimeSec; // => 0.0089
 * ```
 */
export function parseLocustHistory(
  text: string,
  options: LocustReadOptions = {},
): LocustHistoryRow[] {
  const source = readerSource("parseLocustHistory", options, "stats_history.csv");
  return locustRows("parseLocustHistory", text, source, COLUMNS).map((row) => ({
    timestampSec: row.number("Timestamp"),
    users: row.number("User Count"),
    type: row.type,
    name: row.name,
    aggregated: row.aggregated,
    requestsPerSec: row.number("Requests/s"),
    failuresPerSec: row.number("Failures/s"),
    quantilesSec: row.quantilesSec(),
    totalRequests: row.number("Total Request Count"),
    totalFailures: row.number("Total Failure Count"),
    ...row.timesSec({
      totalMedianResponseTimeSec: "Total Median Response Time",
      totalMeanResponseTimeSec: "Total Average Response Time",
      totalMinResponseTimeSec: "Total Min Response Time",
      totalMaxResponseTimeSec: "Total Max Response Time",
    }),
    totalMeanContentBytes: row.number("Total Average Content Size"),
  }));
}
