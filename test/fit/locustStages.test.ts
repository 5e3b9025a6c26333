import { describe, expect, it } from "vitest";
import {
  locustStages,
  ModelInputError,
  parseLocustHistory,
  type LocustHistoryRow,
} from "../../src/index.js";
import { relErr } from "../helpers.js";
import { historyText, thrownAny as thrown } from "./fixtures.js";

describe("locustStages", () => {
  it("finds the two stages of the real run (after the 0-user first row) and their rates", () => {
    const stages = locustStages(parseLocustHistory(historyText));
    expect(stages.map((s) => s.users)).toEqual([0, 1, 4]);
    const [, one, four] = stages;
    expect(one?.rows).toBe(10);
    expect(four?.rows).toBe(10);
    // Requests per stage add up to the run's total (the 0-user row has none).
    expect((one?.requests ?? 0) + (four?.requests ?? 0)).toBe(606);
    // One user with 50–100 ms think time and ~6 ms requests: at most 1/0.056 ≈ 18 requests/s;
    // four users about four times that (the server has threads and sleeps, the cores are free).
    expect(one?.throughputPerSec).toBeGreaterThan(10);
    expect(one?.throughputPerSec).toBeLessThan(18);
    expect((four?.throughputPerSec ?? 0) / (one?.throughputPerSec ?? 1)).toBeGreaterThan(3);
    // Mean response time between the 5 ms and the 10 ms endpoint (3 : 1 mix).
    for (const s of [one, four]) {
      expect(s?.meanResponseTimeSec).toBeGreaterThan(0.005);
      expect(s?.meanResponseTimeSec).toBeLessThan(0.012);
    }
    // Little's law: requests in flight well under the user count (users think).
    const inFlight = (four?.throughputPerSec ?? 0) * (four?.meanResponseTimeSec ?? 0);
    expect(inFlight).toBeLessThan(1);
  });

  it("computes throughput and mean from the cumulative totals", () => {
    const row = (t: number, users: number, n: number, meanSec?: number): LocustHistoryRow => ({
      timestampSec: t,
      users,
      type: "",
      name: "Aggregated",
      aggregated: true,
      requestsPerSec: 0,
      failuresPerSec: 0,
      quantilesSec: {},
      totalRequests: n,
      totalFailures: 0,
      totalMeanContentBytes: 0,
      ...(meanSec === undefined ? {} : { totalMeanResponseTimeSec: meanSec }),
    });
    const stages = locustStages([
      row(100, 2, 0),
      row(101, 2, 10, 0.02),
      row(110, 2, 100, 0.02),
      row(111, 5, 150, 0.03), // 50 requests of (0.03·150 − 0.02·100)/50 = 0.05 s
      row(120, 5, 400, 0.04), // 250 more: (0.04·400 − 0.02·100)/300 s for the stage
    ]);
    expect(stages).toHaveLength(2);
    expect(stages[0]).toEqual({
      users: 2,
      startSec: 100,
      endSec: 110,
      rows: 3,
      requests: 100,
      failures: 0,
      throughputPerSec: 10,
      meanResponseTimeSec: 0.02,
    });
    expect(stages[1]?.startSec).toBe(110);
    expect(stages[1]?.throughputPerSec).toBe(30);
    expect(relErr(stages[1]?.meanResponseTimeSec ?? NaN, (16 - 2) / 300)).toBeLessThan(1e-12);
    // A single row spans no time: no throughput; a reset of the statistics restarts the count.
    expect(locustStages([row(100, 1, 5, 0.01)])[0]).toEqual({
      users: 1,
      startSec: 100,
      endSec: 100,
      rows: 1,
      requests: 0,
      failures: 0,
    });
    const reset = locustStages([
      row(100, 1, 50, 0.01),
      row(101, 3, 2, 0.02),
      row(111, 3, 42, 0.03),
    ]);
    expect(reset[1]).toMatchObject({ startSec: 101, requests: 40, throughputPerSec: 4 });
  });

  it("ignores the endpoint rows and refuses a history without Aggregated rows", () => {
    const rows = parseLocustHistory(historyText);
    expect(locustStages(rows)).toEqual(locustStages(rows.filter((r) => r.aggregated)));
    expect(locustStages([])).toEqual([]);
    expect(thrown(() => locustStages(rows.filter((r) => !r.aggregated)))).toBeInstanceOf(
      ModelInputError,
    );
    const backwards = rows.filter((r) => r.aggregated).reverse();
    expect(thrown(() => locustStages(backwards))).toBeInstanceOf(ModelInputError);
  });
});
