import { describe, expect, it } from "vitest";
import { DataFormatError, ModelInputError, parseK6Json } from "../../src/index.js";
import { relErr } from "../helpers.js";
import { fixtureReader } from "./fixtures.js";

// Fixtures written by hand from k6's documented formats: see test/fixtures/k6/README.md.
const fixture = fixtureReader("k6");

const T0 = Date.UTC(2026, 10, 27, 3, 8, 0) / 1000;

describe("parseK6Json", () => {
  const metrics = parseK6Json(fixture("run.ndjson"));

  it("reads every metric with its type and points", () => {
    expect(Object.keys(metrics).sort()).toEqual(["http_req_duration", "http_reqs", "vus"]);
    expect(metrics.http_req_duration!.type).toBe("trend");
    expect(metrics.http_req_duration!.contains).toBe("time");
    expect(metrics.http_reqs!.type).toBe("counter");
    expect(metrics.http_req_duration!.points).toHaveLength(5);
    expect(metrics.http_reqs!.points).toHaveLength(5);
    expect(metrics.vus!.points.map((p) => p.value)).toEqual([2, 0]);
  });

  it("converts time values from ms to seconds and keeps counters as written", () => {
    const seconds = metrics.http_req_duration!.points.map((p) => p.value);
    [0.01, 0.02, 0.1, 0.03, 0.04].forEach((v, i) => {
      expect(relErr(seconds[i]!, v)).toBeLessThan(1e-15);
    });
    expect(metrics.http_reqs!.points.every((p) => p.value === 1)).toBe(true);
  });

  it("reads RFC 3339 times with offsets and nanoseconds as seconds since the epoch", () => {
    const times = metrics.http_req_duration!.points.map((p) => p.timeSec - T0);
    // 05:08:02.25 at +02:00 is 03:08:02.25 UTC.
    expect(times).toEqual([1, 2.25, 4.5, 6, 9]);
    expect(metrics.vus!.points[0]!.timeSec).toBe(T0);
  });

  it("keeps the tags; null tags become {}", () => {
    const p = metrics.http_req_duration!.points[2]!;
    expect(p.tags.method).toBe("POST");
    expect(p.tags.status).toBe("201");
    expect(p.tags.name).toBe("http://app.test/items");
    expect(metrics.vus!.points[0]!.tags).toEqual({});
  });

  const metricLine =
    '{"type":"Metric","metric":"http_req_duration","data":{"type":"trend","contains":"time"}}';
  const point = (data: string): string =>
    `{"type":"Point","metric":"http_req_duration","data":${data}}`;

  it.each([
    ["a line that is not JSON", `${metricLine}\n\nnot json`, 3, /not a JSON object/],
    [
      "a Point before its Metric",
      point('{"time":"2026-01-01T00:00:00Z","value":1,"tags":null}'),
      1,
      /before its Metric line/,
    ],
    [
      "a Point without a value",
      `${metricLine}\n${point('{"time":"2026-01-01T00:00:00Z","tags":null}')}`,
      2,
      /"value"/,
    ],
    [
      "a Point with a bad time",
      `${metricLine}\n${point('{"time":"yesterday","value":1}')}`,
      2,
      /"time"/,
    ],
    ["a line without data", '{"type":"Metric","metric":"x"}', 1, /"data"/],
    ["a line without a metric name", '{"type":"Metric","data":{"type":"trend"}}', 1, /"metric"/],
    [
      "an unknown metric type",
      '{"type":"Metric","metric":"x","data":{"type":"histo"}}',
      1,
      /"type"/,
    ],
    ["an unknown line type", '{"type":"Sample","metric":"x","data":{}}', 1, /"type"/],
  ])("throws DataFormatError naming source and line for %s", (_, text, line, message) => {
    let error: unknown;
    try {
      parseK6Json(text, { source: "run.ndjson" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataFormatError);
    expect((error as DataFormatError).source).toBe("run.ndjson");
    expect((error as DataFormatError).line).toBe(line);
    expect((error as DataFormatError).message).toMatch(new RegExp(`^run\\.ndjson:${line}: `));
    expect((error as DataFormatError).message).toMatch(message);
  });

  it("reads metrics and tags named __proto__ or constructor as plain names", () => {
    const text = ["__proto__", "constructor"]
      .map(
        (name) =>
          `{"type":"Metric","metric":"${name}","data":{"type":"counter","contains":"default"}}\n` +
          `{"type":"Point","metric":"${name}","data":{"time":"2026-01-01T00:00:00Z","value":3,"tags":{"__proto__":"x"}}}`,
      )
      .join("\n");
    const metrics = parseK6Json(text);
    expect(Object.keys(metrics)).toEqual(["__proto__", "constructor"]);
    expect(metrics["constructor"]!.points[0]!.value).toBe(3);
    expect(Object.keys(metrics["constructor"]!.points[0]!.tags)).toEqual(["__proto__"]);
    expect(() =>
      parseK6Json(
        '{"type":"Point","metric":"constructor","data":{"time":"2026-01-01T00:00:00Z","value":1}}',
      ),
    ).toThrow(/before its Metric line/);
  });

  it("names the text 'k6 output' by default and rejects a non-string", () => {
    expect(() => parseK6Json("{")).toThrow(/^k6 output:1: /);
    expect(() => parseK6Json(42 as never)).toThrow(ModelInputError);
  });
});
