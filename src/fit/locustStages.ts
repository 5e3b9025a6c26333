import { ModelInputError } from "../errors.js";
import type { LocustHistoryRow } from "./locustHistory.js";

/** A stretch of a locust run at one user count, from {@link locustStages}. */
export interface LocustStage {
  /** `User Count` throughout the stage: clients with think time, not a concurrency. */
  users: number;
  /**
   * Start of the stage, seconds since the epoch: the last row before it (the previous stage's
   * end), or its own first row for the first stage or after a reset of locust's statistics.
   */
  startSec: number;
  /** Its last row's `Timestamp`, seconds since the epoch. */
  endSec: number;
  /** `Aggregated` rows in the stage. */
  rows: number;
  /** Requests completed between `startSec` and `endSec` (difference of `Total Request Count`). */
  requests: number;
  /** Failures between `startSec` and `endSec` (difference of `Total Failure Count`). */
  failures: number;
  /** `requests / (endSec − startSec)`; absent when the stage spans no time (a single row). */
  throughputPerSec?: number;
  /**
   * Mean response time of the stage's requests, seconds, from the cumulative means and counts:
   * `(R₁·N₁ − R₀·N₀) / (N₁ − N₀)`. Absent when there is no request or a `Total Average Response
   * Time` is `N/A`.
   */
  meanResponseTimeSec?: number;
}

/**
 * Splits a locust history into stages of constant `User Count` (for example the steps of a
 * `LoadTestShape`, or runs at `-u 1` and `-u 4`), and gives each stage's throughput and mean
 * response time from the cumulative `Total …` columns of the `Aggregated` rows: counts over the
 * stage's time, not locust's smoothed current `Requests/s`. A ramp (`-r` below `-u`) shows as
 * short stages at the intermediate user counts; the first row of a run (0 users) is a stage too.
 *
 * The user count is not concurrency: a locust user waits `wait_time` between tasks, so a stage is
 * a closed system with think time. Its concurrency (requests in flight) is, by Little's law,
 * `throughputPerSec × meanResponseTimeSec`.
 *
 * @param history - From {@link parseLocustHistory}, in file (time) order.
 * @returns The stages in time order; none for an empty history.
 * @throws {@link ModelInputError} when rows are given but none is `Aggregated`, or timestamps go
 *   back in time.
 * @example
 * ```ts
 * locustStages(parseLocustHistory("Timestamp,User Count,Type,Name,Requests/s,Failures/s,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size\n100,1,,Aggregated,10,0,10,0,7,7,6,9,3\n110,1,,Aggregated,10,0,100,0,7,7,6,9,3\n120,4,,Aggregated,30,0,400,0,9,9.25,6,20,3"))[1].meanResponseTimeSec; // => 0.01
 * ```
 */
export function locustStages(history: readonly LocustHistoryRow[]): LocustStage[] {
  const model = "locustStages";
  if (!Array.isArray(history)) {
    throw new ModelInputError(model, "history", history, "an array of history rows");
  }
  const rows = history.filter((r) => r.aggregated);
  if (history.length > 0 && rows.length === 0) {
    throw new ModelInputError(model, "history", `${history.length} rows`, "with `Aggregated` rows");
  }
  const stages: LocustStage[] = [];
  let previous: LocustHistoryRow | undefined;
  let i = 0;
  while (i < rows.length) {
    const first = rows[i] as LocustHistoryRow;
    let base = previous ?? first;
    let last = first;
    let count = 0;
    for (; i < rows.length && (rows[i] as LocustHistoryRow).users === first.users; i++) {
      const row = rows[i] as LocustHistoryRow;
      if (row.timestampSec < last.timestampSec || row.timestampSec < base.timestampSec) {
        throw new ModelInputError(model, "history", row.timestampSec, "in time order");
      }
      if (row.totalRequests < base.totalRequests) base = row; // locust's statistics were reset
      last = row;
      count++;
    }
    stages.push(stage(first.users, base, last, count));
    previous = last;
  }
  return stages;
}

/** The stage from the cumulative totals at `base` and at `last`. */
function stage(
  users: number,
  base: LocustHistoryRow,
  last: LocustHistoryRow,
  rows: number,
): LocustStage {
  const requests = last.totalRequests - base.totalRequests;
  const spanSec = last.timestampSec - base.timestampSec;
  const result: LocustStage = {
    users,
    startSec: base.timestampSec,
    endSec: last.timestampSec,
    rows,
    requests,
    failures: Math.max(0, last.totalFailures - base.totalFailures),
  };
  if (spanSec > 0) result.throughputPerSec = requests / spanSec;
  const r0 = base.totalMeanResponseTimeSec;
  const r1 = last.totalMeanResponseTimeSec;
  if (requests > 0 && r1 !== undefined && (r0 !== undefined || base.totalRequests === 0)) {
    const sum = r1 * last.totalRequests - (r0 ?? 0) * base.totalRequests;
    result.meanResponseTimeSec = Math.max(0, sum / requests);
  }
  return result;
}
