import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  evaluateDeployment,
  evaluateStack,
  GiB,
  mm1,
  mmc,
  mmck,
  ModelInputError,
} from "../../src/index.js";
import type { EvaluateStackInput, TierInput } from "../../src/index.js";
import { relErr } from "../helpers.js";

const machine = { cores: 4, memoryBytes: GiB(8) };

// The stack used for the hand-worked visits: 300 req/s; the cache answers 30 %; of the 70 % that
// pass, the web servers serve 40 % as static files; 42 % reach the app. Each dynamic request
// looks up 6 keys in memcache (90 % hit) and needs 10 queries without the cache, 10 % writes:
// reads 9 − 6·0.9 = 3.6 and writes 1, 4.6 queries per dynamic request, 1.932 per request.
const full: EvaluateStackInput = {
  stack: {
    tiers: [
      { kind: "http-cache", hitRatio: 0.3, hitTimeSec: 0.0002, missTimeSec: 0.0003 },
      { kind: "load-balancer", serviceTimeSec: 0.0001, coresPerServer: 2 },
      {
        kind: "web",
        servers: 2,
        staticFraction: 0.4,
        staticTimeSec: 0.0005,
        proxyTimeSec: 0.0004,
      },
      { kind: "app", servers: 4, deployment: { kind: "daemon", processes: 4, threads: 4 } },
      { kind: "memcache", hitRatio: 0.9, lookupsPerRequest: 6, serviceTimeSec: 0.0001 },
      {
        kind: "database",
        queriesPerRequest: 10,
        writeFraction: 0.1,
        serviceTimeSec: 0.002,
        coresPerServer: 8,
      },
    ],
  },
  app: { cpuTimeSec: 0.025, ioTimeSec: 0.005, burstsPerRequest: 4 },
  machine,
  load: { arrivalRatePerSec: 300 },
  prices: { app: 160, database: 600 },
};

