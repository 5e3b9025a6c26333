import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/index.js";

const fixtures = join(import.meta.dirname, "..", "fixtures");

describe("detectFormat", () => {
  const head = (path: string) => readFileSync(join(fixtures, path), "utf8").slice(0, 65536);
  it.each([
    ["locust/two_stages_stats.csv", "locust-stats"],
    ["locust/two_stages_stats_history.csv", "locust-history"],
    ["k6/run.ndjson", "k6-json"],
    ["k6/summary.json", "k6-summary"],
    ["otlp/stable.jsonl", "otlp-json"],
    ["otlp/legacy-ms.json", "otlp-json"],
    ["prometheus/scrape-1.txt", "prometheus"],
    ["access-logs/gunicorn-times.txt", "access-log"],
    ["gunicorn-access.txt", "access-log"],
  ])("knows %s as %s", (path, format) => {
    expect(detectFormat(head(path))).toBe(format);
  });

  it("knows ps tables, a bare exposition and a series of scrapes; nothing else", () => {
    expect(detectFormat("  PID   RSS     TIME\n 4242 30512 00:01:05\n")).toBe("ps");
    expect(detectFormat(" 4242 30512 00:01:05\n")).toBe("ps");
    expect(detectFormat('up{job="a"} 1\n')).toBe("prometheus");
    expect(detectFormat("# scrape at 100\nup 1\n")).toBe("prometheus");
    expect(detectFormat("hello world\n")).toBeUndefined();
    expect(detectFormat('{"a": 1}')).toBeUndefined();
    expect(detectFormat("")).toBeUndefined();
  });
});
