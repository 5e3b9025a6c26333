import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  calibrate,
  DataFormatError,
  ModelInputError,
  readCalibrationSource,
} from "../../src/index.js";
import { fitBuckets } from "../../src/fit/fitBuckets.js";
import { relErr } from "../helpers.js";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const read = (path: string) => readFileSync(join(fixtures, path), "utf8");

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** A scrape of one process: `n` requests spread over the default buckets as `shares` says. */
function scrape(n: number, cpu: number, sum: number, cumulative: number[]): string {
  return [
    "# TYPE process_cpu_seconds_total counter",
    `process_cpu_seconds_total ${cpu}`,
    "# TYPE process_resident_memory_bytes gauge",
    "process_resident_memory_bytes 52428800",
    "# TYPE http_request_duration_seconds histogram",
    ...BOUNDS.map(
      (le, i) => `http_request_duration_seconds_bucket{handler="/w",le="${le}"} ${cumulative[i]}`,
    ),
    `http_request_duration_seconds_bucket{handler="/w",le="+Inf"} ${n}`,
    `http_request_duration_seconds_sum{handler="/w"} ${sum}`,
    `http_request_duration_seconds_count{handler="/w"} ${n}`,
    "",
  ].join("\n");
}
// 1000 requests of mean 30 ms, 10 s of CPU: 10 ms each; counts in the default buckets.
const counts = [20, 110, 380, 780, 920, 975, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000];
const series = `# scrape at 100\n${scrape(
  0,
  5,
  0,
  BOUNDS.map(() => 0),
)}# scrape at 150\n${scrape(1000, 15, 30, counts)}`;

describe("calibrate", () => {
  const source = readCalibrationSource("m.prom", series);
  const c = calibrate([source]);
  const fit = fitBuckets({
    buckets: [...BOUNDS, Infinity].map((upperBound, i) => ({
      upperBound,
      cumulativeCount: counts[i] ?? 1000,
    })),
    sum: 30,
    count: 1000,
  });

  it("takes the CPU per request from process_cpu_seconds_total and the rest as I/O", () => {
    expect(c.app.cpuTimeSec).toBeCloseTo(0.01, 15);
    expect(c.app.ioTimeSec).toBeCloseTo(0.02, 15);
    expect(c.measured).toMatchObject({ requests: 1000, throughputPerSec: 20 });
    expect(c.measured.meanResponseTimeSec).toBeCloseTo(0.03, 15);
    expect(c.app.memory).toEqual({ processBaseBytes: 52428800 });
  });

  it("turns the histogram's fitted SCV into the bursts' SCV: Var R = s·(cpu² + io²)/B", () => {
    const scv = (fit.scv * 0.03 ** 2) / (0.01 ** 2 + 0.02 ** 2);
    expect(relErr(c.app.cpuTimeScv as number, scv)).toBeLessThan(1e-12);
    expect(c.app.ioTimeScv).toBe(c.app.cpuTimeScv);
    const u = c.uncertainty.cpuTimeScv!;
    expect(relErr(u.lower, (fit.scvInterval[0] * 0.03 ** 2) / 5e-4)).toBeLessThan(1e-12);
    expect(u.lower).toBeLessThanOrEqual(u.value);
    expect(u.upper).toBeGreaterThanOrEqual(u.value);
    expect(c.measured.quantilesFitted).toBe(true);
    expect(c.measured.quantilesSec["0.99"]).toBe(fit.quantilesSec["0.99"].estimate);
  });

  it("gives each fitted field an interval around it, the I/O's from both sources", () => {
    const r = c.uncertainty.responseTimeSec!;
    const cpu = c.uncertainty.cpuTimeSec!;
    const io = c.uncertainty.ioTimeSec!;
    expect(r.standardError).toBeCloseTo((Math.sqrt(fit.scv) * 0.03) / Math.sqrt(1000), 15);
    expect(io.standardError).toBeCloseTo(Math.hypot(r.standardError!, cpu.standardError!), 15);
    for (const f of [r, cpu, io]) {
      expect(f.lower).toBeLessThan(f.value);
      expect(f.upper).toBeGreaterThan(f.value);
      expect(f.upper - f.value).toBeCloseTo(1.6448536269514727 * f.standardError!, 8);
    }
  });

  it("says what the data could not identify and which file gave what", () => {
    expect(c.notIdentified.map((n) => n.field)).toEqual(["burstsPerRequest"]);
    expect(calibrate([source], { burstsPerRequest: 3 }).notIdentified).toEqual([]);
    expect(c.sources).toEqual([
      {
        file: "m.prom",
        format: "Prometheus scrape",
        used: expect.arrayContaining([
          "mean response time",
          "CPU per request (process_cpu_seconds_total)",
          "throughput",
        ]),
      },
    ]);
  });

  it("calibrates from a locust history's single-user stage and keeps every stage", () => {
    const c2 = calibrate([
      readCalibrationSource("h.csv", read("locust/two_stages_stats_history.csv")),
      readCalibrationSource("s.csv", read("locust/two_stages_stats.csv")),
    ]);
    expect(c2.stages.map((s) => s.users)).toEqual([1, 4]);
    expect(c2.measured.window?.what).toBe("locust stage of 1 user");
    expect(c2.measured.meanResponseTimeSec).toBe(c2.stages[0]!.client.meanResponseTimeSec);
    // Nothing gives the CPU time or the spread: said, with the values used.
    expect(c2.notIdentified.map((n) => n.field).sort()).toEqual(
      ["burstsPerRequest", "cpuTimeScv", "cpuTimeSec", "ioTimeScv"].sort(),
    );
    expect(c2.app.cpuTimeSec).toBe(c2.measured.meanResponseTimeSec);
  });

  it("warns when the times were measured with many requests in flight", () => {
    const lines = Array.from(
      { length: 100 },
      (_, i) =>
        `h - - [02/Dec/2026:10:00:0${i % 2} +0000] "GET / HTTP/1.1" 200 3 ${(0.05 + (i % 5) / 100).toFixed(3)}`,
    );
    const c3 = calibrate([readCalibrationSource("a.log", lines.join("\n"))]);
    expect(c3.measured.inFlight).toBeCloseTo(50 * 0.07, 12);
    expect(c3.warnings.join("\n")).toMatch(/3\.5 requests in flight/);
    expect(c3.notIdentified.map((n) => n.field)).toContain("cpuTimeSec");
  });

  it("takes the CPU from two ps snapshots, and warns about one", () => {
    const lines = Array.from(
      { length: 1000 },
      (_, i) =>
        `h - - [02/Dec/2026:10:00:${String(i % 60).padStart(2, "0")} +0000] "GET / HTTP/1.1" 200 3 0.0${(i % 3) + 2}0`,
    );
    const log = readCalibrationSource("a.log", lines.join("\n"));
    const before = readCalibrationSource("ps1.txt", "  PID   RSS     TIME\n 10 30000 00:00:05\n");
    const after = readCalibrationSource("ps2.txt", "  PID   RSS     TIME\n 10 30000 00:00:25\n");
    const c4 = calibrate([log, before, after]);
    expect(c4.app.cpuTimeSec).toBeCloseTo(0.02, 15);
    expect(c4.sources[1]!.used).toEqual(["CPU time before"]);
    expect(calibrate([log, before]).warnings.join()).toMatch(/one ps snapshot \(ps1\.txt\)/);
  });

  it("warns, and takes no I/O, when the CPU per request exceeds the response time", () => {
    const hot = `# scrape at 100\n${scrape(
      0,
      5,
      0,
      BOUNDS.map(() => 0),
    )}# scrape at 150\n${scrape(1000, 55, 30, counts)}`;
    const c5 = calibrate([readCalibrationSource("m.prom", hot)]);
    expect(c5.app).toMatchObject({ cpuTimeSec: 0.03, ioTimeSec: 0 });
    expect(c5.warnings.join()).toMatch(/CPU per request \(0\.05 s\) is above/);
  });

  it("refuses a unit that makes no sense, files without times, and bad options", () => {
    const tiny = 'h - - [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 3 0.000001';
    expect(() => calibrate([readCalibrationSource("a.log", tiny)])).toThrow(
      /^a\.log: a mean response time of 0\.000001 s is under 10 µs/,
    );
    const ps = readCalibrationSource("ps.txt", " 10 30000 00:00:05\n");
    expect(() => calibrate([ps])).toThrow(DataFormatError);
    expect(() => calibrate([ps])).toThrow(/^ps\.txt: no response times in these files/);
    expect(() => calibrate([])).toThrow(ModelInputError);
    expect(() => calibrate([source], { levle: 0.9 } as never)).toThrow(
      /did you mean `level`|levle/,
    );
    expect(() => calibrate([source], { level: 1 })).toThrow(/options\.level/);
    expect(() => calibrate([source], { burstsPerRequest: 0 })).toThrow(/burstsPerRequest/);
  });

  it("refuses a file of no known kind, naming it", () => {
    expect(() => readCalibrationSource("notes.txt", "hello\n")).toThrow(
      /^notes\.txt: not a file pywebperf reads/,
    );
  });
});

