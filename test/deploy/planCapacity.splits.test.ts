import { describe, expect, it } from "vitest";
import {
  evaluateStack,
  GiB,
  ModelInputError,
  parseScenario,
  planCapacity,
  type PlanCapacityInput,
} from "../../src/index.js";
import { relErr, thrown } from "../helpers.js";

// The planner's verdict over the splits of the app servers' keep-alive connections: `splits`
// of the plan, and a warning when the plan meets its SLO only if they split evenly.
const app = { cpuTimeSec: 0.005, ioTimeSec: 0.015, burstsPerRequest: 3 };
const machine = { cores: 2, memoryBytes: GiB(8) };
/** gunicorn gthread, 2 workers × 8 threads: one GIL carries 200 req/s (5 ms of CPU each). */
const question = (arrivalRatePerSec: number, connections?: number): PlanCapacityInput => ({
  stack: {
    tiers: [
      {
        kind: "app",
        deployment: { server: "gunicorn", workerClass: "gthread", workers: 2, threads: 8 },
      },
    ],
  },
  app,
  machine,
  load: { arrivalRatePerSec, ...(connections === undefined ? {} : { connections }) },
  slo: { responseTimeSec: 0.1 },
});

describe("planCapacity over the splits of keep-alive connections", () => {
  it("flags exactly the plans that meet the SLO evenly but not in the worst tenth of the splits", () => {
    const seen = new Set<boolean>();
    for (const rate of [50, 100, 150, 200, 300]) {
      const plan = planCapacity(question(rate, 16));
      const check = plan.splits!;
      const even = plan.peak.responseTimeQuantileSec(0.99);
      const flagged = even <= 0.1 && !(check.quantileSec.p90 <= 0.1);
      expect(check.evenSplitOnly, `${rate} req/s`).toBe(flagged);
      expect(
        plan.warnings.some((w) => w.includes("only when each server's")),
        `${rate}`,
      ).toBe(flagged);
      seen.add(flagged);
    }
    // Both verdicts occur over these loads (the test would say nothing otherwise).
    expect([...seen].sort()).toEqual([false, true]);
  });

  it("gives the figures of the stack's spread at the peak, and names them in the warning", () => {
    // 180 req/s on one server of 2 workers: an even split (90 req/s each) meets p99 ≤ 100 ms,
    // while 14 of 16 connections on one worker ask 158 req/s of a GIL that carries 200.
    const plan = planCapacity(question(180, 16));
    expect(plan.feasible).toBe(true);
    expect(plan.tiers[0]!.servers).toBe(1);
    const check = plan.splits!;
    const again = evaluateStack({
      stack: plan.stack,
      app,
      machine,
      load: { arrivalRatePerSec: 180, connections: 16 },
    }).spread!;
    expect(check.connections).toBe(16);
    expect(check.likelySplit).toEqual(again.likelySplit);
    const q = again.responseTimeQuantileSec(0.99);
    for (const p of ["p10", "p50", "p90"] as const) {
      expect(relErr(check.quantileSec[p], q[p])).toBeLessThan(1e-12);
    }
    expect(check.evenSplitOnly).toBe(true);
    expect(q.p90).toBeLessThan(Infinity);
    const ms = (s: number) => `${Math.round(s * 1000)} ms`;
    expect(plan.warnings).toEqual([
      `the app meets p99 ≤ 100 ms only when each server's 16 keep-alive connections split evenly over its 2 processes: over the splits its p99 is ${ms(q.p10)}, ${ms(q.p50)} and ${ms(q.p90)} (10th, 50th and 90th percentiles; likeliest split ${again.likelySplit.join(" : ")}).`,
    ]);
  });

  it("shares the connections out over the planned app servers", () => {
    // 400 req/s needs two servers: each holds ⌈33 ÷ 2⌉ = 17 connections.
    const plan = planCapacity(question(400, 33));
    expect(plan.tiers[0]!.servers).toBe(2);
    expect(plan.splits!.connections).toBe(17);
    expect(plan.peak.app.spread!.connections).toBe(17);
  });

  it("says nothing without connections, and reads them from a scenario file", () => {
    const plain = planCapacity(question(200));
    expect(plain.splits).toBeUndefined();
    expect(plain.warnings).toEqual([]);
    const scenario = parseScenario(
      [
        "stack: { tiers: [{ kind: app, deployment: { server: gunicorn, workerClass: gthread, workers: 2, threads: 8 } }] }",
        "app: { cpuTimeSec: 5ms, ioTimeSec: 15ms, burstsPerRequest: 3 }",
        "machine: { cores: 2, memoryBytes: 8GiB }",
        "load: { arrivalRatePerSec: 200, connections: 16 }",
        "slo: { responseTimeSec: 100ms }",
      ].join("\n"),
      "yaml",
    );
    expect(scenario.load.connections).toBe(16);
    expect(planCapacity(scenario).splits).toEqual(planCapacity(question(200, 16)).splits);
  });

  it("names the field and value of bad or unknown connection fields", () => {
    const bad = (load: object) =>
      thrown(ModelInputError, () => planCapacity({ ...question(100), load: load as never }));
    const zero = bad({ arrivalRatePerSec: 100, connections: 0 });
    expect([zero.model, zero.field, zero.value]).toEqual(["planCapacity", "load.connections", 0]);
    expect(bad({ arrivalRatePerSec: 100, connections: 1.5 }).field).toBe("load.connections");
    expect(bad({ arrivalRatePerSec: 100, clients: 16 }).field).toBe("load.clients");
  });
});
