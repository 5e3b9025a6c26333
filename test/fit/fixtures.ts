import { readFileSync } from "node:fs";
import { join } from "node:path";

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
