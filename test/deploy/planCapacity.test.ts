import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  CLASSIC_STACK,
  describePlanStep,
  evaluateStack,
  GiB,
  ModelInputError,
  planCapacity,
} from "../../src/index.js";
import { relErr } from "../helpers.js";
import type {
  CapacityPlan,
  DeploymentInput,
  PlanCapacityInput,
  SloReason,
  TierInput,
  UtilizationReason,
} from "../../src/index.js";

const machine = { cores: 4, memoryBytes: GiB(8) };
const appOnly = (deployment: DeploymentInput): PlanCapacityInput["stack"] => ({
  tiers: [{ kind: "app", deployment }],
});

/** Re-evaluates a plan's stack at its peak through the public API. */
function atPeak(input: PlanCapacityInput, plan: CapacityPlan) {
  return evaluateStack({
    stack: plan.stack,
    app: input.app,
    machine: input.machine,
    load: { arrivalRatePerSec: plan.peakArrivalRatePerSec },
    ...(input.prices === undefined ? {} : { prices: input.prices }),
  });
}

describe("planCapacity", () => {
  it("adds app servers until none is above 80 % (worked by hand)", () => {
    // 4 single-threaded processes on 4 cores, 20 ms of CPU: 200 req/s per server. 300 req/s:
    // 1 server 150 %, 2 servers 75 % <= 80 %.
    const plan = planCapacity({
      stack: appOnly({ kind: "prefork", processes: 4 }),
      app: { cpuTimeSec: 0.02, ioTimeSec: 0 },
      machine,
      load: { arrivalRatePerSec: 300 },
      slo: { responseTimeSec: 1 },
    });
    expect(plan.feasible).toBe(true);
    expect(plan.tiers[0]!.servers).toBe(2);
    expect(plan.trace.map(describePlanStep)).toEqual(["app at 150 % > 80 %"]);
    // In figures: 300 req/s on one server of 200 req/s is 150 % busy.
    expect(plan.trace[0]).toMatchObject({
      reason: "utilization",
      busyTier: "app",
      maxUtilization: 0.8,
    });
    expect(relErr((plan.trace[0] as UtilizationReason).busyUtilization, 1.5)).toBeLessThan(1e-12);
    expect(plan.trace[0]).not.toHaveProperty("lost");
    expect(plan.tiers[0]!.utilization).toBeCloseTo(0.75, 12);
    // Its limit: 80 % of 400 req/s.
    expect(plan.tiers[0]!.limitPerSec).toBeCloseTo(320, 9);
  });

  it("adds servers for the SLO once nothing is maxed out (M/M/1 p99 by hand)", () => {
    // One single-threaded process on one core, 10 ms: an M/M/1 per server. At 60 req/s one
    // server is 60 % busy but its p99 is ln(100)/(100 − 60) = 115 ms > 100 ms; two servers at
    // 30 req/s each: ln(100)/70 = 65.8 ms.
    const input: PlanCapacityInput = {
      stack: appOnly({ kind: "prefork", processes: 1 }),
      app: { cpuTimeSec: 0.01, ioTimeSec: 0 },
      machine: { cores: 1, memoryBytes: GiB(8) },
      load: { arrivalRatePerSec: 60 },
      slo: { responseTimeSec: 0.1, quantile: 0.99 },
    };
    const plan = planCapacity(input);
    expect(plan.tiers[0]!.servers).toBe(2);
    expect(plan.trace[0]).toMatchObject({ reason: "slo", quantile: 0.99, targetSec: 0.1 });
    // p99 of one M/M/1 at 60 % busy: ln(100)/(100 − 60) s.
    const step = plan.trace[0] as SloReason;
    expect(relErr(step.quantileBeforeSec, Math.log(100) / 40)).toBeLessThan(1e-9);
    expect(describePlanStep(plan.trace[0]!)).toBe("p99 115 ms > 100 ms");
    expect(plan.peak.responseTimeQuantileSec(0.99)).toBeCloseTo(Math.log(100) / 70, 9);
    // The floor is the service time: p99 of Exp(10 ms) = 46 ms, so 40 ms cannot be met.
    const tight = planCapacity({ ...input, slo: { responseTimeSec: 0.04 } });
    expect(tight.feasible).toBe(false);
    expect(tight.reason).toBe(
      "p99 cannot go below 46 ms > 40 ms however many servers are added: the service times alone take that long",
    );
  });

  it("a database is sharded when it can be, else scaled by read replicas (worked by hand)", () => {
    // 200 req/s, 10 queries each, 30 % writes, 4 ms on 8 cores: the primary is busy
    // 200·(7/(1 + R) + 3)·4 ms / 8 = 0.1·(7/(1 + R) + 3): 100 % alone. A second shard halves
    // everything (50 %); a replica relieves only the reads (65 %, and the replica too).
    const input: PlanCapacityInput = {
      stack: {
        tiers: [
          { kind: "app", deployment: { kind: "prefork", processes: 64 } },
          {
            kind: "database",
            queriesPerRequest: 10,
            writeFraction: 0.3,
            serviceTimeSec: 0.004,
            coresPerServer: 8,
          },
        ],
      },
      app: { cpuTimeSec: 0.001, ioTimeSec: 0 },
      machine: { cores: 16, memoryBytes: GiB(64) },
      load: { arrivalRatePerSec: 200 },
      slo: { responseTimeSec: 1 },
    };
    const sharded = planCapacity(input);
    const db = sharded.tiers[1]!;
    expect([db.shards, db.readReplicas]).toEqual([2, 0]);
    expect(db.utilization).toBeCloseTo(0.5, 12);
    const noSharding = planCapacity({
      ...input,
      stack: {
        tiers: input.stack.tiers.map((t) => (t.kind === "database" ? { ...t, maxShards: 1 } : t)),
      },
    });
    const replicated = noSharding.tiers[1]!;
    expect([replicated.shards, replicated.readReplicas]).toEqual([1, 1]);
    expect(replicated.utilization).toBeCloseTo(0.65, 12);
    expect(noSharding.trace.map((s) => s.action)).toContain("add read replicas");
    // Writes only: replicas cannot help a primary that cannot be split.
    const writes = planCapacity({
      ...input,
      stack: {
        tiers: input.stack.tiers.map((t) =>
          t.kind === "database" ? { ...t, maxShards: 1, writeFraction: 1 } : t,
        ),
      },
    });
    expect(writes.feasible).toBe(false);
    expect(writes.reason).toBe(
      "database at 100 % > 80 %: its primary's writes alone take 100 % and it may not have more than 1 shard (maxShards)",
    );
    expect(writes.trace).toEqual([]);
  });

  it("the talk's classic stack: a feasible plan that meets its SLO when evaluated again", () => {
    const plan = planCapacity(CLASSIC_STACK);
    expect(plan.feasible).toBe(true);
    const again = atPeak(CLASSIC_STACK, plan);
    expect(again.responseTimeQuantileSec(0.99)).toBeLessThanOrEqual(0.25);
    for (const t of again.tiers) expect(t.utilization).toBeLessThanOrEqual(0.8);
    expect(again.costPerMonth).toBe(plan.costPerMonth);
    // The stack as given (2 app servers, 1 database) is overloaded at the 3× peak.
    expect(plan.current.stable).toBe(false);
    // Vertical against horizontal: every machine option gets a count that meets the limits.
    for (const a of plan.appMachines) expect(a.feasible).toBe(true);
  });

  it("vertical against horizontal: each machine's row is its stack evaluated again", () => {
    // The database's queue is capped by the app's workers, which grow with a bigger machine's
    // processes: 16 per server on the 4× machine against 8 database cores.
    const input: PlanCapacityInput = {
      ...CLASSIC_STACK,
      stack: {
        tiers: CLASSIC_STACK.stack.tiers.map((t) =>
          t.kind === "app" ? { ...t, deployment: { kind: "prefork", processes: 4 } } : t,
        ),
      },
    };
    const plan = planCapacity(input);
    for (const row of plan.appMachines) {
      const k = row.cores / input.machine.cores;
      const e = evaluateStack({
        stack: {
          tiers: plan.stack.tiers.map((t) =>
            t.kind === "app" ? { ...t, servers: row.servers, deployment: row.deployment } : t,
          ),
        },
        app: input.app,
        machine: { cores: row.cores, memoryBytes: input.machine.memoryBytes * k },
        load: { arrivalRatePerSec: plan.peakArrivalRatePerSec },
      });
      expect(row.deployment.processes).toBe(4 * k);
      expect(relErr(row.responseTimeQuantileSec, e.responseTimeQuantileSec(0.99))).toBeLessThan(
        1e-12,
      );
    }
  });

  it("rejects bad input naming the path", () => {
    const good: PlanCapacityInput = {
      stack: appOnly({ kind: "prefork", processes: 4 }),
      app: { cpuTimeSec: 0.02, ioTimeSec: 0 },
      machine,
      load: { arrivalRatePerSec: 300, peakFactor: 2 },
      slo: { responseTimeSec: 1 },
    };
    const cases: [PlanCapacityInput, RegExp][] = [
      [{ ...good, load: { arrivalRatePerSec: 300, peakFactor: 0.5 } }, /load\.peakFactor/],
      [{ ...good, load: { arrivalRatePerSec: 1e300, peakFactor: 1e10 } }, /load\.peakFactor/],
      [{ ...good, slo: { responseTimeSec: 0 } }, /slo\.responseTimeSec/],
      [{ ...good, slo: { responseTimeSec: 1, quantile: 1 } }, /slo\.quantile/],
      [{ ...good, maxUtilization: 0 }, /maxUtilization/],
      [
        { ...good, appMachines: [{ name: "big", cores: 0, memoryBytes: 1, pricePerMonth: 1 }] },
        /appMachines\[0\]\.cores/,
      ],
      [{ ...good, machine: { cores: 4 } as never }, /machine\.memoryBytes/],
    ];
    for (const [input, message] of cases) {
      expect(() => planCapacity(input)).toThrow(ModelInputError);
      expect(() => planCapacity(input)).toThrow(message);
    }
  });

  it("properties: a feasible plan meets its limits when evaluated again, and no server can be removed", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 50, max: 3000, noNaN: true }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 3 }),
        (rate, peakFactor, cacheHit, writeFraction, slo, maxShards) => {
          const input: PlanCapacityInput = {
            ...CLASSIC_STACK,
            stack: {
              tiers: CLASSIC_STACK.stack.tiers.map((t): TierInput => {
                if (t.kind === "http-cache") return { ...t, hitRatio: cacheHit };
                if (t.kind === "database") return { ...t, writeFraction, maxShards };
                if (t.kind === "memcache")
                  return { ...t, lookupsPerRequest: 10 * (1 - writeFraction) };
                return t;
              }),
            },
            load: { arrivalRatePerSec: rate, peakFactor },
            slo: { responseTimeSec: slo, quantile: 0.99 },
          };
          const plan = planCapacity(input);
          if (!plan.feasible) return;
          const again = atPeak(input, plan);
          expect(again.responseTimeQuantileSec(0.99)).toBeLessThanOrEqual(slo * (1 + 1e-12));
          for (const t of again.tiers) expect(t.utilization).toBeLessThanOrEqual(0.8 * (1 + 1e-12));
          // Local minimality: taking away any one server, shard or replica breaks a limit.
          plan.stack.tiers.forEach((t, i) => {
            const smaller: TierInput[] = [];
            if ((t.kind === "memcache" || t.kind === "database") && (t.shards ?? 1) > 1) {
              smaller.push({ ...t, shards: (t.shards ?? 1) - 1 });
            }
            if (t.kind === "database" && (t.readReplicas ?? 0) > 0) {
              smaller.push({ ...t, readReplicas: (t.readReplicas ?? 0) - 1 });
            }
            if (t.kind !== "memcache" && t.kind !== "database" && (t.servers ?? 1) > 1) {
              smaller.push({ ...t, servers: (t.servers ?? 1) - 1 });
            }
            for (const s of smaller) {
              const e = atPeak(input, {
                ...plan,
                stack: { tiers: plan.stack.tiers.map((x, j) => (j === i ? s : x)) },
              });
              const within =
                e.tiers.every((x) => x.utilization <= 0.8) &&
                e.responseTimeQuantileSec(0.99) <= slo;
              expect(within).toBe(false);
            }
          });
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000); // a limit for a loaded CI machine (a second or two alone)
});
