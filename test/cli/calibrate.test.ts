import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { fileLines } from "../../src/cli/lineStream.js";
import { run } from "../../src/cli/run.js";

// `pywebperf calibrate` and `pywebperf check` on real files: the lab's data set
// (data/lab-2026-12-02-calibrate, see its README) and the readers' fixtures.
const root = join(import.meta.dirname, "..", "..");
const lab = join(root, "data", "lab-2026-12-02-calibrate");
const fixtures = join(root, "test", "fixtures");
const dir = mkdtempSync(join(tmpdir(), "pywebperf-calibrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const written = new Map<string, string>();
  const progress: string[] = [];
  let clock = 0;
  const status = await run(args, {
    out: (s) => (stdout += `${s}\n`),
    err: (s) => (stderr += `${s}\n`),
    readFile: (path) => readFileSync(path, "utf8"),
    writeFile: (path, text) => written.set(path, text),
    lines: fileLines,
    progress: (line) => progress.push(line),
    // Each read of the clock is five seconds later: progress shows at the first check.
    now: () => (clock += 5000),
  });
  return { status, stdout, stderr, written, progress };
}

const history = join(lab, "locust_stats_history.csv");
const scrapes = join(lab, "metrics.prom");
const log = join(lab, "access.txt.gz");
const gthread = ["--worker-class", "gthread", "--workers", "1", "--threads", "4", "--cores", "2"];

describe("pywebperf calibrate", () => {
  it("prints what was measured, the profile with intervals, and what was not identified", async () => {
    const r = await cli("calibrate", history, scrapes);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Calibration window: the locust stage of 1 user/);
    expect(r.stdout).toMatch(/cpuTimeSec\s+\d+(\.\d+)? ms\s+\[\d/);
    expect(r.stdout).toMatch(/burstsPerRequest = 1: none of these files counts/);
    expect(r.stdout).toContain("metrics.prom (Prometheus scrape): ");
  });

  it("--json gives an app that deploy takes, uncertainty, measured, sources and warnings", async () => {
    const r = await cli(
      "calibrate",
      history,
      scrapes,
      log,
      "--log-format",
      "gunicorn-%(D)s",
      "--json",
    );
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining(["app", "uncertainty", "measured", "sources", "warnings"]),
    );
    expect(j.measured.quantilesSec).toHaveProperty("0.99");
    expect(j.measured.throughputPerSec).toBeGreaterThan(0);
    expect(j.sources.map((s: { format: string }) => s.format)).toEqual([
      "locust _stats_history.csv",
      "Prometheus scrape",
      "access log",
    ]);
    const deploy = await cli(
      "deploy",
      "--kind=daemon",
      "--processes=1",
      "--threads=4",
      `--cpu-time=${j.app.cpuTimeSec}`,
      `--io-time=${j.app.ioTimeSec}`,
      `--cpu-scv=${j.app.cpuTimeScv}`,
      `--io-scv=${j.app.ioTimeScv}`,
      "--cores=2",
      "--memory=4GiB",
      "--clients=1",
      "--think-time=50ms",
    );
    expect(deploy.status).toBe(0);
  });

  it("streams a gzipped access log, with progress on stderr when it takes a while", async () => {
    const lines = readFileSync(join(fixtures, "gunicorn-access.txt"), "utf8").trim().split("\n");
    const big = join(dir, "big.txt.gz");
    const many = Array.from({ length: 70_000 }, (_, i) => lines[i % lines.length]).join("\n");
    writeFileSync(big, gzipSync(many));
    const r = await cli("calibrate", big, "--log-format", "gunicorn-%(D)s", "--json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).measured.requests).toBe(70_000);
    expect(r.progress[0]).toMatch(/big\.txt\.gz: 65,536 lines read/);
    expect(r.progress.at(-1)).toBe("");
  });

  it("names the file and line of what it cannot read, in one line, status 2", async () => {
    const unitless = await cli("calibrate", log);
    expect(unitless.status).toBe(2);
    expect(unitless.stderr).toMatch(
      /^pywebperf: .*access\.txt\.gz:1: the response time \d+ has no unit/,
    );
    const notes = join(dir, "notes.txt");
    writeFileSync(notes, "hello\n");
    expect((await cli("calibrate", notes)).stderr).toMatch(
      /notes\.txt: not a file pywebperf reads/,
    );
    const truncated = join(dir, "cut.txt.gz");
    writeFileSync(
      truncated,
      gzipSync(readFileSync(join(fixtures, "gunicorn-access.txt"))).subarray(0, 60),
    );
    expect((await cli("calibrate", truncated)).stderr).toMatch(
      /cannot read .*cut\.txt\.gz: gzip: /,
    );
    const reset = join(dir, "reset.prom");
    const one = (n: number) =>
      `# TYPE http_request_duration_seconds histogram\nhttp_request_duration_seconds_bucket{le="+Inf"} ${n}\nhttp_request_duration_seconds_sum ${n / 40}\nhttp_request_duration_seconds_count ${n}\n`;
    writeFileSync(reset, `# scrape at 100\n${one(50)}# scrape at 110\n${one(5)}`);
    expect((await cli("calibrate", reset)).stderr).toMatch(/reset\.prom:\d+: .*counter reset/);
    expect((await cli("calibrate", join(dir, "missing.csv"))).stderr).toMatch(
      /cannot read .*missing\.csv/,
    );
    const cut = join(dir, "cut.csv");
    writeFileSync(cut, readFileSync(history, "utf8").slice(0, 3000));
    expect((await cli("calibrate", cut)).stderr).toMatch(
      /cut\.csv:\d+: 1 fields where the header has 24/,
    );
    const empty = join(dir, "empty.prom");
    writeFileSync(empty, one(0));
    expect((await cli("calibrate", empty)).stderr).toMatch(/empty\.prom:1: .*an empty histogram/);
    const mixed = join(dir, "mixed.log");
    const line = (t: string) => `h - - [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 3 ${t}`;
    writeFileSync(mixed, `${line("0.020")}\n${line("21000")}\n`);
    expect((await cli("calibrate", mixed)).stderr).toMatch(
      /mixed\.log:2: the response time 21000 has no unit/,
    );
    expect((await cli("calibrate")).stderr).toMatch(/give the files to read/);
    expect((await cli("calibrate", history, "--lable", "a=b")).stderr).toMatch(
      /unknown option --lable/,
    );
    expect((await cli("calibrate", history, "--label", "ab")).stderr).toMatch(
      /--label must be name=value/,
    );
  });

  it("--help says how", async () => {
    const r = await cli("calibrate", "--help");
    expect(r.stdout).toMatch(/Usage: pywebperf calibrate FILE/);
  });
});

describe("pywebperf check", () => {
  it("lines the locust stages up with the model and writes the chart", async () => {
    const chart = join(dir, "check.svg");
    const r = await cli(
      "check",
      history,
      scrapes,
      "--wait-time",
      "50ms",
      ...gthread,
      "--bursts",
      "2",
      "--chart",
      chart,
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/gunicorn -w 1 -k gthread --threads 4 app:app on 2 cores/);
    for (const users of [1, 2, 4, 8, 16])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${users}\\s+\\d+`, "m"));
    expect(r.stdout).toMatch(/inside the interval: \d+(\.\d+)? % of the measured figures/);
    expect(r.written.get(chart)).toMatch(/^<svg/);
  });

  it("asks for the wait time and the server in gunicorn's words", async () => {
    expect((await cli("check", history, scrapes, ...gthread)).stderr).toMatch(
      /check needs --wait-time: load-test users wait/,
    );
    expect((await cli("check", history, "--wait-time", "0", "--cores", "2")).stderr).toMatch(
      /--worker-class/,
    );
    const noStages = await cli("check", scrapes, "--wait-time", "0", ...gthread);
    expect(noStages.stderr).toMatch(/give the locust _stats_history\.csv/);
    const wrong = await cli(
      "check",
      history,
      scrapes,
      "--wait-time",
      "0",
      ...gthread.slice(0, 6),
      "--cores",
      "2",
      "--worker-class",
      "x",
    );
    expect(wrong.status).toBe(2);
  });
});
