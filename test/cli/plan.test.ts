import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { milliseconds, parseScenario, planCapacity } from "../../src/index.js";
import { relErr } from "../helpers.js";
import { cli } from "./harness.js";

// `pywebperf plan` with the planner's limits (issue 14): unit refusals, warnings, minimums, N+1,
// run in this process; the output and the errors are also kept as their lines.
async function plan(...args: string[]) {
  const r = await cli("plan", ...args);
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  return { ...r, lines: lines(r.stdout), errors: lines(r.stderr) };
}

describe("pywebperf plan: limits", () => {
  const dir = mkdtempSync(join(tmpdir(), "pywebperf-plan-limits-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join("\n")}\n`);
    return path;
  };
  /** One app tier of 4 single-threaded processes on 4 cores, at 300 req/s. */
  const appOnly = (cpuTime: string) =>
    file(`app-${cpuTime}.yaml`, [
      "stack: { tiers: [{ kind: app, deployment: { kind: prefork, processes: 4 } }] }",
      `app: { cpuTimeSec: ${cpuTime}, ioTimeSec: 0 }`,
      "machine: { cores: 4, memoryBytes: 8GiB }",
      "load: { arrivalRatePerSec: 300 }",
      "slo: { responseTimeSec: 1000s }",
    ]);

  it("a bare cpuTimeSec of 30 exits 2 with one line naming the file, the field's line and column, and what to write", async () => {
    const path = appOnly("30");
    const r = await plan(path);
    expect(r.status).toBe(2);
    expect(r.lines).toEqual([]);
    expect(r.errors).toEqual([
      `pywebperf: ${path}:2:8: scenario: \`app.cpuTimeSec\` must be a time with its unit when above 1 s (got 30): write "30ms" if milliseconds were meant, or "30s" to keep 30 seconds`,
    ]);
  });

  it("30s as written plans 2,813 servers, and the warning is the first line printed", async () => {
    // 300 req/s × 30 s of CPU over 4 cores at 80 %: 300·30/(4·0.8) = 2,812.5, so 2,813.
    const path = appOnly("30s");
    const r = await plan(path);
    expect(r.status).toBe(0);
    expect(r.lines[0]).toBe(
      "WARNING: the app needs 2,813 servers: check the inputs — is cpuTimeSec 30 meant as 30 ms? Its load: 300 req/s at the peak, cpuTimeSec 30 s, ioTimeSec 0 ms.",
    );
    const json = JSON.parse((await plan(path, "--json")).stdout) as { warnings: string[] };
    expect(json.warnings).toHaveLength(1);
    expect(json.warnings[0]).toMatch(/^the app needs 2,813 servers/);
    // 30ms: 3 servers, no warning.
    const meant = await plan(appOnly("30ms"));
    expect(meant.stdout).not.toContain("WARNING");
    expect(meant.stdout).toMatch(/\n {2}app\s+3\s/);
  });

  it("plans N+1 and minimums from the scenario file, and prints the figures after the worst loss", async () => {
    // 140 req/s × 10 ms on one-core web servers: 2 servers at 70 % would leave 1 at 140 % after a
    // loss, so 3 (46.7 %, and 70 % after a loss). The app tier is held at 3 by minServers.
    const path = file("n1.yaml", [
      "stack:",
      "  tiers:",
      "    - { kind: web, proxyTimeSec: 10ms, coresPerServer: 1 }",
      "    - { kind: app, minServers: 3, deployment: { kind: prefork, processes: 4 } }",
      "app: { cpuTimeSec: 1ms, ioTimeSec: 0 }",
      "machine: { cores: 4, memoryBytes: 8GiB }",
      "load: { arrivalRatePerSec: 140 }",
      "slo: { responseTimeSec: 1s }",
      "redundancy: n+1",
    ]);
    const r = await plan(path);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("also after the loss of any one server (N+1)");
    expect(r.stdout).toMatch(/\n {2}web\s+3\s+46\.67 %/);
    expect(r.stdout).toContain("After the worst single loss for each tier (N+1):");
    expect(r.stdout).toMatch(/\n {2}web\s+one web server\s+2\s+70 %/);
    expect(r.lines).toContain(
      "    2. web at 140 % after the loss of one web server > 80 %: web add server → 3, 46.67 % busy, p99 86.48 ms, 0/month",
    );
    expect(r.lines).toContain(
      "    3. app kept at 3 by minServers (one fewer would be within 80 % and p99 ≤ 1000 ms)",
    );
    const json = JSON.parse((await plan(path, "--json")).stdout) as {
      redundancy: string;
      tiers: { name: string; servers: number; afterWorstLoss: { servers: number } }[];
      trace: Record<string, unknown>[];
    };
    expect(json.redundancy).toBe("n+1");
    // --json gives each step's reason in figures; ∞ is the string "Infinity".
    expect(json.trace.map((s) => [s.reason, s.busyTier, s.lost])).toEqual([
      ["utilization", "web", "one web server"],
      ["utilization", "web", "one web server"],
      ["minimum", undefined, undefined],
    ]);
    // The web tier before each step, after the loss of one server: down, then 140/100 busy.
    expect(json.trace[0]!.busyUtilization).toBe("Infinity");
    expect(relErr(json.trace[1]!.busyUtilization as number, 1.4)).toBeLessThan(1e-12);
    expect(json.trace[2]).toMatchObject({ field: "minServers", keptAt: 3, sloChecked: true });
    expect(json.tiers.map((t) => [t.name, t.servers, t.afterWorstLoss.servers])).toEqual([
      ["web", 3, 2],
      ["app", 3, 2],
    ]);
    // Without N+1 the plan says which loss it would not survive.
    const plain = await plan(
      file("plain.yaml", [readFileSync(path, "utf8").replace("redundancy: n+1", "")]),
    );
    expect(plain.stdout).toContain(
      "Not planned for failures: the loss of one web server takes web to 140 % (redundancy: n+1 in the scenario plans for it).",
    );
  });

  it("plans the example docs/scenarios/shop-ha.yaml: N+1, and two memcache shards kept", async () => {
    const r = await plan(
      join(import.meta.dirname, "..", "..", "docs", "scenarios", "shop-ha.yaml"),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/SLO 400 ms: met/);
    expect(r.stdout).toContain("After the worst single loss for each tier (N+1):");
    expect(r.stdout).toContain("memcache kept at 2 by minShards");
    // The unshardable database needs a replica to promote: at least 1 + 1.
    expect(r.stdout).toMatch(/\n {2}database\s+1 × \(1 \+ [1-9]\)/);
  });

  it("plans docs/scenarios/keepalive.yaml and warns that it meets the SLO only under an even split", async () => {
    const path = join(import.meta.dirname, "..", "..", "docs", "scenarios", "keepalive.yaml");
    const r = await plan(path);
    expect(r.status).toBe(0);
    const json = JSON.parse((await plan(path, "--json")).stdout) as {
      warnings: string[];
      splits: {
        connections: number;
        quantileSec: { p10: number; p50: number; p90: number };
        likelySplit: number[];
        evenSplitOnly: boolean;
      };
    };
    // The same check the library gives, printed first as a warning and again under the peak.
    const check = planCapacity(parseScenario(readFileSync(path, "utf8"), "yaml")).splits!;
    expect(json.splits).toEqual(check);
    expect(check.evenSplitOnly).toBe(true);
    expect(r.lines[0]).toBe(`WARNING: ${json.warnings[0]}`);
    expect(r.lines[0]).toMatch(
      /^WARNING: the app meets p99 ≤ 100 ms only when each server's 16 keep-alive connections split evenly over its 2 processes: over the splits its p99 is \d+ ms, \d+ ms and \d+ ms/,
    );
    const q = check.quantileSec;
    expect(r.lines).toContain(
      `Over the splits of each app server's 16 keep-alive connections (likeliest ${check.likelySplit.join(" : ")}): p99 ${milliseconds(q.p50)} (p10–p90 of the splits ${milliseconds(q.p10)}–${milliseconds(q.p90)}) — meets the SLO only when they split evenly.`,
    );
    expect(r.stdout).toMatch(/SLO 100 ms: met/);
  });
});
