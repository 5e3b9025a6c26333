import { describe, expect, it } from "vitest";
import { DataFormatError, ModelInputError, parseOtlpMetrics } from "../../src/index.js";
import { fixtureReader, OTLP_T0 as T0 } from "./fixtures.js";

// Fixtures written by hand from the OTLP JSON encoding and the HTTP semantic conventions:
// see test/fixtures/otlp/README.md.
const fixture = fixtureReader("otlp");

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
