import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  evaluateStack,
  GiB,
  ModelInputError,
  simulateStack,
  type EvaluateStackInput,
} from "../../../src/index.js";
import { relErr } from "../../helpers.js";

/** A random app with its database, on servers of their own or on one shared host. */
const closedStack = fc.record({
  shared: fc.boolean(),
  cores: fc.integer({ min: 1, max: 8 }),
  servers: fc.integer({ min: 1, max: 3 }),
  processes: fc.integer({ min: 1, max: 8 }),
  threads: fc.integer({ min: 1, max: 4 }),
  appCpuSec: fc.double({ min: 0.001, max: 0.05, noNaN: true }),
  appIoSec: fc.double({ min: 0, max: 0.02, noNaN: true }),
  queries: fc.integer({ min: 1, max: 8 }),
  queryCpuSec: fc.double({ min: 0.0001, max: 0.004, noNaN: true }),
  otherCpuSec: fc.double({ min: 0, max: 0.002, noNaN: true }),
  clientsPerServer: fc.integer({ min: 1, max: 40 }),
  thinkTimeSec: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 2, noNaN: true })),
});
type Closed = typeof closedStack extends fc.Arbitrary<infer T> ? T : never;

/** A 2-core box running the app and its database, under one client. */
const BOX: Closed = {
  shared: true,
  cores: 2,
  servers: 1,
  processes: 2,
  threads: 1,
  appCpuSec: 0.003,
  appIoSec: 0,
  queries: 1,
  queryCpuSec: 0.001,
  otherCpuSec: 0,
  clientsPerServer: 1,
  thinkTimeSec: 0,
};

function question(c: Closed): EvaluateStackInput {
  const deployment = { kind: "daemon" as const, processes: c.processes, threads: c.threads };
  const database = {
    kind: "database" as const,
    queriesPerRequest: c.queries,
    cpuTimeSec: c.queryCpuSec,
  };
  return {
    stack: c.shared
      ? {
          hosts: [
            {
              name: "box",
              cores: c.cores,
              memoryBytes: GiB(64),
              machines: c.servers,
              otherCpuSecPerRequest: c.otherCpuSec,
            },
          ],
          tiers: [
            { kind: "app", host: "box", deployment },
            { ...database, host: "box" },
          ],
        }
      : {
          tiers: [
            { kind: "app", servers: c.servers, deployment },
            { ...database, coresPerServer: 8 },
          ],
        },
    app: { cpuTimeSec: c.appCpuSec, ioTimeSec: c.appIoSec, burstsPerRequest: 1 + c.queries },
    machine: { cores: c.cores, memoryBytes: GiB(64) },
    load: { clients: c.clientsPerServer * c.servers, thinkTimeSec: c.thinkTimeSec },
  };
}

