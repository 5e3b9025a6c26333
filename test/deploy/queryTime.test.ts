import { describe, expect, it } from "vitest";
import { evaluateDeployment, evaluateStack, GiB, mmc, ModelInputError } from "../../src/index.js";
import type { DeploymentInput, EvaluateStackInput, TierInput } from "../../src/index.js";
import { simulateStack } from "../../src/sim/simulateStack.js";
import { relErr } from "../helpers.js";

const machine = { cores: 4, memoryBytes: GiB(8) };

/** One async process (1000 requests at once: far more callers than database cores), or `deployment`, and a database. */
function withDatabase(
  database: Record<string, unknown>,
  rate = 100,
  deployment: DeploymentInput = { kind: "async", processes: 1 },
): EvaluateStackInput {
  return {
    stack: {
      tiers: [
        { kind: "app", deployment },
        { kind: "database", queriesPerRequest: 1, coresPerServer: 4, ...database } as TierInput,
      ],
    },
    app: { cpuTimeSec: 0.001, ioTimeSec: 0 },
    machine,
    load: { arrivalRatePerSec: rate },
  };
}

describe("a query's database CPU and non-CPU time", () => {
  it("2 ms of CPU and 8 ms off the cores at 100 queries/s on 4 cores (worked by hand)", () => {
    const s = evaluateStack(withDatabase({ cpuTimeSec: 0.002, nonCpuTimeSec: 0.008 }));
    const db = s.tiers[1]!;
    // Only the CPU loads the cores: 100 queries/s × 0.002 s ÷ 4 cores = 0.05.
    expect(relErr(db.utilization, (100 * 0.002) / 4)).toBeLessThan(1e-12);
    // The database saturates at 4 cores ÷ 0.002 s = 2000 queries/s, one per request.
    expect(relErr(db.capacityPerSec, 4 / 0.002)).toBeLessThan(1e-12);
    // The query's time: M/M/4 with 2 ms service (1000 callers: the M/M/4/1000 cap is out of
    // reach), then the 8 ms delay.
    const queue = mmc({ arrivalRatePerSec: 100, serviceTimeSec: 0.002, servers: 4 });
    expect(relErr(db.meanResponseTimeSec, queue.meanResponseTimeSec + 0.008)).toBeLessThan(1e-12);
    // The app waits for it as I/O: mean R + 8 ms, variance Var R + 0.008² (an exponential delay);
    // one burst, so the I/O's SCV is that variance ÷ mean².
    const io = queue.meanResponseTimeSec + 0.008;
    const variance = queue.responseTimeVarianceSec2 + 0.008 ** 2;
    const app = evaluateDeployment({
      deployment: { kind: "async", processes: 1 },
      app: { cpuTimeSec: 0.001, ioTimeSec: io, ioTimeScv: variance / io ** 2 },
      machine,
      load: { arrivalRatePerSec: 100 },
    });
    expect(relErr(s.app.meanResponseTimeSec, app.meanResponseTimeSec)).toBeLessThan(1e-12);
    expect(relErr(s.meanResponseTimeSec, app.meanResponseTimeSec)).toBeLessThan(1e-12);
  });

  it("serviceTimeSec is all CPU: the same figures as cpuTimeSec without a delay", () => {
    const old = evaluateStack(withDatabase({ serviceTimeSec: 0.002 }, 1500));
    for (const split of [{ cpuTimeSec: 0.002 }, { cpuTimeSec: 0.002, nonCpuTimeSec: 0 }]) {
      const s = evaluateStack(withDatabase(split, 1500));
      expect(s.meanResponseTimeSec).toBe(old.meanResponseTimeSec);
      expect(s.responseTimeQuantileSec(0.99)).toBe(old.responseTimeQuantileSec(0.99));
      expect(s.tiers.map((t) => [t.utilization, t.meanResponseTimeSec])).toEqual(
        old.tiers.map((t) => [t.utilization, t.meanResponseTimeSec]),
      );
      expect(s.capacityPerSec).toBe(old.capacityPerSec);
    }
  });

  it("a delay moves no bottleneck: the database's capacity is its CPU's, whatever the delay", () => {
    // 1 ms of CPU on 4 cores: 4000 queries/s; the 50 ms delay only lengthens the app's requests.
    const s = evaluateStack(withDatabase({ cpuTimeSec: 0.001, nonCpuTimeSec: 0.05 }, 200));
    expect(relErr(s.tiers[1]!.capacityPerSec, 4 / 0.001)).toBeLessThan(1e-12);
    expect(s.tiers[1]!.meanResponseTimeSec).toBeGreaterThan(0.05);
  });

  it("memcache lookups split the same way: the CPU loads the shard, the round trip delays", () => {
    const s = evaluateStack({
      stack: {
        tiers: [
          { kind: "app", deployment: { kind: "async", processes: 1 } },
          {
            kind: "memcache",
            hitRatio: 1,
            lookupsPerRequest: 4,
            cpuTimeSec: 0.0001,
            nonCpuTimeSec: 0.0004,
            coresPerServer: 2,
          },
          { kind: "database", queriesPerRequest: 4, serviceTimeSec: 0.002 },
        ],
      },
      app: { cpuTimeSec: 0.001, ioTimeSec: 0 },
      machine,
      load: { arrivalRatePerSec: 500 },
    });
    const mc = s.tiers[1]!;
    // 500 req/s × 4 lookups = 2000 lookups/s × 0.1 ms ÷ 2 cores = 0.1.
    expect(relErr(mc.utilization, (2000 * 0.0001) / 2)).toBeLessThan(1e-12);
    const queue = mmc({ arrivalRatePerSec: 2000, serviceTimeSec: 0.0001, servers: 2 });
    expect(relErr(mc.meanResponseTimeSec, queue.meanResponseTimeSec + 0.0004)).toBeLessThan(1e-12);
  });

  it("the stack simulator delays a query by its non-CPU time without loading a core", () => {
    // 4 prefork processes, 4 database cores: a query never queues. 60 req/s × 3 queries × 2 ms
    // of CPU ÷ 4 cores = 0.09; a query takes 2 + 8 = 10 ms.
    const input = withDatabase(
      { queriesPerRequest: 3, writeFraction: 0.2, cpuTimeSec: 0.002, nonCpuTimeSec: 0.008 },
      60,
      { kind: "prefork", processes: 4 },
    );
    const sim = simulateStack(input, { requests: 50_000, seed: 7 });
    const model = evaluateStack(input);
    // The model adds the query's times in its own order: equal up to the rounding of the sums.
    expect(relErr(model.tiers[1]!.meanResponseTimeSec, 0.002 + 0.008)).toBeLessThan(1e-15);
    expect(relErr(model.tiers[1]!.utilization, (60 * 3 * 0.002) / 4)).toBeLessThan(1e-12);
    expect(relErr(sim.tiers[1]!.meanResponseTimeSec, 0.01)).toBeLessThan(0.02);
    expect(relErr(sim.tiers[1]!.utilization, (60 * 3 * 0.002) / 4)).toBeLessThan(0.05);
    expect(relErr(sim.meanResponseTimeSec.mean, model.meanResponseTimeSec)).toBeLessThan(0.05);
  });

  it("errors: both serviceTimeSec and cpuTimeSec, a delay without cpuTimeSec, neither, bad values", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { serviceTimeSec: 0.002, cpuTimeSec: 0.002 },
        /`stack\.tiers\[1\]\.cpuTimeSec` must be absent when `serviceTimeSec` is given/,
      ],
      [
        { serviceTimeSec: 0.002, nonCpuTimeSec: 0.008 },
        /`stack\.tiers\[1\]\.nonCpuTimeSec` must be absent when `serviceTimeSec` is given/,
      ],
      [
        {},
        /`stack\.tiers\[1\]\.serviceTimeSec` must be a time in seconds > 0 .*\(or `cpuTimeSec` with `nonCpuTimeSec`\)/,
      ],
      [{ nonCpuTimeSec: 0.008 }, /`stack\.tiers\[1\]\.cpuTimeSec` must be a time in seconds > 0/],
      [{ cpuTimeSec: 0 }, /`stack\.tiers\[1\]\.cpuTimeSec`.*\(got 0\)/],
      [{ cpuTimeSec: 0.002, nonCpuTimeSec: -1 }, /`stack\.tiers\[1\]\.nonCpuTimeSec`.*\(got -1\)/],
      [{ cpuTimeSec: 0.002, nonCpuTimeSec: NaN }, /`stack\.tiers\[1\]\.nonCpuTimeSec`/],
      [{ cpuTimeSec: 0.002, nonCpuTimeSecs: 1 }, /did you mean `nonCpuTimeSec`/],
    ];
    for (const [database, message] of cases) {
      expect(() => evaluateStack(withDatabase(database))).toThrow(ModelInputError);
      expect(() => evaluateStack(withDatabase(database))).toThrow(message);
    }
  });
});
