import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DataFormatError,
  locustStages,
  ModelInputError,
  parseLocustHistory,
  parseLocustStats,
  type LocustHistoryRow,
} from "../../src/index.js";
import { relErr } from "../helpers.js";

// Real locust 2.12.1 output, made by test/fixtures/locust/make.sh (see its README): 1 user for
// 10 s, then 4 users for 10 s, against a WSGI app on 127.0.0.1 sleeping 5 ms on "/" and 10 ms on
// "/items" (named "/items?a=1,2", which locust quotes).
const DIR = join(import.meta.dirname, "..", "fixtures", "locust");
const statsText = readFileSync(join(DIR, "two_stages_stats.csv"), "utf8");
const historyText = readFileSync(join(DIR, "two_stages_stats_history.csv"), "utf8");

/** The error a call throws (fails the test when it does not throw). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
}

const STATS_HEADER =
  "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time," +
  "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s," +
  "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%";

describe("parseLocustStats on real locust output", () => {
  const rows = parseLocustStats(statsText);

  it("reads the endpoint rows and the Aggregated row, the quoted name whole", () => {
    expect(rows.map((r) => [r.type, r.name, r.aggregated])).toEqual([
      ["GET", "/", false],
      ["GET", "/items?a=1,2", false],
      ["", "Aggregated", true],
    ]);
  });

  it("has the Aggregated request and failure counts equal to the sums over the endpoints", () => {
    const endpoints = rows.filter((r) => !r.aggregated);
    const total = rows.find((r) => r.aggregated);
    expect(total?.requests).toBe(606); // the fixture's last line
    expect(endpoints.reduce((a, r) => a + r.requests, 0)).toBe(total?.requests);
    expect(endpoints.reduce((a, r) => a + r.failures, 0)).toBe(total?.failures);
  });

  it("converts locust's milliseconds to seconds", () => {
    // GET,/,462,0,7,6.753246753246753,6,23,3.0,23.090534888116565,0.0,7,7,7,7,7,8,8,9,23,23,23
    const root = rows[0];
    expect(relErr(root?.meanResponseTimeSec ?? NaN, 6.753246753246753 / 1000)).toBeLessThan(1e-15);
    expect(root?.medianResponseTimeSec).toBe(0.007);
    expect(root?.minResponseTimeSec).toBe(0.006);
    expect(root?.maxResponseTimeSec).toBe(0.023);
    expect(root?.meanContentBytes).toBe(3);
    expect(root?.requestsPerSec).toBe(23.090534888116565);
    expect(root?.quantilesSec).toEqual({
      "0.5": 0.007,
      "0.66": 0.007,
      "0.75": 0.007,
      "0.8": 0.007,
      "0.9": 0.007,
      "0.95": 0.008,
      "0.98": 0.008,
      "0.99": 0.009,
      "0.999": 0.023,
      "0.9999": 0.023,
      "1": 0.023,
    });
  });

  it("sees the server's sleeps: about 5 ms on / and 10 ms on /items", () => {
    expect(rows[0]?.minResponseTimeSec).toBeGreaterThanOrEqual(0.005);
    expect(rows[1]?.minResponseTimeSec).toBeGreaterThanOrEqual(0.01);
  });
});

describe("parseLocustStats on crafted input", () => {
  it("leaves locust's N/A out (a row without requests), never NaN", () => {
    const text = `${STATS_HEADER}\nGET,/never,0,0,N/A,N/A,N/A,N/A,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n`;
    const [row] = parseLocustStats(text);
    expect(row?.requests).toBe(0);
    expect(row?.quantilesSec).toEqual({});
    expect(row && "meanResponseTimeSec" in row).toBe(false);
    expect(row && "medianResponseTimeSec" in row).toBe(false);
  });

  it("finds columns by name, in any order, CRLF line ends and doubled quotes too", () => {
    const text =
      'Name,Type,Failures/s,Requests/s,Average Content Size,Max Response Time,Min Response Time,Average Response Time,Median Response Time,Failure Count,Request Count,95%\r\n"/a ""b"", c",POST,0.5,2,10,40,10,20,20,1,4,30\r\n';
    const [row] = parseLocustStats(text);
    expect(row?.name).toBe('/a "b", c');
    expect(row?.type).toBe("POST");
    expect(row?.requests).toBe(4);
    expect(row?.failures).toBe(1);
    expect(row?.maxResponseTimeSec).toBe(0.04);
    expect(row?.quantilesSec).toEqual({ "0.95": 0.03 });
  });

  it("names a missing column and line 1", () => {
    const text = STATS_HEADER.replace("Request Count,", "") + "\n";
    const e = thrown(() => parseLocustStats(text, { source: "run_stats.csv" }));
    expect(e).toBeInstanceOf(DataFormatError);
    expect((e as DataFormatError).line).toBe(1);
    expect((e as DataFormatError).source).toBe("run_stats.csv");
    expect((e as Error).message).toBe("run_stats.csv:1: no `Request Count` column");
  });

  it("names the line of a bad number, counting the lines inside a quoted name", () => {
    const text = `${STATS_HEADER}\nGET,"/a\nb",1,0,7,7,7,7,3,1,0,7,7,7,7,7,7,7,7,7,7,7\nGET,/c,many,0,7,7,7,7,3,1,0,7,7,7,7,7,7,7,7,7,7,7\n`;
    const e = thrown(() => parseLocustStats(text));
    expect(e).toBeInstanceOf(DataFormatError);
    expect((e as DataFormatError).line).toBe(4);
    expect((e as Error).message).toBe('stats.csv:4: `Request Count` is not a number >= 0: "many"');
  });

  it("refuses a row with the wrong number of fields, an unclosed quote, an empty text", () => {
    expect((thrown(() => parseLocustStats(`${STATS_HEADER}\nGET,/,1\n`)) as Error).message).toBe(
      "stats.csv:2: 3 fields where the header has 22",
    );
    expect(
      (thrown(() => parseLocustStats(`${STATS_HEADER}\n\nGET,"/,1\n`)) as DataFormatError).line,
    ).toBe(3);
    expect((thrown(() => parseLocustStats("")) as DataFormatError).line).toBe(1);
    expect(thrown(() => parseLocustStats(42 as unknown as string))).toBeInstanceOf(ModelInputError);
  });

  it("reads a header alone as no rows", () => {
    expect(parseLocustStats(`${STATS_HEADER}\n`)).toEqual([]);
  });
});

describe("parseLocustHistory on real locust output", () => {
  const rows = parseLocustHistory(historyText);

  it("reads every row, with the endpoints of --csv-full-history and the quoted name", () => {
    expect(rows).toHaveLength(61); // 62 lines, the header included
    expect(new Set(rows.map((r) => r.name))).toEqual(new Set(["/", "/items?a=1,2", "Aggregated"]));
    expect(rows.filter((r) => r.aggregated)).toHaveLength(21);
  });

  it("leaves the N/A of the first row (0 users, nothing measured yet) out", () => {
    // 1796228785,0,,Aggregated,0.000000,0.000000,N/A,…,N/A,0,0,0,0.0,0,0,0
    const first = rows[0];
    expect(first?.users).toBe(0);
    expect(first?.timestampSec).toBe(1796228785);
    expect(first?.quantilesSec).toEqual({});
  });

  it("converts times to seconds and keeps the cumulative totals", () => {
    // 1796228805,4,,Aggregated,38.100000,0.000000,7,7,11,11,12,12,13,14,15,15,15,606,0,7,7.96039603960396,6,23,3.0
    const last = rows.at(-1);
    expect(last?.aggregated).toBe(true);
    expect(last?.users).toBe(4);
    expect(last?.requestsPerSec).toBe(38.1);
    expect(last?.quantilesSec["0.99"]).toBe(0.014);
    expect(last?.quantilesSec["1"]).toBe(0.015);
    expect(last?.totalRequests).toBe(606);
    expect(relErr(last?.totalMeanResponseTimeSec ?? NaN, 0.00796039603960396)).toBeLessThan(1e-15);
    expect(last?.totalMaxResponseTimeSec).toBe(0.023);
  });

  it("ends with the totals of the stats file", () => {
    const stats = parseLocustStats(statsText);
    const endpointsAtEnd = rows.slice(-3);
    expect(endpointsAtEnd.map((r) => r.totalRequests)).toEqual(stats.map((r) => r.requests));
  });

  it("names a missing column and line 1, a bad number by its line", () => {
    const lines = historyText.split("\n");
    const noUsers = [lines[0]?.replace("User Count", "Users"), ...lines.slice(1)].join("\n");
    const e = thrown(() => parseLocustHistory(noUsers, { source: "h.csv" }));
    expect((e as Error).message).toBe("h.csv:1: no `User Count` column");
    const bad = [...lines.slice(0, 5), lines[5]?.replace(/^\d+/, "yesterday"), ...lines.slice(6)];
    const e2 = thrown(() => parseLocustHistory(bad.join("\n")));
    expect(e2).toBeInstanceOf(DataFormatError);
    expect((e2 as Error).message).toBe(
      'stats_history.csv:6: `Timestamp` is not a number >= 0: "yesterday"',
    );
  });
});

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