describe("evaluateStack under a closed loop of clients", () => {
  it("keeps Little's law for the loop, and every figure within its bounds", () => {
    fc.assert(
      fc.property(closedStack, (c) => {
        const q = question(c);
        const e = evaluateStack(q);
        const n = c.clientsPerServer * c.servers;
        expect(e.stable).toBe(true);
        expect(e.arrivalRatePerSec).toBeGreaterThan(0);
        // clients = X · (Z + R): the loop's throughput is the stack's.
        const r = e.meanResponseTimeSec;
        expect(relErr(e.arrivalRatePerSec * (c.thinkTimeSec + r), n)).toBeLessThan(1e-9);
        // Never more than the clients could send with no wait at all, nor than the stack's capacity.
        expect(e.arrivalRatePerSec).toBeLessThanOrEqual(e.capacityPerSec * (1 + 1e-9));
        for (const t of e.tiers) {
          expect(t.utilization).toBeGreaterThanOrEqual(0);
          expect(t.utilization).toBeLessThanOrEqual(1 + 1e-9);
        }
        for (const h of e.hosts) {
          expect(h.utilization).toBeLessThanOrEqual(1 + 1e-9);
          expect(h.otherBusyCores).toBeCloseTo(
            (e.arrivalRatePerSec * c.otherCpuSec) / c.servers,
            9,
          );
        }
        // The quantiles are ordered and at least the mean's floor.
        expect(e.responseTimeQuantileSec(0.5)).toBeLessThanOrEqual(e.responseTimeQuantileSec(0.99));
      }),
      { numRuns: 60 },
    );
  });

  it("with the app alone, is the deployment's closed loop", () => {
    const input = {
      deployment: { kind: "daemon" as const, processes: 2, threads: 4 },
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.02, burstsPerRequest: 3 },
      machine: { cores: 2, memoryBytes: GiB(8) },
      load: { clients: 12, thinkTimeSec: 0.1 },
    };
    const alone = evaluateDeployment(input);
    const stack = evaluateStack({
      stack: { tiers: [{ kind: "app", deployment: input.deployment }] },
      app: input.app,
      machine: input.machine,
      load: input.load,
    });
    expect(relErr(stack.arrivalRatePerSec, alone.throughputPerSec)).toBeLessThan(1e-9);
    expect(relErr(stack.meanResponseTimeSec, alone.meanResponseTimeSec)).toBeLessThan(1e-9);
    expect(
      relErr(stack.responseTimeQuantileSec(0.99), alone.responseTimeQuantileSec(0.99)),
    ).toBeLessThan(1e-9);
  });

  it("more clients never carry less, and wait longer", () => {
    const base: Closed = {
      ...BOX,
      threads: 4,
      appIoSec: 0.001,
      queries: 2,
      queryCpuSec: 0.0006,
      otherCpuSec: 0.0003,
    };
    let last = { x: 0, r: 0 };
    for (const n of [1, 2, 4, 8, 16, 32, 64]) {
      const e = evaluateStack(question({ ...base, clientsPerServer: n }));
      expect(e.arrivalRatePerSec).toBeGreaterThanOrEqual(last.x * (1 - 1e-9));
      expect(e.meanResponseTimeSec).toBeGreaterThanOrEqual(last.r * (1 - 1e-9));
      last = { x: e.arrivalRatePerSec, r: e.meanResponseTimeSec };
    }
  });

  it("other processes on the host take cores from the app", () => {
    const base: Closed = { ...BOX, clientsPerServer: 32 };
    const without = evaluateStack(question(base));
    const withOther = evaluateStack(question({ ...base, otherCpuSec: 0.001 }));
    // Saturated: the host's cores over the CPU per request, 2 / 4 ms against 2 / 5 ms at most.
    expect(without.arrivalRatePerSec).toBeLessThanOrEqual(500);
    expect(withOther.arrivalRatePerSec).toBeLessThanOrEqual(400 * (1 + 1e-9));
    expect(withOther.arrivalRatePerSec).toBeLessThan(without.arrivalRatePerSec);
    expect(withOther.hosts[0]!.otherBusyCores).toBeCloseTo(withOther.arrivalRatePerSec * 0.001, 12);
  });

  it("refuses loops it does not follow, naming the field", () => {
    const q = question({ ...BOX, shared: false, servers: 2, processes: 1, appCpuSec: 0.01 });
    expect(() => evaluateStack({ ...q, load: { clients: 3, thinkTimeSec: 0 } })).toThrow(
      /load\.clients.*multiple of the app's 2 servers/,
    );
    const cached = {
      ...q,
      stack: {
        tiers: [
          { kind: "http-cache" as const, hitRatio: 0.5, hitTimeSec: 0.0001 },
          ...q.stack.tiers,
        ],
      },
    };
    expect(() => evaluateStack({ ...cached, load: { clients: 2, thinkTimeSec: 0 } })).toThrow(
      ModelInputError,
    );
    expect(() =>
      evaluateStack({ ...q, load: { clients: 2, arrivalRatePerSec: 3 } as never }),
    ).toThrow(/load\.clients/);
    const hosted = question({ ...BOX, processes: 1, appCpuSec: 0.01, otherCpuSec: 0.001 });
    const bad = structuredClone(hosted);
    (bad.stack.hosts![0] as { otherCpuSecPerRequest: number }).otherCpuSecPerRequest = -1;
    expect(() => evaluateStack(bad)).toThrow(/stack\.hosts\[0\]\.otherCpuSecPerRequest/);
    // The simulation runs the tiers' work only: it refuses other processes rather than drop them.
    const open = { ...hosted, load: { arrivalRatePerSec: 10 } };
    expect(() => simulateStack(open)).toThrow(/stack\.hosts\[0\]\.otherCpuSecPerRequest/);
  });
});
