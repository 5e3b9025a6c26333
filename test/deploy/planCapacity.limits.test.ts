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
  DatabaseTierInput,
  PlanCapacityInput,
  StackInput,
  TierInput,
} from "../../src/index.js";

// Minimum counts, N+1 and the warning for an implausible plan (issue 14).

const machine = { cores: 4, memoryBytes: GiB(8) };
const prefork4 = { kind: "prefork", processes: 4 } as const;

/**
 * A database of 10 queries per request, 30 % writes, 4 ms each on 8 cores, that may not shard:
 * at λ req/s its primary is busy λ·(7/(1 + R) + 3)·4 ms / 8 with R read replicas, and each
 * replica as much (its reads, and every write applied again).
 */
function withDatabase(rate: number, extra: Partial<DatabaseTierInput>): PlanCapacityInput {
  return {
    stack: {
      tiers: [
        { kind: "app", deployment: { kind: "prefork", processes: 64 } },
        {
          kind: "database",
          queriesPerRequest: 10,
          writeFraction: 0.3,
          serviceTimeSec: 0.004,
          coresPerServer: 8,
          maxShards: 1,
          ...extra,
        },
      ],
    },
    app: { cpuTimeSec: 0.001, ioTimeSec: 0 },
    machine: { cores: 16, memoryBytes: GiB(64) },
    load: { arrivalRatePerSec: rate },
    slo: { responseTimeSec: 1 },
  };
}

describe("planCapacity: minimum counts", () => {
  it("keeps a read replica asked for by minReplicas, and says so (worked by hand)", () => {
    // 100 req/s: the primary alone is busy 100·(7 + 3)·0.004/8 = 50 % <= 80 %: no replica needed.
    const bare = planCapacity(withDatabase(100, {}));
    expect(bare.tiers[1]!.readReplicas).toBe(0);
    expect(bare.tiers[1]!.utilization).toBeCloseTo(0.5, 12);
    // With minReplicas 1 the replica stays: 100·(3.5 + 3)·0.004/8 = 32.5 % on each server.
    const kept = planCapacity(withDatabase(100, { minReplicas: 1 }));
    const db = kept.tiers[1]!;
    expect([db.shards, db.readReplicas, db.servers]).toEqual([1, 1, 2]);
    expect(db.utilization).toBeCloseTo(0.325, 12);
    expect((kept.stack.tiers[1] as DatabaseTierInput).readReplicas).toBe(1);
    const keep = kept.trace.find((s) => s.action === "keep minimum");
    expect(keep).toMatchObject({
      tier: "database",
      count: 0,
      readReplicas: 1,
      reason: "minimum",
      field: "minReplicas",
      keptAt: 1,
      maxUtilization: 0.8,
      targetSec: 1,
      sloChecked: true,
    });
    expect(describePlanStep(keep!)).toBe(
      "kept at 1 by minReplicas (one fewer would be within 80 % and p99 ≤ 1000 ms)",
    );
    // Never trimmed below it: no "remove read replicas" step in the trace.
    expect(kept.trace.map((s) => s.action)).not.toContain("remove read replicas");
  });

  it("starts the app tier at minServers (worked by hand)", () => {
    // 4 single-threaded processes on 4 cores, 20 ms of CPU: 200 req/s per server. At 300 req/s
    // 2 servers do (75 %); minServers 3 keeps 3, each 300/(3·200) = 50 % busy.
    const input: PlanCapacityInput = {
      stack: { tiers: [{ kind: "app", minServers: 3, deployment: prefork4 }] },
      app: { cpuTimeSec: 0.02, ioTimeSec: 0 },
      machine,
      load: { arrivalRatePerSec: 300 },
      slo: { responseTimeSec: 1 },
    };
    const plan = planCapacity(input);
    expect(plan.tiers[0]!.servers).toBe(3);
    expect(plan.tiers[0]!.utilization).toBeCloseTo(0.5, 12);
    expect(plan.trace.map(describePlanStep)).toEqual([
      "kept at 3 by minServers (one fewer would be within 80 % and p99 ≤ 1000 ms)",
    ]);
    // A minimum the limits need anyway is not reported as holding anything up: 2 servers.
    const needed = planCapacity({
      ...input,
      stack: { tiers: [{ kind: "app", minServers: 2, deployment: prefork4 }] },
    });
    expect(needed.tiers[0]!.servers).toBe(2);
    expect(needed.trace.map((s) => s.action)).toEqual([]);
    // The app-machine comparison keeps the minimum too.
    for (const row of plan.appMachines) expect(row.servers).toBeGreaterThanOrEqual(3);
  });

  it("minShards holds shards, and must not exceed maxShards", () => {
    const plan = planCapacity(withDatabase(100, { maxShards: 4, minShards: 3 }));
    // 3 shards: each primary busy 100·10·0.004/(3·8) = 1/6.
    expect(plan.tiers[1]!.shards).toBe(3);
    expect(plan.tiers[1]!.utilization).toBeCloseTo(1 / 6, 12);
    expect(plan.trace.map(describePlanStep)).toContain(
      "kept at 3 by minShards (one fewer would be within 80 % and p99 ≤ 1000 ms)",
    );
  });

  it("rejects bad minimums naming the field", () => {
    const app: TierInput = { kind: "app", deployment: prefork4 };
    const good = withDatabase(100, {});
    const db = good.stack.tiers[1] as DatabaseTierInput;
    const cases: [TierInput[], RegExp][] = [
      [
        [app, { ...db, maxShards: 2, minShards: 3 }],
        /`stack\.tiers\[1\]\.minShards` must be an integer <= maxShards \(2\) \(got 3\)/,
      ],
      [[app, { ...db, minReplicas: -1 }], /`stack\.tiers\[1\]\.minReplicas` must be an integer/],
      [[app, { ...db, minReplicas: 0.5 }], /`stack\.tiers\[1\]\.minReplicas`/],
      [[app, { ...db, minShards: 0 }], /`stack\.tiers\[1\]\.minShards`/],
      [[{ ...app, minServers: 0 }, db], /`stack\.tiers\[0\]\.minServers`/],
      [[{ ...app, minServers: Number.NaN }, db], /`stack\.tiers\[0\]\.minServers`/],
      [
        [{ ...app, minReplicas: 1 } as TierInput, db],
        /`stack\.tiers\[0\]\.minReplicas` must be absent/,
      ],
    ];
    for (const [tiers, message] of cases) {
      const input = { ...good, stack: { tiers } };
      expect(() => planCapacity(input)).toThrow(ModelInputError);
      expect(() => planCapacity(input)).toThrow(message);
    }
    expect(() => planCapacity({ ...good, redundancy: "n+2" as never })).toThrow(
      /`redundancy` must be "none" or "n\+1" \(got "n\+2"\)/,
    );
  });
});

