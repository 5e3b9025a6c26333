import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./harness.js";

// `cli` runs the command line in this process, as `pywebperf` would with these arguments;
// test/cli/main.test.ts runs the built command itself.

describe("pywebperf CLI", () => {
  it("runs the built-in example with no arguments", async () => {
    const r = await cli();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("built-in example");
    expect(r.stdout).toMatch(/2\s+80 %\s+55\.56 ms/); // M/M/2 at 80 req/s × 20 ms: R = 55.56 ms
  });

  it("prints an M/M/c table in milliseconds, with percentiles", async () => {
    const r = await cli("mmc", "--arrival-rate", "80", "--service-time", "0.02", "--servers", "2");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/mean response time\s+55\.56 ms/);
    expect(r.stdout).toMatch(/p99 response time\s+\d+(\.\d+)? ms/);
  });

  it("prints JSON for tools", async () => {
    const r = await cli("mmc", "--arrival-rate=80", "--service-time=20ms", "--servers=2", "--json");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as {
      meanWaitSec: number;
      responseTimeQuantilesSec: { p99: number };
    };
    expect(json.meanWaitSec).toBeCloseTo(0.035555555555555556, 15);
    expect(json.responseTimeQuantilesSec.p99).toBeGreaterThan(0.2);
  });

  it("prints help for each command", async () => {
    for (const c of [
      "mm1",
      "mmc",
      "mminf",
      "mmck",
      "finite-source",
      "mg1",
      "ggc",
      "erlang-b",
      "erlang-c",
      "little",
      "deploy",
      "size",
    ]) {
      const r = await cli(c, "--help");
      expect(r.status, c).toBe(0);
      expect(r.stdout, c).toContain(`pywebperf ${c}`);
    }
    expect((await cli("--help")).stdout).toContain("Commands:");
  });

  it.each([
    [
      ["mmc", "--arrival-rate", "80", "--service-time", "20ms", "--servers", "2.5"],
      /servers.*2\.5/,
    ],
    [["mmc", "--arrival-rate", "80", "--servers", "2"], /needs --service-time/],
    [
      ["mmc", "--arrival-rate", "abc", "--service-time", "1", "--servers", "2"],
      /--arrival-rate must be a number/,
    ],
    [["mmc", "--bogus", "1"], /no option --bogus/],
    [["nope"], /unknown command 'nope'/],
    [
      ["mm1", "--service-time", "20 parsecs", "--arrival-rate", "1"],
      /--service-time must be a time/,
    ],
  ])("a user error prints one line and exits 2: %s", async (args, message) => {
    const r = await cli(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it("reports overload as an answer", async () => {
    const r = await cli("mmc", "--arrival-rate", "200", "--service-time", "20ms", "--servers", "2");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/stable\s+no/);
    expect(r.stdout).toMatch(/mean response time\s+∞/);
  });

  it("shows Little's law with units", async () => {
    expect((await cli("little", "--arrival-rate", "17", "--in-flight", "4")).stdout).toMatch(
      /responseTimeSec\s+235\.3 ms/,
    );
  });

  it("deploy: a Python deployment as a table, the same numbers as evaluateDeployment in JSON", async () => {
    const args = [
      "deploy",
      "--kind=prefork",
      "--processes=1",
      "--cpu-time=20ms",
      "--io-time=0",
      "--cores=1",
      "--memory=1GiB",
      "--arrival-rate=35",
    ];
    const r = await cli(...args);
    expect(r.status).toBe(0);
    // One single-threaded process, 20 ms of CPU, 35 req/s: M/M/1, R = 0.02/(1 − 0.7) = 66.67 ms.
    expect(r.stdout).toMatch(/pywebperf deploy — exact/);
    expect(r.stdout).toMatch(/mean response time\s+66\.67 ms/);
    expect(r.stdout).toMatch(/capacity\s+50 \/s/);
    const json = JSON.parse((await cli(...args, "--json")).stdout) as {
      meanResponseTimeSec: number;
      responseTimeQuantilesSec: { p99: number };
    };
    expect(json.meanResponseTimeSec).toBeCloseTo(0.0666666666666667, 14);
    expect(json.responseTimeQuantilesSec.p99).toBeCloseTo(Math.log(100) / 15, 12); // M/M/1: ln(100)/(μ − λ)
  });

  it("size: recommends a deployment and places the rules of thumb", async () => {
    const r = await cli(
      "size",
      "--cpu-time=10ms",
      "--io-time=40ms",
      "--cores=2",
      "--memory=2GiB",
      "--arrival-rate=100",
      "--slo=250ms",
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Recommended: /);
    expect(r.stdout).toMatch(/prefork, 5 processes\s+overload/); // (2 × 2) + 1 sync workers saturate
  });

  it.each([
    ["an unknown kind", ["deploy", "--kind=forked", "--clients=3"], "deployment.kind"],
    [
      "a size without a unit it knows",
      ["size", "--memory=lots", "--arrival-rate=1", "--slo=1s"],
      "--memory",
    ],
    ["no load", ["deploy", "--kind=threaded"], "--arrival-rate or --clients"],
  ])("deploy and size: %s exits 2 with one line naming it", async (_name, args, named) => {
    const base = ["--cpu-time=1ms", "--io-time=0", "--cores=1"];
    const memory = args.some((a) => a.startsWith("--memory")) ? [] : ["--memory=1GiB"];
    const r = await cli(...args, ...base, ...memory);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(named);
  });

  describe("plan", () => {
    const dir = mkdtempSync(join(tmpdir(), "pywebperf-plan-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const scenario = join(dir, "shop.yaml");
    writeFileSync(
      scenario,
      [
        "description: a small shop",
        "stack:",
        "  tiers:",
        "    - { kind: http-cache, hitRatio: 0.2, hitTimeSec: 200us }",
        "    - { kind: app, deployment: { kind: prefork, processes: 4 } }",
        "    - { kind: database, queriesPerRequest: 8, writeFraction: 0.2, serviceTimeSec: 3ms }",
        "app: { cpuTimeSec: 20ms, ioTimeSec: 10ms }",
        "machine: { cores: 4, memoryBytes: 8GiB }",
        "load: { arrivalRatePerSec: 200, peakFactor: 2 }",
        "slo: { responseTimeSec: 300ms }",
        "prices: { http-cache: 100, app: 150, database: 600 }",
        "",
      ].join("\n"),
    );

    it("with no scenario plans the talk's classic stack", async () => {
      const r = await cli("plan");
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("The talk's classic stack");
      expect(r.stdout).toMatch(/database\s+2 × \(1 \+ 0\)/);
      expect(r.stdout).toMatch(/SLO 250 ms: met/);
      expect(r.stdout).toContain("whatever resource gets maxed out, add more");
      expect(r.stdout).toContain("database at 108 % > 80 %: database add shard");
    });

    it("plans a scenario file, as a table or as JSON", async () => {
      const r = await cli("plan", scenario);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("a small shop");
      const j = await cli("plan", scenario, "--json");
      expect(j.status).toBe(0);
      const plan = JSON.parse(j.stdout) as {
        feasible: boolean;
        tiers: { name: string; servers: number; utilization: number }[];
        peak: { responseTimeQuantilesSec: Record<string, number | string> };
      };
      expect(plan.feasible).toBe(true);
      expect(plan.tiers.map((t) => t.name)).toEqual(["http-cache", "app", "database"]);
      for (const t of plan.tiers) expect(t.utilization).toBeLessThanOrEqual(0.8);
      expect(plan.peak.responseTimeQuantilesSec.p99).toBeLessThanOrEqual(0.3);
    });

    it("plans the example scenario in docs/scenarios/shop.yaml (an unshardable database)", async () => {
      const r = await cli(
        "plan",
        join(import.meta.dirname, "..", "..", "docs", "scenarios", "shop.yaml"),
      );
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("database add read replicas");
      expect(r.stdout).toMatch(/SLO 400 ms: met/);
    });

    it("plans docs/scenarios/small.yaml (app, memcache and database on one machine) by host machines", async () => {
      const r = await cli(
        "plan",
        join(import.meta.dirname, "..", "..", "docs", "scenarios", "small.yaml"),
      );
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Host box: 2 machines × 4 cores, [\d.]+ % busy at the peak \(app /);
      expect(r.stdout).toContain("box at 87 % > 80 %: box add host machine → 2");
      expect(r.stdout).not.toContain("bigger machines (vertical)");
    });

    it("writes the charts on request", async () => {
      const out = join(dir, "charts");
      mkdirSync(out);
      const r = await cli("plan", scenario, "--charts", out);
      expect(r.status).toBe(0);
      for (const f of ["plan-utilization.svg", "plan-latency.svg"]) {
        expect(readFileSync(join(out, f), "utf8")).toMatch(/^<svg/);
      }
    });

    it("a bad scenario exits 2 with one line naming the field, and writes nothing", async () => {
      const bad = join(dir, "bad.yaml");
      writeFileSync(bad, readFileSync(scenario, "utf8").replace("hitRatio: 0.2", "hitRatio: 1.4"));
      const out = join(dir, "none");
      mkdirSync(out);
      const r = await cli("plan", bad, "--charts", out);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain("`stack.tiers[0].hitRatio` must be a number in [0, 1] (got 1.4)");
      // The line and column of the field in the file, as compilers print them.
      const text = readFileSync(bad, "utf8").split("\n");
      const line = text.findIndex((l) => l.includes("hitRatio: 1.4")) + 1;
      const column = text[line - 1]!.indexOf("hitRatio") + 1;
      expect(r.stderr).toContain(`${bad}:${line}:${column}: planCapacity:`);
      expect(readdirSync(out)).toEqual([]);
      for (const [args, named] of [
        [["plan", join(dir, "missing.yaml")], "cannot read"],
        [["plan", join(dir, "shop.txt")], ".yaml, .yml or .json"],
        [["plan", "--peak", "3"], "unknown option --peak"],
      ] as const) {
        const e = await cli(...args);
        expect(e.status).toBe(2);
        expect(e.stderr.trim().split("\n")).toHaveLength(1);
        expect(e.stderr).toContain(named);
      }
    });
  });
});
