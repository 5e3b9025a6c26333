import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluateStack,
  GiB,
  ModelInputError,
  planCapacity,
  type EvaluateStackInput,
  type TierInput,
} from "../../../src/index.js";
import { relErr } from "../../helpers.js";

/** A random stack whose app, memcache (maybe) and database share one host. */
const hostedStack = fc.record({
  cores: fc.integer({ min: 1, max: 16 }),
  machines: fc.integer({ min: 1, max: 3 }),
  processes: fc.integer({ min: 1, max: 24 }),
  appCpuSec: fc.double({ min: 0.001, max: 0.05, noNaN: true }),
  appIoSec: fc.double({ min: 0, max: 0.02, noNaN: true }),
  bursts: fc.integer({ min: 1, max: 6 }),
  memcache: fc.boolean(),
  lookups: fc.integer({ min: 0, max: 3 }),
  hitRatio: fc.double({ min: 0, max: 1, noNaN: true }),
  queries: fc.integer({ min: 4, max: 12 }),
  writeFraction: fc.double({ min: 0, max: 0.25, noNaN: true }),
  queryCpuSec: fc.double({ min: 0.0001, max: 0.005, noNaN: true }),
  u: fc.double({ min: 0.02, max: 0.95, noNaN: true }),
});
type Hosted = typeof hostedStack extends fc.Arbitrary<infer T> ? T : never;

function question(
  h: Hosted,
  rate: number,
): EvaluateStackInput & { load: { arrivalRatePerSec: number } } {
  const tiers: TierInput[] = [
    { kind: "app", host: "box", deployment: { kind: "prefork", processes: h.processes } },
  ];
  if (h.memcache) {
    tiers.push({
      kind: "memcache",
      host: "box",
      hitRatio: h.hitRatio,
      lookupsPerRequest: h.lookups,
      cpuTimeSec: 2e-5,
      nonCpuTimeSec: 1e-4,
    });
  }
  tiers.push({
    kind: "database",
    host: "box",
    queriesPerRequest: h.queries,
    writeFraction: h.writeFraction,
    cpuTimeSec: h.queryCpuSec,
    nonCpuTimeSec: 5e-4,
  });
  return {
    stack: {
      hosts: [{ name: "box", cores: h.cores, memoryBytes: GiB(16), machines: h.machines }],
      tiers,
    },
    app: {
      cpuTimeSec: h.appCpuSec,
      ioTimeSec: h.appIoSec,
      burstsPerRequest: h.bursts,
      contextSwitchSec: 0,
    },
    machine: { cores: h.cores, memoryBytes: GiB(16) },
    load: { arrivalRatePerSec: rate },
  };
}

