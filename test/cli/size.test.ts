import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";

// `pywebperf size`: the explanation in words, the capacity and headroom columns, the ranking,
// --machines and --prefer, run in process. `size` reads and writes no file.
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const noFiles = (path: string): never => {
    throw new Error(`size touched ${path}`);
  };
  const status = await run(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    readFile: noFiles,
    writeFile: noFiles,
  });
  return { status, stdout: out.join("\n"), stderr: err.join("\n") };
}

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
  ])("%s exits 2 with one line naming it", async (arg, named) => {
    const r = await cli(...busy, arg);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(named);
  });
});
