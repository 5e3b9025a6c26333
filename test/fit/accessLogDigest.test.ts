import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  accessLogDigester,
  accessLogWindow,
  DataFormatError,
  MAX_ENDPOINTS,
  parseAccessLog,
  summarizeAccessLog,
  type AccessLogFormat,
} from "../../src/index.js";
import { relErr } from "../helpers.js";

// test/fixtures/access-logs/gunicorn-times.txt: a real gunicorn log with %(D)s %(L)s %(M)s (see
// make-gunicorn.sh); test/fixtures/gunicorn-access.txt: a real gunicorn log with %(D)s last.
const fixtures = join(import.meta.dirname, "..", "fixtures");
const log = readFileSync(join(fixtures, "gunicorn-access.txt"), "utf8");

function digest(text: string, format?: AccessLogFormat | string) {
  const d = accessLogDigester(format, { source: "a.log" });
  text.split("\n").forEach((line, i) => d.add(line, i + 1));
  return d.digest();
}

describe("accessLogDigester", () => {
  const { entries } = parseAccessLog(log, "gunicorn-%(D)s");
  const whole = summarizeAccessLog(entries);
  const d = digest(log, "gunicorn-%(D)s");

  it("agrees with parseAccessLog and summarizeAccessLog on a real log", () => {
    expect(d.requests).toBe(entries.length);
    const w = accessLogWindow(d);
    expect(w.requests).toBe(whole.requests);
    expect(w.spanSec).toBe(whole.spanSec);
    expect(relErr(w.meanResponseTimeSec, whole.meanResponseTimeSec)).toBeLessThan(1e-12);
    // summarizeAccessLog's SCV divides by n − 1, the window's by n.
    const n = whole.requests;
    expect(relErr(w.scv, (whole.responseTimeScv * (n - 1)) / n)).toBeLessThan(1e-9);
  });

  it("gives the quantiles to half a bin (0.5 %) of the sorted times'", () => {
    const sorted = entries.map((e) => e.responseTimeSec).sort((a, b) => a - b);
    for (const p of ["0.5", "0.9", "0.99"]) {
      const exact = sorted[Math.ceil(Number(p) * sorted.length) - 1]!;
      expect(relErr(d.quantilesSec[p]!, exact)).toBeLessThan(0.0051);
    }
  });

  it("counts the endpoints (method and path without the query) and the busiest minute", () => {
    const byEndpoint = new Map<string, number>();
    for (const e of entries) {
      const k = `${e.method} ${e.path}`;
      byEndpoint.set(k, (byEndpoint.get(k) ?? 0) + 1);
    }
    expect(new Map(d.endpoints.map((e) => [e.endpoint, e.requests]))).toEqual(byEndpoint);
    expect(d.endpoints.reduce((a, e) => a + e.share, 0)).toBeCloseTo(1, 12);
    const perMinute = new Map<number, number>();
    for (const e of entries) {
      const m = Math.floor(e.timeSec / 60) * 60;
      perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
    }
    expect(d.peakMinute.requests).toBe(Math.max(...perMinute.values()));
  });

  it("gives a window's figures from its seconds alone", () => {
    const from = d.firstSec;
    const inside = entries.filter((e) => Math.floor(e.timeSec) === from);
    const w = accessLogWindow(d, from, from);
    expect(w.requests).toBe(inside.length);
    const mean = inside.reduce((a, e) => a + e.responseTimeSec, 0) / inside.length;
    expect(relErr(w.meanResponseTimeSec, mean)).toBeLessThan(1e-12);
    expect(() => accessLogWindow(d, d.lastSec + 10)).toThrow(/a time span with requests in a\.log/);
  });

  it("estimates the SCV's standard error from the fourth moment", () => {
    // Two values a and b in equal numbers (n of them): SCV = ((a−b)/(a+b))², and its spread
    // from the delta method, computed here from the central moments of the two-point law.
    const n = 2000;
    const lines = Array.from(
      { length: n },
      (_, i) =>
        `h - - [27/Nov/2026:03:48:21 +0000] "GET / HTTP/1.1" 200 3 ${i % 2 ? "0.010" : "0.030"}`,
    );
    const w = accessLogWindow(digest(lines.join("\n")));
    expect(w.scv).toBeCloseTo(0.25, 12);
    // m = 0.02, v = 1e-4, μ₃ = 0, μ₄ = 1e-8: Var = (1/m⁴)(μ₄ − v²)/n + (4v²/m⁶)(v/n) = 4v³/(m⁶n).
    const m = 0.02;
    const v = 1e-4;
    expect(w.scvStandardError).toBeCloseTo(Math.sqrt((4 * v ** 3) / (m ** 6 * n)), 9);
  });

  it("lumps the paths past MAX_ENDPOINTS into (other)", () => {
    const lines = Array.from(
      { length: MAX_ENDPOINTS + 5 },
      (_, i) => `h - - [27/Nov/2026:03:48:21 +0000] "GET /item/${i} HTTP/1.1" 200 3 0.010`,
    );
    const d2 = digest(lines.join("\n"));
    expect(d2.endpoints).toHaveLength(MAX_ENDPOINTS + 1);
    expect(d2.endpoints[0]).toMatchObject({ endpoint: "(other)", requests: 5 });
  });

  it("refuses what parseAccessLog refuses, naming the line", () => {
    const d2 = accessLogDigester(undefined, { source: "x.log" });
    expect(() => d2.add(log.split("\n")[0]!, 7)).toThrow(
      /^x\.log:7: the response time 12465 has no unit/,
    );
    const d3 = accessLogDigester("gunicorn-%(D)s", { source: "y.log" });
    d3.add("not a log line", 1);
    expect(() => d3.digest()).toThrow(DataFormatError);
  });
});
