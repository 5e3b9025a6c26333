import { describe, expect, it } from "vitest";
import { parsePrometheusText, scrapeDelta, selectHistogram } from "../../src/index.js";
import { relErr } from "../helpers.js";
import { expected, failure, family, observed, scrape1, scrape2 } from "./fixtures.js";

describe("scrapeDelta", () => {
  const delta = scrapeDelta(scrape1, scrape2);
  const later = observed.requests.slice(observed.scrape1Requests);

  it("gives the requests between the scrapes alone", () => {
    expect(delta.source).toBe("scrape-2.txt − scrape-1.txt");
    expect(delta.families.map((f) => f.name)).toEqual([
      "http_request_duration_seconds",
      "http_requests_total",
      "app_errors_total",
    ]);
    const merged = selectHistogram(delta);
    const want = expected(later);
    expect(merged.buckets).toEqual(want.buckets);
    expect(merged.count).toBe(want.count);
    expect(relErr(merged.sum, want.sum)).toBeLessThan(1e-9);
    expect(family(delta, "app_errors_total").samples[0]!.value).toBe(1);
  });

  it("counts a series that is new in the later scrape from zero", () => {
    const a = parsePrometheusText('# TYPE r_total counter\nr_total{s="200"} 4\n');
    const b = parsePrometheusText(
      '# TYPE r_total counter\nr_total{s="200"} 6\nr_total{s="500"} 1\n',
    );
    expect(scrapeDelta(a, b).families[0]!.samples.map((s) => s.value)).toEqual([2, 1]);
  });

  it("refuses a counter reset, naming the series and its line", () => {
    const e = failure(() => scrapeDelta(scrape2, scrape1));
    expect(e.source).toBe("scrape-1.txt");
    // Line 4 of scrape-1.txt, POST /items le="0.01", is the first series lower than in scrape-2.txt.
    expect(e.line).toBe(4);
    expect(e.message).toBe(
      'scrape-1.txt:4: http_request_duration_seconds_bucket{handler="/items",le="0.01",method="POST"} decreased from 1 to 0 since scrape-2.txt: a counter reset (restart?)',
    );
  });

  it("refuses a series that disappeared", () => {
    const a = parsePrometheusText('# TYPE r_total counter\nr_total{s="200"} 4\n', { source: "a" });
    const b = parsePrometheusText("# TYPE r_total counter\n", { source: "b" });
    expect(() => scrapeDelta(a, b)).toThrow(/^b: r_total\{s="200"\} of a is missing/);
  });
});
