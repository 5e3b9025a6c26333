import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DataFormatError,
  ModelInputError,
  otlpActiveRequests,
  otlpRequestDurations,
  parseOtlpMetrics,
} from "../../src/index.js";
import { relErr } from "../helpers.js";

// Fixtures written by hand from the OTLP JSON encoding and the HTTP semantic conventions:
// see test/fixtures/otlp/README.md.
const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, "..", "fixtures", "otlp", name), "utf8");

const T0 = 1764212880; // startTimeUnixNano of the fixtures, seconds

describe("parseOtlpMetrics", () => {
  it("reads one object a line: histograms and sums, int64 strings as numbers", () => {
    const metrics = parseOtlpMetrics(fixture("stable.jsonl"));
    expect(metrics.map((m) => `${m.line} ${m.name} ${m.kind}`)).toEqual([
      "1 http.server.request.duration histogram",
      "1 http.server.active_requests sum",
      "2 http.server.request.duration histogram",
      "2 http.server.active_requests sum",
    ]);
    const h = metrics[0]!;
    expect(h.unit).toBe("s");
    expect(h.temporality).toBe("cumulative");
    expect(h.resource["service.name"]).toBe("shop");
    const items = h.histogramPoints[0]!;
    expect(items.attributes["http.route"]).toBe("/items");
    expect(items.attributes["http.response.status_code"]).toBe(200);
    expect(items.count).toBe(10);
    expect(items.bucketCounts.slice(0, 4)).toEqual([0, 2, 5, 3]);
    expect(items.explicitBounds).toHaveLength(14);
    expect(items.startTimeSec).toBe(T0);
    expect(items.timeSec).toBe(T0 + 60);
    expect(metrics[3]!.numberPoints[0]!.value).toBe(5);
  });

  it("reads a single object over several lines; delta, monotonic sums and gauges", () => {
    const metrics = parseOtlpMetrics(fixture("legacy-ms.json"));
    expect(metrics.map((m) => [m.name, m.kind, m.temporality, m.line])).toEqual([
      ["http.server.duration", "histogram", "delta", 0],
      ["process.runtime.cpython.gc_count", "sum", "cumulative", 0],
      ["process.runtime.cpython.cpu.utilization", "gauge", "unspecified", 0],
    ]);
    expect(metrics[0]!.unit).toBe("ms");
    expect(metrics[0]!.histogramPoints.map((p) => p.count)).toEqual([4, 3]);
    expect(metrics[1]!.numberPoints[0]!.value).toBe(1500);
    expect(metrics[2]!.numberPoints[0]!.value).toBe(0.25);
    expect(metrics[2]!.numberPoints[0]!.startTimeSec).toBe(0);
  });

  it("keeps the nanoseconds of a time", () => {
    const text =
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"g","gauge":{"dataPoints":' +
      '[{"timeUnixNano":"1764212880123456789","asDouble":1}]}}]}]}]}';
    const t = parseOtlpMetrics(text)[0]!.numberPoints[0]!.timeSec;
    expect(t - T0).toBeCloseTo(0.123456789, 6);
  });

  const histogramLine = (counts: string, bounds: string, count: string): string =>
    '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"http.server.request.duration",' +
    `"unit":"s","histogram":{"aggregationTemporality":2,"dataPoints":[{"timeUnixNano":"1",` +
    `"count":"${count}","sum":1,"bucketCounts":${counts},"explicitBounds":${bounds}}]}}]}]}]}`;

  it.each([
    [
      "bucketCounts not one longer than explicitBounds",
      histogramLine('["1","2"]', "[0.1,0.2]", "3"),
      /2 bucketCounts for 2 explicitBounds/,
    ],
    [
      "a count that is not the sum of bucketCounts",
      histogramLine('["1","2","3"]', "[0.1,0.2]", "7"),
      /count 7 is not the sum of bucketCounts \(6\)/,
    ],
    ["a count that is not an integer", histogramLine("[1]", "[]", "x"), /must be numbers/],
    ["a line that is not JSON", "{not json", /not a JSON object/],
    ["an object without resourceMetrics", '{"resourceSpans":[]}', /no "resourceMetrics"/],
  ])("throws DataFormatError naming source and line for %s", (_, bad, message) => {
    const good = histogramLine('["1","2","3"]', "[0.1,0.2]", "6");
    let error: unknown;
    try {
      parseOtlpMetrics(`${good}\n\n${bad}\n`, { source: "metrics.jsonl" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as DataFormatError).line).toBe(3);
    expect((error as DataFormatError).message).toMatch(/^metrics\.jsonl:3: /);
    expect((error as DataFormatError).message).toMatch(message);
  });

  it("names the text 'OTLP metrics' by default and rejects a non-string", () => {
    expect(() => parseOtlpMetrics("[]")).toThrow(/^OTLP metrics:1: no "resourceMetrics"/);
    expect(() => parseOtlpMetrics(null as never)).toThrow(ModelInputError);
  });
});

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
