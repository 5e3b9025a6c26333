import { describe, expect, it } from "vitest";
import { ModelInputError, parseK6Json, summarizeK6 } from "../../src/index.js";
import { relErr } from "../helpers.js";
import { fixtureReader } from "./fixtures.js";

// Fixtures written by hand from k6's documented formats: see test/fixtures/k6/README.md.
const fixture = fixtureReader("k6");

describe("summarizeK6", () => {
  const metrics = parseK6Json(fixture("run.ndjson"));

  it("counts, means, interpolated quantiles and throughput per name and method (by hand)", () => {
    const [get, post] = summarizeK6(metrics);
    // The run spans 03:08:00 (first vus point) to 03:08:10 (last): 10 s.
    expect(get!.method).toBe("GET");
    expect(get!.name).toBe("http://app.test/items");
    expect(get!.requests).toBe(4);
    expect(get!.spanSec).toBe(10);
    expect(relErr(get!.throughputPerSec, 0.4)).toBeLessThan(1e-15);
    expect(relErr(get!.meanSec, 0.025)).toBeLessThan(1e-14);
    // 10, 20, 30, 40 ms: p50 at rank 1.5 → 25 ms; p90 at rank 2.7 → 37 ms; p95 at 2.85 → 38.5 ms.
    expect(relErr(get!.p50Sec, 0.025)).toBeLessThan(1e-14);
    expect(relErr(get!.p90Sec, 0.037)).toBeLessThan(1e-14);
    expect(relErr(get!.p95Sec, 0.0385)).toBeLessThan(1e-14);
    expect(relErr(get!.p99Sec, 0.0397)).toBeLessThan(1e-14);
    expect(post!.method).toBe("POST");
    expect(post!.requests).toBe(1);
    expect(relErr(post!.p99Sec, 0.1)).toBeLessThan(1e-15);
    expect(relErr(post!.throughputPerSec, 0.1)).toBeLessThan(1e-15);
  });

  it("rejects a missing or non-time metric and a run at one instant", () => {
    expect(() => summarizeK6(metrics, { metric: "http_req_waiting" })).toThrow(/`metrics`/);
    expect(() => summarizeK6(metrics, { metric: "http_reqs" })).toThrow(ModelInputError);
    const instant = parseK6Json(
      '{"type":"Metric","metric":"d","data":{"type":"trend","contains":"time"}}\n' +
        '{"type":"Point","metric":"d","data":{"time":"2026-01-01T00:00:00Z","value":5}}',
    );
    expect(() => summarizeK6(instant, { metric: "d" })).toThrow(/spread over time/);
  });
});