describe("evaluateStack", () => {
  it("one single-process app server on one core is M/M/1, quantiles included", () => {
    const s = evaluateStack({
      stack: { tiers: [{ kind: "app", deployment: { kind: "prefork", processes: 1 } }] },
      app: { cpuTimeSec: 0.02, ioTimeSec: 0 },
      machine: { cores: 1, memoryBytes: GiB(8) },
      load: { arrivalRatePerSec: 35 },
    });
    const exact = mm1({ arrivalRatePerSec: 35, serviceTimeSec: 0.02 });
    expect(relErr(s.meanResponseTimeSec, exact.meanResponseTimeSec)).toBeLessThan(1e-12);
    for (const p of [0.5, 0.95, 0.99]) {
      expect(relErr(s.responseTimeQuantileSec(p), exact.responseTimeQuantileSec(p))).toBeLessThan(
        1e-9,
      );
    }
    expect(relErr(s.tiers[0]!.utilization, 0.7)).toBeLessThan(1e-12);
    expect(relErr(s.capacityPerSec, 50)).toBeLessThan(1e-12);
  });

  it("visits, utilizations and capacities of every tier (worked by hand)", () => {
    const s = evaluateStack(full);
    const byName = Object.fromEntries(s.tiers.map((t) => [t.name, t]));
    const visits = { "http-cache": 1, "load-balancer": 0.7, web: 0.7, app: 0.42, memcache: 2.52 };
    for (const [name, v] of Object.entries(visits)) {
      expect(relErr(byName[name]!.visitsPerRequest, v)).toBeLessThan(1e-12);
    }
    expect(relErr(byName.database!.visitsPerRequest, 0.42 * 4.6)).toBeLessThan(1e-12);
    // Busy cores ÷ cores of the busiest server: cache 300·(0.3·0.2 + 0.7·0.3) ms / 4;
    // web 105 req/s per server · (0.4·0.5 + 0.6·0.4) ms / 4; memcache 756/s · 0.1 ms / 4;
    // database 579.6 queries/s · 2 ms / 8.
    expect(relErr(byName["http-cache"]!.utilization, (300 * 0.00027) / 4)).toBeLessThan(1e-12);
    expect(relErr(byName["load-balancer"]!.utilization, (210 * 0.0001) / 2)).toBeLessThan(1e-12);
    expect(relErr(byName.web!.utilization, (105 * 0.00044) / 4)).toBeLessThan(1e-12);
    expect(relErr(byName.memcache!.utilization, (756 * 0.0001) / 4)).toBeLessThan(1e-12);
    expect(relErr(byName.database!.utilization, (579.6 * 0.002) / 8)).toBeLessThan(1e-12);
    // Capacity: the load at which a tier reaches 100 %.
    expect(
      relErr(byName.database!.capacityPerSec, 300 / byName.database!.utilization),
    ).toBeLessThan(1e-12);
    expect(s.capacityPerSec).toBe(Math.min(...s.tiers.map((t) => t.capacityPerSec)));
    expect(s.bottleneck).toBe("app");
    expect(s.costPerMonth).toBe(4 * 160 + 600);
  });

  it("each tier is an M/M/c per server; the app waits for memcache and the database", () => {
    const s = evaluateStack(full);
    const cache = mmc({ arrivalRatePerSec: 300, serviceTimeSec: 0.00027, servers: 4 });
    expect(relErr(s.tiers[0]!.meanResponseTimeSec, cache.meanResponseTimeSec)).toBeLessThan(1e-12);
    // Memcache and the database hold at most the 64 app threads' calls, a cap out of reach here.
    const mc = mmc({ arrivalRatePerSec: 756, serviceTimeSec: 0.0001, servers: 4 });
    const db = mmc({ arrivalRatePerSec: 579.6, serviceTimeSec: 0.002, servers: 8 });
    expect(relErr(s.tiers[4]!.meanResponseTimeSec, mc.meanResponseTimeSec)).toBeLessThan(1e-9);
    expect(relErr(s.tiers[5]!.meanResponseTimeSec, db.meanResponseTimeSec)).toBeLessThan(1e-9);
    // I/O of a dynamic request: its own 5 ms plus 6 lookups and 4.6 queries at their times; the
    // variance of each call is its M/M/c response-time variance, the app's own I/O has SCV 1
    // over 4 bursts: 0.005²/4.
    const io = 0.005 + 6 * mc.meanResponseTimeSec + 4.6 * db.meanResponseTimeSec;
    const variance =
      0.005 ** 2 / 4 + 6 * mc.responseTimeVarianceSec2 + 4.6 * db.responseTimeVarianceSec2;
    const app = evaluateDeployment({
      deployment: { kind: "daemon", processes: 4, threads: 4 },
      app: {
        cpuTimeSec: 0.025,
        ioTimeSec: io,
        burstsPerRequest: 4,
        ioTimeScv: (4 * variance) / io ** 2,
      },
      machine,
      load: { arrivalRatePerSec: (300 * 0.42) / 4 },
    });
    expect(relErr(s.app.meanResponseTimeSec, app.meanResponseTimeSec)).toBeLessThan(1e-9);
    expect(relErr(s.tiers[3]!.meanResponseTimeSec, app.meanResponseTimeSec)).toBeLessThan(1e-9);
    expect(relErr(s.tiers[3]!.memoryBytes, 4 * app.pssBytes)).toBeLessThan(1e-12);
  });

  it("database shards and replicas: writes on the primary, reads spread, replicas apply writes", () => {
    // 100 req/s, 10 queries, 20 % writes, 2 shards × (1 + 1): per request 8 reads → 2 per server,
    // 2 writes → 1 per shard. Primary (2 + 1)·2 ms at 100/s on 4 cores: 15 %; replica
    // (2 + 0.5·1)·2 ms: 12.5 %.
    const s = evaluateStack({
      stack: {
        tiers: [
          { kind: "app", deployment: { kind: "prefork", processes: 8 } },
          {
            kind: "database",
            shards: 2,
            readReplicas: 1,
            queriesPerRequest: 10,
            writeFraction: 0.2,
            serviceTimeSec: 0.002,
            coresPerServer: 4,
            replicationCostFraction: 0.5,
          },
        ],
      },
      app: { cpuTimeSec: 0.001, ioTimeSec: 0 },
      machine,
      load: { arrivalRatePerSec: 100 },
    });
    const db = s.tiers[1]!;
    expect(relErr(db.utilization, 0.15)).toBeLessThan(1e-12);
    expect(db.servers).toBe(4);
    expect([db.shards, db.readReplicas]).toEqual([2, 1]);
    // A query's time: 4 of the 10 queries are reads on a replica (half of the 8 reads), a
    // 4-server queue with 300 operations/s (200 reads, 100 writes to apply) of mean 2.5/3 · 2 ms;
    // the other 6 run on the primary, 300 operations/s of 2 ms. The 8 app processes are the
    // only callers, so neither ever holds more than 8: M/M/4/8.
    const primary = mmck({
      arrivalRatePerSec: 300,
      serviceTimeSec: 0.002,
      servers: 4,
      capacity: 8,
    });
    const replica = mmck({
      arrivalRatePerSec: 300,
      serviceTimeSec: 0.005 / 3,
      servers: 4,
      capacity: 8,
    });
    expect(
      relErr(db.meanResponseTimeSec, 0.6 * primary.meanWaitSec + 0.4 * replica.meanWaitSec + 0.002),
    ).toBeLessThan(1e-9);
  });

  it("no more app workers than database cores: a query never waits (exact)", () => {
    // 2 app servers × 4 processes = 8 callers, 8 cores: at most 8 queries at once, none queues,
    // however busy the database is (found by the stack simulator, where M/M/8 charged a wait).
    const s = evaluateStack({
      stack: {
        tiers: [
          { kind: "app", servers: 2, deployment: { kind: "prefork", processes: 4 } },
          {
            kind: "database",
            queriesPerRequest: 12,
            writeFraction: 0.1,
            serviceTimeSec: 0.004,
            coresPerServer: 8,
          },
        ],
      },
      app: { cpuTimeSec: 0.02, ioTimeSec: 0.01, burstsPerRequest: 10, contextSwitchSec: 0 },
      machine,
      load: { arrivalRatePerSec: 96 },
    });
    expect(s.tiers[1]!.meanResponseTimeSec).toBe(0.004);
    // Each worker holds a request for 20 + 10 + 12 × 4 = 78 ms: 8 workers carry 8/0.078 req/s.
    expect(relErr(s.capacityPerSec, 8 / 0.078)).toBeLessThan(1e-9);
  });

  it("paths mix by their shares: half the requests hit the cache, half go to the app", () => {
    // No load, so nothing waits: a hit is Exp(1 ms) and a miss Exp(10 ms) plus a 0.1 µs miss
    // time; the p99 solves ½e^(−t/0.001) + ½e^(−t/0.01) = 0.01, found here by bisection.
    const s = evaluateStack({
      stack: {
        tiers: [
          { kind: "http-cache", hitRatio: 0.5, hitTimeSec: 0.001, missTimeSec: 1e-7 },
          { kind: "app", deployment: { kind: "prefork", processes: 1 } },
        ],
      },
      app: { cpuTimeSec: 0.01, ioTimeSec: 0 },
      machine: { cores: 1, memoryBytes: GiB(8) },
      load: { arrivalRatePerSec: 0 },
    });
    const tail = (t: number) => 0.5 * Math.exp(-t / 0.001) + 0.5 * Math.exp(-t / 0.01);
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (tail(mid) > 0.01) lo = mid;
      else hi = mid;
    }
    expect(relErr(s.responseTimeQuantileSec(0.99), lo)).toBeLessThan(1e-4);
    expect(relErr(s.meanResponseTimeSec, 0.5 * 0.001 + 0.5 * (0.01 + 1e-7))).toBeLessThan(1e-12);
  });

  it("an overloaded database: unstable, the app's calls never return, no NaN", () => {
    // Queries of 6 ms: the database saturates at 8 / (1.932 × 0.006) = 690 req/s, before the app.
    const slow: EvaluateStackInput = {
      ...full,
      stack: {
        tiers: full.stack.tiers.map((t) =>
          t.kind === "database" ? { ...t, serviceTimeSec: 0.006 } : t,
        ),
      },
      load: { arrivalRatePerSec: 1000 },
    };
    const s = evaluateStack(slow);
    expect(s.stable).toBe(false);
    expect(s.meanResponseTimeSec).toBe(Infinity);
    expect(s.responseTimeQuantileSec(0.99)).toBe(Infinity);
    const db = s.tiers.find((t) => t.kind === "database")!;
    expect(relErr(db.utilization, (1000 * 1.932 * 0.006) / 8)).toBeLessThan(1e-12);
    expect(s.tiers.find((t) => t.kind === "app")!.utilization).toBe(Infinity);
    expect(relErr(db.capacityPerSec, 8 / (1.932 * 0.006))).toBeLessThan(1e-12);
    // The app's threads fill up waiting for it at the same load: the lower of equals is named.
    expect(s.bottleneck).toBe("database");
    expect(relErr(s.capacityPerSec, db.capacityPerSec)).toBeLessThan(1e-9);
    for (const t of s.tiers) {
      for (const v of Object.values(t)) if (typeof v === "number") expect(v).not.toBeNaN();
    }
  });

  it("the app tier's capacity accounts for its calls slowing down, whatever the load evaluated", () => {
    // Two processes × two threads per app server: bound by threads, so its capacity depends on
    // how long the database takes.
    const threadBound: EvaluateStackInput = {
      ...full,
      stack: {
        tiers: full.stack.tiers.map((t) =>
          t.kind === "app" ? { ...t, deployment: { kind: "daemon", processes: 2, threads: 2 } } : t,
        ),
      },
    };
    const at = (rate: number) =>
      evaluateStack({ ...threadBound, load: { arrivalRatePerSec: rate } });
    const capacity = at(300).capacityPerSec;
    expect(relErr(at(1200).capacityPerSec, capacity)).toBeLessThan(1e-9);
    expect(at(300).bottleneck).toBe("app");
    expect(at(capacity * (1 - 1e-6)).stable).toBe(true);
    expect(at(capacity * (1 + 1e-6)).stable).toBe(false);
    // Below the linear extrapolation from one load: the database's answers slow down with it.
    const s = at(300);
    const app = s.tiers[3]!;
    expect(capacity).toBeLessThan(300 / app.utilization);
    const limit = app.loadAtUtilizationPerSec(0.8);
    expect(relErr(at(limit).tiers[3]!.utilization, 0.8)).toBeLessThan(1e-9);
  });

  it("errors name the path of the bad field", () => {
    const withTier = (i: number, patch: Record<string, unknown>): EvaluateStackInput => ({
      ...full,
      stack: {
        tiers: full.stack.tiers.map((t, j) => (j === i ? ({ ...t, ...patch } as TierInput) : t)),
      },
    });
    const cases: [EvaluateStackInput, RegExp][] = [
      [
        withTier(0, { hitRatio: 1.4 }),
        /`stack\.tiers\[0\]\.hitRatio` must be a number in \[0, 1\] \(got 1\.4\)/,
      ],
      [withTier(2, { proxyTimeSec: -1 }), /stack\.tiers\[2\]\.proxyTimeSec/],
      [withTier(2, { staticTimeSec: undefined }), /stack\.tiers\[2\]\.staticTimeSec/],
      [
        withTier(3, { deployment: { kind: "prefork", processes: 0 } }),
        /stack\.tiers\[3\]\.deployment\.processes/,
      ],
      [withTier(4, { hitratio: 0.9 }), /stack\.tiers\[4\]\.hitratio` must be absent/],
      [
        withTier(4, { lookupsPerRequest: 20 }),
        /stack\.tiers\[4\]\.lookupsPerRequest.*at most the database reads per request/,
      ],
      [withTier(5, { kind: "web" }), /stack\.tiers\[5\]\.kind/],
      [{ ...full, stack: { tiers: [full.stack.tiers[0]!] } }, /one tier of kind "app"/],
      [{ ...full, prices: { db: 1 } }, /`prices\.db` must be a price for a tier of the stack/],
      [{ ...full, load: { arrivalRatePerSec: -1 } }, /load\.arrivalRatePerSec/],
    ];
    for (const [input, message] of cases) {
      expect(() => evaluateStack(input)).toThrow(ModelInputError);
      expect(() => evaluateStack(input)).toThrow(message);
    }
  });

  it("property: adding a server, shard or replica anywhere never raises the bottleneck's utilization", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 10, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (at, rate, cacheHit, writeFraction) => {
          const base: EvaluateStackInput = {
            ...full,
            stack: {
              tiers: full.stack.tiers.map((t) =>
                t.kind === "http-cache"
                  ? { ...t, hitRatio: cacheHit }
                  : t.kind === "database"
                    ? { ...t, writeFraction, queriesPerRequest: 10 }
                    : t.kind === "memcache"
                      ? { ...t, lookupsPerRequest: 9 * (1 - writeFraction) }
                      : t,
              ),
            },
            load: { arrivalRatePerSec: rate },
          };
          const before = evaluateStack(base);
          const b = before.tiers.findIndex((t) => t.name === before.bottleneck);
          const grown = base.stack.tiers.map((t, i): TierInput => {
            if (i !== at) return t;
            if (t.kind === "memcache") return { ...t, shards: 2 };
            if (t.kind === "database") return { ...t, readReplicas: 1 };
            return { ...t, servers: (t.servers ?? 1) + 1 };
          });
          const after = evaluateStack({ ...base, stack: { tiers: grown } });
          expect(after.tiers[b]!.utilization).toBeLessThanOrEqual(
            before.tiers[b]!.utilization * (1 + 1e-12),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