describe("evaluateStack with co-located tiers: properties for every stack", () => {
  it("the host's utilization is the sum of its tiers' CPU demand ÷ cores, in [0, 1] below capacity", () => {
    fc.assert(
      fc.property(hostedStack, (h) => {
        const capacity = evaluateStack(question(h, 1)).hosts[0]!.capacityPerSec;
        const rate = h.u * capacity;
        const e = evaluateStack(question(h, rate));
        const host = e.hosts[0]!;
        // By hand from the inputs: per machine, the app's CPU, the lookups' and the queries'.
        const hits = h.memcache ? h.lookups * h.hitRatio : 0;
        const reads = Math.max(0, h.queries * (1 - h.writeFraction) - hits);
        const demandSec =
          (h.appCpuSec +
            (h.memcache ? h.lookups * 2e-5 : 0) +
            (reads + h.queries * h.writeFraction) * h.queryCpuSec) /
          h.machines;
        expect(relErr(host.utilization, (rate * demandSec) / h.cores)).toBeLessThan(1e-9);
        expect(relErr(host.capacityPerSec, h.cores / demandSec)).toBeLessThan(1e-9);
        const busy = Object.values(host.busyCoresByTier).reduce((a, b) => a + b, 0);
        expect(relErr(host.utilization, busy / h.cores)).toBeLessThan(1e-9);
        expect(host.utilization).toBeGreaterThanOrEqual(0);
        expect(host.utilization).toBeLessThanOrEqual(1);
        // Every co-located tier but the app reports the host's utilization; the app at least it.
        for (const t of e.tiers) {
          if (t.kind === "app") expect(t.utilization).toBeGreaterThanOrEqual(host.utilization);
          else expect(relErr(t.utilization, host.utilization)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("Little's law per tier and end to end, and the waits are the host's", () => {
    fc.assert(
      fc.property(hostedStack, (h) => {
        const capacity = evaluateStack(question(h, 1)).capacityPerSec;
        const rate = h.u * capacity;
        const e = evaluateStack(question(h, rate));
        if (!e.stable) return;
        const host = e.hosts[0]!;
        const app = e.tiers[0]!;
        // The app servers: requests in them = their arrival rate × their mean time (L = λR).
        expect(
          relErr(e.app.inFlight, (rate / h.machines) * e.app.meanResponseTimeSec),
        ).toBeLessThan(1e-6);
        // End to end, every request passes the app servers only: λ·R = Σ over the servers' L.
        expect(relErr(rate * e.meanResponseTimeSec, h.machines * e.app.inFlight)).toBeLessThan(
          1e-6,
        );
        expect(relErr(app.meanResponseTimeSec, e.meanResponseTimeSec)).toBeLessThan(1e-12);
        // A query: the host's common wait, its CPU and its time off the cores.
        const db = e.tiers[e.tiers.length - 1]!;
        if (db.visitsPerRequest > 0) {
          expect(
            relErr(db.meanResponseTimeSec, host.meanCpuWaitSec + h.queryCpuSec + 5e-4),
          ).toBeLessThan(1e-12);
          // Queries in the database = its throughput × its mean time.
          expect(relErr(db.throughputPerSec, rate * db.visitsPerRequest)).toBeLessThan(1e-12);
        }
        expect(Number.isFinite(e.responseTimeQuantileSec(0.99))).toBe(true);
        expect(e.responseTimeQuantileSec(0.99)).toBeGreaterThanOrEqual(e.meanResponseTimeSec * 0.5);
      }),
      { numRuns: 100 },
    );
  });
});

describe("co-located tiers: bad input names the field and the value", () => {
  const good = (): ReturnType<typeof question> =>
    question(
      {
        cores: 4,
        machines: 1,
        processes: 4,
        appCpuSec: 0.01,
        appIoSec: 0,
        bursts: 1,
        memcache: true,
        lookups: 1,
        hitRatio: 0.5,
        queries: 4,
        writeFraction: 0,
        queryCpuSec: 0.001,
        u: 0.5,
      },
      50,
    );
  const tier = (q: EvaluateStackInput, i: number) =>
    q.stack.tiers[i] as unknown as Record<string, unknown>;

  const spoils: [string, (q: EvaluateStackInput) => void][] = [
    ["stack.tiers[2].host", (q) => void (tier(q, 2).host = "boxx")],
    ["stack.tiers[1].coresPerServer", (q) => void (tier(q, 1).coresPerServer = 8)],
    ["stack.tiers[2].shards", (q) => void (tier(q, 2).shards = 2)],
    ["stack.tiers[2].readReplicas", (q) => void (tier(q, 2).readReplicas = 1)],
    ["stack.tiers[0].servers", (q) => void (tier(q, 0).servers = 2)],
    ["stack.hosts[0].cores", (q) => void (q.stack.hosts![0]!.cores = 2.5)],
    ["stack.hosts[0].machines", (q) => void (q.stack.hosts![0]!.machines = 0)],
    // A second host of the same name; a host no tier uses.
    ["stack.hosts[1].name", (q) => void q.stack.hosts!.push({ ...q.stack.hosts![0]! })],
    [
      "stack.hosts[1].name",
      (q) => void q.stack.hosts!.push({ name: "idle", cores: 1, memoryBytes: GiB(1) }),
    ],
    ["machine.cores", (q) => void (q.machine.cores = 8)],
  ];
  it.each(spoils)("%s", (field, spoil) => {
    const q = good();
    spoil(q);
    expect(() => evaluateStack(q)).toThrow(ModelInputError);
    expect(() => evaluateStack(q)).toThrow(field);
  });

  it("a web tier cannot name a host (only app, memcache and database share one)", () => {
    const q = good();
    q.stack.tiers.unshift({ kind: "web", proxyTimeSec: 0.001, host: "box" } as TierInput);
    expect(() => evaluateStack(q)).toThrow("stack.tiers[0]");
  });

  it("the message names the hosts there are", () => {
    const q = good();
    tier(q, 2).host = "boxx";
    expect(() => evaluateStack(q)).toThrow('one of "box" (stack.hosts)');
  });

  it("the planner refuses appMachines for an app on a host", () => {
    const q = good();
    expect(() =>
      planCapacity({
        ...q,
        slo: { responseTimeSec: 0.5 },
        appMachines: [{ name: "big", cores: 8, memoryBytes: GiB(16), pricePerMonth: 100 }],
      }),
    ).toThrow("appMachines");
  });
});
