import { describe, expect, it } from "vitest";
import { DataFormatError, parseLocustHistory, parseLocustStats } from "../../src/index.js";
import { relErr } from "../helpers.js";
import { historyText, statsText, thrownAny as thrown } from "./fixtures.js";

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
