import { describe, expect, it } from "vitest";
import { ModelInputError, parsePrometheusScrapes, scrapeWindow } from "../../src/index.js";
import { observed, scrape, series } from "./fixtures.js";

describe("scrapeWindow", () => {
  it("counts the requests, histogram and rate between the first and last scrape", () => {
    const w = scrapeWindow(parsePrometheusScrapes(series));
    const later = observed.requests.slice(observed.scrape1Requests);
    expect(w.requests).toBe(later.length);
    expect(w.throughputPerSec).toBeCloseTo(later.length / 30.5, 12);
    const sum = later.reduce((a, r) => a + r[3], 0);
    expect(w.histogram.sum).toBeCloseTo(sum, 9);
    expect(w.scrapes).toBe(2);
  });

  it("filters the histogram by labels but counts every request for the CPU per request", () => {
    const w = scrapeWindow(parsePrometheusScrapes(series), { labels: { handler: "/items" } });
    const later = observed.requests.slice(observed.scrape1Requests);
    expect(w.histogram.count).toBe(later.filter((r) => r[1] === "/items").length);
    expect(w.requests).toBe(later.length);
  });

  it("gives the CPU per request and its standard error from the scrape intervals", () => {
    // 100 requests each 10 s, CPU 1.0, 1.2, 0.8, 1.0 s: ratio 0.01, spread of the ratio estimate.
    const cpu = [0, 1, 2.2, 3, 4];
    const text = cpu.map((c, k) => `# scrape at ${100 + 10 * k}\n${scrape(100 * k, c)}`).join("");
    const w = scrapeWindow(parsePrometheusScrapes(text));
    expect(w.cpuSecPerRequest!.value).toBeCloseTo(0.01, 15);
    // Residuals 0, 0.2, −0.2, 0 s over 4 intervals of 100 requests: √(0.08/12)/100, with the
    // resolution of the 10 ms ticks, 0.01·√2/√12/400, added in quadrature.
    const spread = Math.sqrt(0.08 / 12) / 100;
    const tick = (0.01 * Math.SQRT2) / Math.sqrt(12) / 400;
    expect(w.cpuSecPerRequest!.standardError).toBeCloseTo(Math.hypot(spread, tick), 15);
    expect(w.residentMemoryBytes).toBe(5e7);
    expect(w.throughputPerSec).toBe(10);
  });

  it("takes the scrapes inside a time window only", () => {
    const text = [0, 1, 2, 3].map((k) => `# scrape at ${100 + 10 * k}\n${scrape(50 * k * k, k)}`);
    const w = scrapeWindow(parsePrometheusScrapes(text.join("")), { fromSec: 110, toSec: 120 });
    expect(w.requests).toBe(200 - 50);
    expect([w.fromSec, w.toSec]).toEqual([110, 120]);
  });

  it("counts a single scrape from the process start", () => {
    const w = scrapeWindow(parsePrometheusScrapes(scrape(40, 0.8)));
    expect(w.requests).toBe(40);
    expect(w.cpuSecPerRequest!.value).toBeCloseTo(0.02, 15);
    expect(w.throughputPerSec).toBeUndefined();
  });

  it("names file and line for a counter reset, an empty window and no request", () => {
    const reset = `# scrape at 100\n${scrape(50, 2)}# scrape at 110\n${scrape(10, 0.1)}`;
    expect(() => scrapeWindow(parsePrometheusScrapes(reset, { source: "m.prom" }))).toThrow(
      /^m\.prom:\d+: .*decreased .*counter reset/,
    );
    const two = `# scrape at 100\n${scrape(5, 1)}# scrape at 110\n${scrape(5, 1)}`;
    expect(() => scrapeWindow(parsePrometheusScrapes(two, { source: "m.prom" }))).toThrow(
      /^m\.prom:\d+: http_request_duration_seconds counted no request/,
    );
    expect(() => scrapeWindow(parsePrometheusScrapes(two), { fromSec: 500 })).toThrow(
      /no scrape in the window/,
    );
    expect(() => scrapeWindow(parsePrometheusScrapes(two), { form: 1 } as never)).toThrow(
      ModelInputError,
    );
  });
});
