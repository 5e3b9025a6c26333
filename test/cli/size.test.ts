import { describe, expect, it } from "vitest";
import { milliseconds } from "../../src/index.js";
import { cli, expectRefused } from "./harness.js";

// `pywebperf size`: the explanation in words, the capacity and headroom columns, the ranking,
// --machines and --prefer, and sizing on a server (--server gunicorn --worker-class gthread).

// 375 req/s of 20 ms CPU (no I/O) on 4 cores: 375 × 0.02 = 7.5 cores needed.
const busy = [
  "size",
  "--cpu-time=20ms",
  "--io-time=0",
  "--cores=4",
  "--memory=8GiB",
  "--arrival-rate=375",
  "--slo=500ms",
];

describe("pywebperf size", () => {
  it("says why nothing fits: 7.5 cores on 4, and 3 machines or 10 cores would do", async () => {
    const r = await cli(...busy);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Nothing meets the SLO on this machine.");
    // 7.5 / 4 = 187.5 % busy against 80 %.
    expect(r.stdout).toContain("The load needs 7.5 cores (375 /s × 20 ms CPU per request)");
    expect(r.stdout).toContain("187.5 % busy against at most 80 %");
    // 2 machines: 3.75 cores each = 93.75 % > 80 %; 3: 2.5 cores each = 62.5 %.
    expect(r.stdout).toContain("Machines of this size needed: 3.");
    expect(r.stdout).toContain("3 machines of this size   (--machines 3)");
    // One machine: 7.5 / 0.8 = 9.375 cores, so 10.
    expect(r.stdout).toContain("10 cores   (--cores 10)");
    // One exponential burst of 20 ms: p99 = 20 ms × ln(100) = 92.1 ms.
    expect(r.stdout).toContain("An idle server answers at p99 92.1 ms");
  });

  it("--machines least: sizes each of 3 machines and prints capacity and headroom columns", async () => {
    const r = await cli(...busy, "--machines=least");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Recommended: .* on each of 3 machines/);
    expect(r.stdout).toMatch(/deployment\s+quantile\s+cores busy\s+Σ PSS\s+capacity\s+headroom/);
    expect(r.stdout).toMatch(/Ranked by least memory \(within 2 % counts as equal\)/);
    expect(r.stdout).toContain("memory is what limits processes on most machines");
  });

  it("--prefer latency says its rule; the least SLO it suggests is met", async () => {
    const r = await cli(...busy, "--machines=3", "--prefer=latency");
    expect(r.stdout).toMatch(/Ranked by lowest quantile/);
    const tight = await cli(...busy.slice(0, -2), "--arrival-rate=100", "--slo=50ms");
    const hint = /an SLO of ([\d.]+) ms or more {3}\(--slo ([\d.]+ms)\)/.exec(tight.stdout);
    expect(hint).not.toBeNull();
    const met = await cli(...busy.slice(0, -2), "--arrival-rate=100", `--slo=${hint![2]!}`);
    expect(met.stdout).toMatch(/Recommended: /);
  });

  it.each([
    ["--machines=two", "machines"],
    ["--machines=0", "machines"],
    ["--prefer=speed", "prefer"],
    ["--kinds=gthread", "--server gunicorn --worker-class gthread"],
    ["--kinds=uvicorn", "--server uvicorn"],
    ["--worker-class=gthread", "--server"],
  ])("%s exits 2 with one line naming it", async (arg, named) => {
    await expectRefused([...busy, arg], named);
  });

  // 200 req/s of 10 ms CPU and 40 ms I/O on 4 cores: 2 cores busy, so several workers are needed.
  const light = [
    "size",
    "--cpu-time=10ms",
    "--io-time=40ms",
    "--cores=4",
    "--memory=4GiB",
    "--arrival-rate=200",
    "--slo=250ms",
  ];

  it("--server gunicorn --worker-class gthread: every row is a gunicorn gthread command", async () => {
    const r = await cli(...light, "--server=gunicorn", "--worker-class=gthread", "--app=shop.wsgi");
    expect(r.status).toBe(0);
    const run = /Run it: (.*)/.exec(r.stdout)![1]!;
    expect(run).toMatch(/^gunicorn -w \d+ -k gthread --threads \d+ shop\.wsgi$/);
    const table = r.stdout.split("\n\n")[1]!.split("\n").slice(1);
    expect(table.length).toBeGreaterThan(0);
    for (const line of table) expect(line).toMatch(/^gunicorn -w \d+ -k gthread --threads \d+ /);
  });

  it("without --server the recommendation still says the command that runs it", async () => {
    const r = await cli(...light);
    expect(r.stdout).toMatch(/Run it: \S+/);
  });

  it.each([
    [["--server=gunicorn", "--workers=4"], "--workers is what size chooses"],
    [["--server=gunicorn", "--threads=4"], "--threads is what size chooses"],
    [["--server=uvicorn", "--limit-concurrency=100"], "--limit-concurrency is what size chooses"],
    [["--server=uvicorn", "--preload"], "--preload is not a uvicorn setting"],
    [["--server=nginx"], "--server"],
    [["--threads=4"], "--threads"],
  ])("%s exits 2 with one line naming it", async (args, named) => {
    await expectRefused([...light, ...args], named);
  });
});

describe("pywebperf size: the recommendation over the splits of keep-alive connections", () => {
  it("prints the fix behind nginx with the SLO quantile over its splits, and that --reuse-port does not help", async () => {
    const args = [
      "size",
      "--server=gunicorn",
      "--worker-class=gevent",
      "--cpu-time=5ms",
      "--io-time=15ms",
      "--cores=2",
      "--memory=16GiB",
      "--arrival-rate=250",
      "--connections=64",
      "--slo=300ms",
    ];
    const r = await cli(...args);
    expect(r.status).toBe(0);
    const json = JSON.parse((await cli(...args, "--json")).stdout) as {
      recommended: {
        splits: {
          quantileSec: { p50: number; p90: number };
          evenSplitOnly: boolean;
          fixes: { quantileSec: { p50: number; p90: number }; meetsSlo: boolean }[];
        };
      };
    };
    const check = json.recommended.splits;
    const fix = check.fixes[0]!;
    expect(r.stdout).toContain(
      `Fix: nginx in front with \`keepalive 32\`: p99 over the splits ${milliseconds(check.quantileSec.p50)} → ${milliseconds(fix.quantileSec.p50)} in the median, ${milliseconds(check.quantileSec.p90)} → ${milliseconds(fix.quantileSec.p90)} in the worst tenth${fix.meetsSlo ? ", within the SLO (300 ms)" : ", still over the SLO (300 ms)"}.`,
    );
    // gevent behind nginx spreads 64 connections more evenly: the worst tenth improves.
    expect(fix.quantileSec.p90).toBeLessThan(check.quantileSec.p90);
    expect(r.stdout).toContain("gunicorn's `--reuse-port` does not help");
  });
});
