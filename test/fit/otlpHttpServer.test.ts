import { describe, expect, it } from "vitest";
import { otlpActiveRequests, otlpRequestDurations, parseOtlpMetrics } from "../../src/index.js";
import { relErr } from "../helpers.js";
import { fixtureReader, OTLP_T0 as T0 } from "./fixtures.js";

// Fixtures written by hand from the OTLP JSON encoding and the HTTP semantic conventions:
// see test/fixtures/otlp/README.md.
const fixture = fixtureReader("otlp");

describe("otlpRequestDurations", () => {
  it("http.server.request.duration (s): the latest cumulative point per attribute set", () => {
    const all = otlpRequestDurations(parseOtlpMetrics(fixture("stable.jsonl")));
    expect(all.map((h) => [h.attributes["http.route"], h.requests])).toEqual([
      ["/items", 20],
      ["/health", 8],
    ]);
    const [items] = otlpRequestDurations(parseOtlpMetrics(fixture("stable.jsonl")), {
      attributes: { "http.route": "/items" },
    });
    expect(items!.metric).toBe("http.server.request.duration");
    expect(items!.timeSec).toBe(T0 + 120);
    expect(items!.sumSec).toBe(0.55);
    // Counts 0, 3, 8, 6, 2, 1 in the buckets ≤ 5, 10, 25, 50, 75, 100 ms: cumulated by hand.
    expect(items!.buckets.slice(0, 6)).toEqual([
      { leSec: 0.005, count: 0 },
      { leSec: 0.01, count: 3 },
      { leSec: 0.025, count: 11 },
      { leSec: 0.05, count: 17 },
      { leSec: 0.075, count: 19 },
      { leSec: 0.1, count: 20 },
    ]);
    expect(items!.buckets).toHaveLength(15);
    expect(items!.buckets.at(-1)).toEqual({ leSec: Infinity, count: 20 });
  });

  it("http.server.duration (ms) in seconds; delta points of one attribute set added up", () => {
    const [h, ...rest] = otlpRequestDurations(parseOtlpMetrics(fixture("legacy-ms.json")), {
      attributes: { "http.route": "/items", "http.status_code": 200 },
    });
    expect(rest).toEqual([]);
    expect(h!.metric).toBe("http.server.duration");
    expect(h!.requests).toBe(7);
    expect(relErr(h!.sumSec, 0.19)).toBeLessThan(1e-15);
    expect(h!.startTimeSec).toBe(T0);
    expect(h!.timeSec).toBe(T0 + 120);
    // (0,0,1,2,1) + (0,0,0,1,1,1) per bucket ≤ 0, 5, 10, 25, 50, 75 ms, cumulated by hand.
    expect(h!.buckets.slice(0, 6).map((b) => b.count)).toEqual([0, 0, 1, 4, 6, 7]);
    h!.buckets.slice(0, 6).forEach((b, i) => {
      expect(relErr(b.leSec, [0, 0.005, 0.01, 0.025, 0.05, 0.075][i]!)).toBeLessThan(1e-15);
    });
    expect(h!.buckets.at(-1)).toEqual({ leSec: Infinity, count: 7 });
  });

  it("throws DataFormatError for delta points of one attribute set with other bounds", () => {
    const point = (bounds: string, counts: string, count: number): string =>
      `{"timeUnixNano":"1","count":"${count}","bucketCounts":${counts},"explicitBounds":${bounds}}`;
    const text =
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"http.server.duration",' +
      '"unit":"ms","histogram":{"aggregationTemporality":1,"dataPoints":[' +
      `${point("[10]", "[1,1]", 2)},${point("[20]", "[1,1]", 2)}]}}]}]}]}`;
    const metrics = parseOtlpMetrics(text, { source: "d.jsonl" });
    expect(() => otlpRequestDurations(metrics, { source: "d.jsonl" })).toThrow(
      /^d\.jsonl:1: http\.server\.duration: delta points with other bounds/,
    );
    const same = text.replace("[20]", "[10]");
    expect(otlpRequestDurations(parseOtlpMetrics(same))[0]!.buckets).toEqual([
      { leSec: 0.01, count: 2 },
      { leSec: Infinity, count: 4 },
    ]);
  });

  it("returns [] when no point matches", () => {
    const metrics = parseOtlpMetrics(fixture("stable.jsonl"));
    expect(otlpRequestDurations(metrics, { attributes: { "http.route": "/nope" } })).toEqual([]);
  });

  it("throws DataFormatError for a duration in an unknown unit, naming its line", () => {
    const line = fixture("stable.jsonl").split("\n")[0]!.replace('"unit":"s"', '"unit":"us"');
    const metrics = parseOtlpMetrics(`\n${line}`);
    expect(() => otlpRequestDurations(metrics, { source: "m.jsonl" })).toThrow(
      /^m\.jsonl:2: http\.server\.request\.duration in unknown unit "us"/,
    );
  });
});

describe("otlpActiveRequests", () => {
  it("reads http.server.active_requests per point, filtered by attributes", () => {
    const metrics = parseOtlpMetrics(fixture("stable.jsonl"));
    const points = otlpActiveRequests(metrics, { "http.request.method": "GET" });
    expect(points.map((p) => [p.timeSec - T0, p.value])).toEqual([
      [60, 2],
      [120, 5],
    ]);
    expect(otlpActiveRequests(metrics, { "http.request.method": "POST" })).toEqual([]);
  });
});