/** A web tier of one-core servers, 10 ms per request, in front of light app servers. */
const webAndApp = (redundancy: "none" | "n+1"): PlanCapacityInput => ({
  stack: {
    tiers: [
      { kind: "web", proxyTimeSec: 0.01, coresPerServer: 1 },
      { kind: "app", deployment: prefork4 },
    ],
  },
  app: { cpuTimeSec: 0.001, ioTimeSec: 0 },
  machine,
  load: { arrivalRatePerSec: 140 },
  slo: { responseTimeSec: 1 },
  redundancy,
});

describe("planCapacity: N+1", () => {
  it("a tier at 70 % on 2 servers needs a 3rd: 1 server left would be at 140 % (worked by hand)", () => {
    // 140 req/s × 10 ms on one-core servers: 1.4 busy cores. Without N+1, 2 servers at 70 %.
    const plain = planCapacity(webAndApp("none"));
    expect(plain.redundancy).toBe("none");
    expect(plain.tiers[0]!.servers).toBe(2);
    expect(plain.tiers[0]!.utilization).toBeCloseTo(0.7, 12);
    // Reported even so: the loss of one leaves 1 server at 1.4/1 = 140 %.
    expect(plain.tiers[0]!.afterWorstLoss).toMatchObject({ lost: "one web server", servers: 1 });
    expect(plain.tiers[0]!.afterWorstLoss.utilization).toBeCloseTo(1.4, 12);
    // With N+1: 3 servers, 1.4/3 = 46.7 % each, and after a loss 1.4/2 = 70 % <= 80 %.
    const plan = planCapacity(webAndApp("n+1"));
    expect(plan.feasible).toBe(true);
    const web = plan.tiers[0]!;
    expect(web.servers).toBe(3);
    expect(web.utilization).toBeCloseTo(1.4 / 3, 12);
    expect(web.afterWorstLoss).toMatchObject({ lost: "one web server", servers: 2 });
    expect(web.afterWorstLoss.utilization).toBeCloseTo(0.7, 12);
    // The app tier (1 ms of CPU on 4 processes and cores: 4,000 req/s a server) needs only one,
    // but loses it: 2 servers, 140/8000 = 1.75 % each, 3.5 % after a loss.
    const app = plan.tiers[1]!;
    expect(app.servers).toBe(2);
    expect(app.utilization).toBeCloseTo(140 / 8000, 9);
    expect(app.afterWorstLoss.utilization).toBeCloseTo(140 / 4000, 9);
    expect(plan.trace.map(describePlanStep)).toEqual([
      "app at ∞ after the loss of one app server > 80 %",
      "web at ∞ after the loss of one web server > 80 %",
      "web at 140 % after the loss of one web server > 80 %",
    ]);
    // In figures: the tier over the limit, its utilization after the loss, and the loss.
    expect(plan.trace[2]).toMatchObject({
      reason: "utilization",
      busyTier: "web",
      lost: "one web server",
      maxUtilization: 0.8,
      tier: "web",
      action: "add server",
    });
    // The figures after the loss are the stack evaluated again with one server fewer.
    const again = evaluateStack({
      stack: {
        tiers: plan.stack.tiers.map((t) => (t.kind === "web" ? { ...t, servers: 2 } : t)),
      },
      app: webAndApp("n+1").app,
      machine,
      load: { arrivalRatePerSec: 140 },
    });
    expect(again.tiers[0]!.utilization).toBe(web.afterWorstLoss.utilization);
    expect(again.responseTimeQuantileSec(0.99)).toBe(web.afterWorstLoss.responseTimeQuantileSec);
    // App servers on bigger machines: still 2 at least, one to lose.
    for (const row of plan.appMachines) expect(row.servers).toBeGreaterThanOrEqual(2);
  });

  it("a database shard needs a replica to survive its primary's loss (worked by hand)", () => {
    // 100 req/s: without N+1 the primary alone, 50 % busy. With N+1 one replica: each server
    // 100·(3.5 + 3)·0.004/8 = 32.5 %, and after the loss of either, the other at 50 %.
    const plan = planCapacity({ ...withDatabase(100, {}), redundancy: "n+1" });
    const db = plan.tiers[1]!;
    expect([db.shards, db.readReplicas]).toEqual([1, 1]);
    expect(db.utilization).toBeCloseTo(0.325, 12);
    expect(db.afterWorstLoss.lost).toBe("one database replica or primary");
    expect(db.afterWorstLoss.servers).toBe(1);
    expect(db.afterWorstLoss.utilization).toBeCloseTo(0.5, 12);
  });

  it("a memcache shard lost: its keys miss and become database reads (worked by hand)", () => {
    // 100 req/s, 10 reads per request, 10 memcache lookups at 90 % hits: 1 read per request
    // reaches the database. One replica for N+1 halves each server's share.
    const input = (minShards: number): PlanCapacityInput => {
      const base = withDatabase(100, { writeFraction: 0 });
      const [app, db] = base.stack.tiers;
      const cache: TierInput = {
        kind: "memcache",
        minShards,
        hitRatio: 0.9,
        lookupsPerRequest: 10,
        serviceTimeSec: 0.0001,
      };
      return { ...base, stack: { tiers: [app!, cache, db!] }, redundancy: "n+1" };
    };
    const one = planCapacity(input(1));
    const db = one.tiers[2]!;
    expect([db.shards, db.readReplicas]).toEqual([1, 1]);
    // Intact: 100 req/s × 1 read × 4 ms over 2 servers of 8 cores = 2.5 %.
    expect(db.utilization).toBeCloseTo(0.025, 12);
    // The only shard lost: all 10 reads reach the database, 100·10·0.004/(2·8) = 25 %.
    expect(db.afterWorstLoss.lost).toBe("one memcache shard");
    expect(db.afterWorstLoss.utilization).toBeCloseTo(0.25, 12);
    expect(one.tiers[1]!.afterWorstLoss).toMatchObject({ servers: 0, utilization: 0 });
    // Two shards, one lost: half the lookups miss, 10 − 0.9·5 = 5.5 reads, 100·5.5·0.004/16.
    const two = planCapacity(input(2)).tiers[2]!;
    expect(two.afterWorstLoss.lost).toBe("one memcache shard");
    expect(two.afterWorstLoss.utilization).toBeCloseTo(0.1375, 12);
  });

  it("properties: an N+1 plan stays within its limit after any single loss, evaluated again, and keeps its minimums", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 50, max: 2000, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom("none", "n+1"),
        (rate, peakFactor, maxShards, minReplicas, minServers, redundancy) => {
          const input: PlanCapacityInput = {
            ...CLASSIC_STACK,
            stack: {
              tiers: CLASSIC_STACK.stack.tiers.map((t): TierInput => {
                if (t.kind === "database") return { ...t, maxShards, minReplicas };
                if (t.kind === "app") return { ...t, minServers };
                return t;
              }),
            },
            load: { arrivalRatePerSec: rate, peakFactor },
            redundancy: redundancy as "none" | "n+1",
          };
          const plan = planCapacity(input);
          const db = plan.tiers.find((t) => t.kind === "database")!;
          expect(db.readReplicas).toBeGreaterThanOrEqual(minReplicas);
          expect(plan.tiers.find((t) => t.kind === "app")!.servers).toBeGreaterThanOrEqual(
            minServers,
          );
          if (!plan.feasible) return;
          // Each tier's reported worst loss: the highest utilization over every single loss.
          const losses = singleLossStacks(plan.stack).map((s) => atPeak(input, plan, s));
          // (A loss that takes a tier down leaves it at ∞, and sends nothing to the others.)
          const after = (k: number, j: number) =>
            losses[k] ? losses[k].tiers[j]!.utilization : k === j ? Infinity : 0;
          plan.tiers.forEach((t, j) => {
            const worst = Math.max(...losses.map((_, k) => after(k, j)));
            if (redundancy === "n+1") expect(worst).toBeLessThanOrEqual(0.8 * (1 + 1e-12));
            // The worst loss when one is worse than none, else the tier's own.
            const reported = worst > t.utilization ? worst : after(j, j);
            expect(same(t.afterWorstLoss.utilization, reported)).toBe(true);
          });
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000); // a limit for a loaded CI machine (a few seconds alone)
});

/**
 * The stacks after each single loss, written with the public inputs: one server fewer, one
 * replica fewer, or one memcache shard fewer with its share of the lookups gone (undefined
 * where the tier had none to spare).
 */
function singleLossStacks(stack: StackInput): (StackInput | undefined)[] {
  return stack.tiers.map((t, i) => {
    const swap = (x: TierInput | undefined) =>
      x && { tiers: stack.tiers.map((y, j) => (j === i ? x : y)) };
    if (t.kind === "database") {
      const r = t.readReplicas ?? 0;
      return swap(r > 0 ? { ...t, readReplicas: r - 1 } : undefined);
    }
    if (t.kind === "memcache") {
      const s = t.shards ?? 1;
      return swap({
        ...t,
        shards: Math.max(1, s - 1),
        lookupsPerRequest: t.lookupsPerRequest * ((s - 1) / s),
      });
    }
    const n = t.servers ?? 1;
    return swap(n > 1 ? { ...t, servers: n - 1 } : undefined);
  });
}

/** Equal, or within floating-point noise: the losses here are evaluated on other paths. */
const same = (a: number, b: number) => a === b || relErr(a, b) < 1e-12;

function atPeak(input: PlanCapacityInput, plan: CapacityPlan, stack: StackInput | undefined) {
  return (
    stack &&
    evaluateStack({
      stack,
      app: input.app,
      machine: input.machine,
      load: { arrivalRatePerSec: plan.peakArrivalRatePerSec },
    })
  );
}

describe("planCapacity: implausible plans", () => {
  it("warns first of a tier of more than 1,000 servers, naming the inputs (worked by hand)", () => {
    // 30 s of CPU (meant: 30 ms) on 4 single-threaded processes and 4 cores: 4/30 req/s a
    // server; 300 req/s at 80 % needs 300·30/(4·0.8) = 2,812.5, so 2,813 servers.
    const input: PlanCapacityInput = {
      stack: { tiers: [{ kind: "app", deployment: prefork4 }] },
      app: { cpuTimeSec: 30, ioTimeSec: 0 },
      machine,
      load: { arrivalRatePerSec: 300 },
      slo: { responseTimeSec: 1000 },
    };
    const plan = planCapacity(input);
    expect(plan.tiers[0]!.servers).toBe(2813);
    expect(plan.warnings).toEqual([
      "the app needs 2,813 servers: check the inputs — is cpuTimeSec 30 meant as 30 ms? Its load: 300 req/s at the peak, cpuTimeSec 30 s, ioTimeSec 0 ms.",
    ]);
    // 30 ms: 300·0.03/(4·0.8) = 2.8, so 3 servers and nothing to warn of.
    const meant = planCapacity({ ...input, app: { cpuTimeSec: 0.03, ioTimeSec: 0 } });
    expect(meant.tiers[0]!.servers).toBe(3);
    expect(meant.warnings).toEqual([]);
  });
});
