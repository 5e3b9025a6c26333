import { describe, expect, it } from "vitest";
import { DataFormatError, parseK6Summary } from "../../src/index.js";
import { relErr } from "../helpers.js";
import { fixtureReader } from "./fixtures.js";

// Fixtures written by hand from k6's documented formats: see test/fixtures/k6/README.md.
const fixture = fixtureReader("k6");

describe("parseK6Summary", () => {
  const summary = parseK6Summary(fixture("summary.json"));

  it("reads time trends in seconds (the k6 docs' example summary)", () => {
    const d = summary.trendsSec.http_req_duration!;
    expect(relErr(d.avgSec, 0.14456)).toBeLessThan(1e-15);
    expect(relErr(d.minSec, 0.10411)).toBeLessThan(1e-15);
    expect(relErr(d.medSec, 0.11047)).toBeLessThan(1e-15);
    expect(relErr(d.maxSec, 1.14)).toBeLessThan(1e-15);
    expect(Object.keys(d.percentilesSec)).toEqual(["p(90)", "p(95)"]);
    expect(relErr(d.percentilesSec["p(90)"]!, 0.20354)).toBeLessThan(1e-15);
    expect(relErr(d.percentilesSec["p(95)"]!, 0.21595)).toBeLessThan(1e-15);
    expect(relErr(summary.trendsSec.iteration_duration!.avgSec, 6.45)).toBeLessThan(1e-15);
  });

  it("reads counters (http_reqs count and rate); leaves out rates, gauges, non-time trends", () => {
    expect(summary.counters.http_reqs).toEqual({ count: 180, ratePerSec: 4.36938 });
    expect(summary.counters.data_received!.count).toBe(1300000);
    expect(Object.keys(summary.trendsSec).sort()).toEqual([
      "http_req_duration",
      "iteration_duration",
    ]);
    expect(Object.keys(summary.counters).sort()).toEqual(["data_received", "http_reqs"]);
  });

  it("reads a custom trend as times when named in timeTrends", () => {
    const s = parseK6Summary(fixture("summary.json"), { timeTrends: ["queue_depth"] });
    expect(relErr(s.trendsSec.queue_depth!.maxSec, 0.009)).toBeLessThan(1e-15);
  });

  it("throws DataFormatError for text that is not JSON, no metrics, a missing number", () => {
    const src = { source: "summary.json" };
    expect(() => parseK6Summary("{", src)).toThrow(/^summary\.json: not JSON/);
    expect(() => parseK6Summary('{"root_group":{}}', src)).toThrow(/no "metrics" object/);
    expect(() => parseK6Summary('{"metrics":{"http_reqs":{"count":"x","rate":1}}}', src)).toThrow(
      DataFormatError,
    );
    expect(() =>
      parseK6Summary('{"metrics":{"http_req_duration":{"avg":1,"min":1,"max":1}}}', src),
    ).toThrow(/http_req_duration: "med" is not a number/);
  });
});
