import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DataFormatError, parsePrometheusText, type PrometheusScrape } from "../../src/index.js";
import { thrown } from "../helpers.js";

// Fixture loading shared by the test files of the fit/ readers (one file per source file).

/** A reader of the fixture files in test/fixtures/<format>/. */
export const fixtureReader =
  (format: string) =>
  (name: string): string =>
    readFileSync(join(import.meta.dirname, "..", "fixtures", format, name), "utf8");

// Real locust 2.12.1 output, made by test/fixtures/locust/make.sh (see its README): 1 user for
// 10 s, then 4 users for 10 s, against a WSGI app on 127.0.0.1 sleeping 5 ms on "/" and 10 ms on
// "/items" (named "/items?a=1,2", which locust quotes).
const locust = fixtureReader("locust");
export const statsText = locust("two_stages_stats.csv");
export const historyText = locust("two_stages_stats_history.csv");

/** The error a call throws (fails the test when it does not throw). */
export function thrownAny(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
}

// Fixtures written by hand from the OTLP JSON encoding and the HTTP semantic conventions:
// see test/fixtures/otlp/README.md.
export const OTLP_T0 = 1764212880; // startTimeUnixNano of the fixtures, seconds

// A series of scrapes in one file: test/fixtures/prometheus/ holds real prometheus_client output
// (see its README); the series here joins its two scrapes with `# scrape at` lines.
export const readPrometheus = fixtureReader("prometheus");
export const series = `# scrape at 2026-12-02T10:00:00Z\n${readPrometheus("scrape-1.txt")}# scrape at 2026-12-02T10:00:30.5Z\n${readPrometheus("scrape-2.txt")}`;

// test/fixtures/prometheus/: real generate_latest() output of prometheus_client 0.16.0 (Debian 12)
// written by make_prometheus_fixtures.py, which also lists every observation in observed.json.
export const observed = JSON.parse(readPrometheus("observed.json")) as {
  scrape1Requests: number;
  requests: [method: string, handler: string, status: string, seconds: number][];
};
export const scrape1 = parsePrometheusText(readPrometheus("scrape-1.txt"), {
  source: "scrape-1.txt",
});
export const scrape2 = parsePrometheusText(readPrometheus("scrape-2.txt"), {
  source: "scrape-2.txt",
});
const DEFAULT_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** The histogram of a list of observations, counted here, independently of the parser. */
export function expected(requests: typeof observed.requests) {
  return {
    buckets: [...DEFAULT_BOUNDS, Infinity].map((upperBound) => ({
      upperBound,
      cumulativeCount: requests.filter((r) => r[3] <= upperBound).length,
    })),
    sum: requests.reduce((a, r) => a + r[3], 0),
    count: requests.length,
  };
}

export function family(scrape: PrometheusScrape, name: string) {
  const f = scrape.families.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name}`);
  return f;
}

export const failure = (f: () => unknown): DataFormatError => thrown(DataFormatError, f);

/** A scrape of a process that served `n` requests of 20 ms and used `cpu` seconds. */
export const scrape = (n: number, cpu: number, rss = 5e7) =>
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