describe("calibrate on k6 points", () => {
  // A k6 --out json file in k6's documented layout (see test/fixtures/k6/README.md): 1 virtual
  // user for 10 s (10 requests of 20 ms), then 4 for 10 s (40 requests of 25 ms).
  const at = (sec: number) => new Date(Date.UTC(2026, 11, 2, 10) + sec * 1000).toISOString();
  const point = (metric: string, sec: number, value: number) =>
    JSON.stringify({ type: "Point", metric, data: { time: at(sec), value, tags: null } });
  const lines = [
    JSON.stringify({ type: "Metric", metric: "vus", data: { type: "gauge", contains: "default" } }),
    JSON.stringify({
      type: "Metric",
      metric: "http_req_duration",
      data: { type: "trend", contains: "time" },
    }),
    point("vus", 0, 1),
    ...Array.from({ length: 10 }, (_, i) => point("http_req_duration", i + 0.5, i % 2 ? 15 : 25)),
    point("vus", 10, 4),
    ...Array.from({ length: 40 }, (_, i) => point("http_req_duration", 10.2 + i / 4, 25)),
    point("vus", 20, 4),
  ];
  const c = calibrate([readCalibrationSource("k6.json", lines.join("\n"))]);

  it("finds the stages from the vus gauge and calibrates from the single-user one", () => {
    expect(c.stages.map((s) => [s.users, s.client.requests])).toEqual([
      [1, 10],
      [4, 40],
    ]);
    expect(c.stages[1]!.client.throughputPerSec).toBe(4);
    expect(c.measured.window?.what).toBe("k6 stage of 1 virtual user");
    expect(c.measured.meanResponseTimeSec).toBeCloseTo(0.02, 15);
    // Times of 15 and 25 ms in equal numbers: SCV (5/20)² by moments.
    expect(c.uncertainty.cpuTimeScv).toBeDefined();
  });
});
