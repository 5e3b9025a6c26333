import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DataFormatError,
  ModelInputError,
  parsePrometheusScrapes,
  scrapeWindow,
} from "../../src/index.js";
import { thrown } from "../helpers.js";

// A series of scrapes in one file: test/fixtures/prometheus/ holds real prometheus_client output
// (see its README); the series here joins its two scrapes with `# scrape at` lines.
const dir = join(import.meta.dirname, "..", "fixtures", "prometheus");
const read = (name: string): string => readFileSync(join(dir, name), "utf8");
const observed = JSON.parse(read("observed.json")) as {
  scrape1Requests: number;
  requests: [string, string, string, number][];
};
const series = `# scrape at 2026-12-02T10:00:00Z\n${read("scrape-1.txt")}# scrape at 2026-12-02T10:00:30.5Z\n${read("scrape-2.txt")}`;

/** A scrape of a process that served `n` requests of 20 ms and used `cpu` seconds. */
const scrape = (n: number, cpu: number, rss = 5e7) =>
  [
    "# TYPE process_cpu_seconds_total counter",
    `process_cpu_seconds_total ${cpu}`,
    "# TYPE process_resident_memory_bytes gauge",
    `process_resident_memory_bytes ${rss}`,
    "# TYPE http_request_duration_seconds histogram",
    `http_request_duration_seconds_bucket{handler="/a",le="0.025"} ${n}`,
    `http_request_duration_seconds_bucket{handler="/a",le="+Inf"} ${n}`,
    `http_request_duration_seconds_sum{handler="/a"} ${n * 0.02}`,
    `http_request_duration_seconds_count{handler="/a"} ${n}`,
    "",
  ].join("\n");

describe("parsePrometheusScrapes", () => {
  it("splits a series at its # scrape at lines, with times and the file's line numbers", () => {
    const scrapes = parsePrometheusScrapes(series, { source: "series.prom" });
    expect(scrapes.map((s) => s.atSec)).toEqual([
      Date.UTC(2026, 11, 2, 10, 0, 0) / 1000,
      Date.UTC(2026, 11, 2, 10, 0, 30, 500) / 1000,
    ]);
    const lines = series.split("\n");
    const second = scrapes[1]!;
    expect(lines[second.line - 1]).toMatch(/^# scrape at/);
    for (const f of second.scrape.families) {
      for (const s of f.samples) expect(lines[s.line - 1]!.startsWith(s.name)).toBe(true);
    }
  });

  it("reads a file without # scrape at lines as one scrape at an unknown time", () => {
    const scrapes = parsePrometheusScrapes(read("scrape-1.txt"));
    expect(scrapes).toHaveLength(1);
    expect(scrapes[0]!.atSec).toBeUndefined();
    expect(scrapes[0]!.line).toBe(1);
  });

  it("names the file's line of an error inside the second scrape", () => {
    const text = `# scrape at 100\n${scrape(1, 1)}# scrape at 110\nup 1\nbad line{\n`;
    const e = thrown(DataFormatError, () => parsePrometheusScrapes(text, { source: "s.prom" }));
    expect(e.line).toBe(text.split("\n").indexOf("bad line{") + 1);
    expect(e.message).toMatch(/^s\.prom:\d+: /);
  });

  it("refuses a time that is not one, scrapes out of order, samples before the first time", () => {
    expect(() => parsePrometheusScrapes("# scrape at yesterday\nup 1\n")).toThrow(
      /:1: "yesterday" is not a time/,
    );
    expect(() => parsePrometheusScrapes("# scrape at 200\nup 1\n# scrape at 100\nup 1\n")).toThrow(
      /:3: this scrape is earlier/,
    );
    expect(() => parsePrometheusScrapes("up 1\n# scrape at 100\nup 1\n")).toThrow(
      /:1: samples before the first # scrape at/,
    );
    expect(() => parsePrometheusScrapes("\n\n")).toThrow(/no Prometheus sample/);
    expect(() => parsePrometheusScrapes("up 1", { source: "" })).toThrow(ModelInputError);
  });
});

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
