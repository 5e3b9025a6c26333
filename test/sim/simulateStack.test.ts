import { describe, expect, it } from "vitest";
import { evaluateStack, GiB, mmc, ModelInputError } from "../../src/index.js";
import type { EvaluateStackInput } from "../../src/index.js";
import { simulateStack } from "../../src/sim/simulateStack.js";
import { relErr } from "../helpers.js";

const machine = { cores: 4, memoryBytes: GiB(8) };

/** Half the width of a 95 % interval. */
const half = (e: { low: number; high: number }): number => (e.high - e.low) / 2;

// The simulator checks the stack where queueing theory is exact; the measured errors of
// evaluateStack's approximations come from scripts/measure-stack-model.mjs.
describe("simulateStack agrees with exact cases", () => {
  it("one app server, one process on one core, no I/O: M/M/1 (mean S/(1 − ρ), p99 S·ln(100)/(1 − ρ))", () => {
    // M/M/1 with S = 20 ms at ρ = 0.6: R = 50 ms, exponential, p99 = 50 ms · ln 100 = 230.26 ms.
    const input: EvaluateStackInput = {
      stack: { tiers: [{ kind: "app", deployment: { kind: "prefork", processes: 1 } }] },
      app: { cpuTimeSec: 0.02, ioTimeSec: 0 },
      machine: { cores: 1, memoryBytes: GiB(1) },
      load: { arrivalRatePerSec: 30 },
    };
    const sim = simulateStack(input, { requests: 200_000, seed: 3 });
    const mean = 0.02 / (1 - 0.6);
    expect(Math.abs(sim.meanResponseTimeSec.mean - mean)).toBeLessThan(
      2 * half(sim.meanResponseTimeSec),
    );
    expect(relErr(sim.meanResponseTimeSec.mean, mean)).toBeLessThan(0.03);
    expect(relErr(sim.responseTimeQuantileSec(0.99), mean * Math.log(100))).toBeLessThan(0.03);
    expect(relErr(sim.responseTimeQuantileSec(0.5), mean * Math.log(2))).toBeLessThan(0.03);
    expect(relErr(sim.tiers[0]!.utilization, 0.6)).toBeLessThan(0.02);
    expect(relErr(sim.throughputPerSec, 30)).toBeLessThan(0.02);
    // The model is exact here, so the two agree to the simulation's precision.
    const model = evaluateStack(input);
    expect(relErr(sim.meanResponseTimeSec.mean, model.meanResponseTimeSec)).toBeLessThan(0.03);
  });

  it("an HTTP cache that answers everything, two cores: M/M/2 at ρ = 0.6", () => {
    const input: EvaluateStackInput = {
      stack: {
        tiers: [
          { kind: "http-cache", hitRatio: 1, hitTimeSec: 0.01, coresPerServer: 2 },
          { kind: "app", deployment: { kind: "prefork", processes: 1 } },
        ],
      },
      app: { cpuTimeSec: 0.02, ioTimeSec: 0 },
      machine,
      load: { arrivalRatePerSec: 120 },
    };
    const exact = mmc({ arrivalRatePerSec: 120, serviceTimeSec: 0.01, servers: 2 });
    const sim = simulateStack(input, { requests: 200_000, seed: 5 });
    expect(Math.abs(sim.meanResponseTimeSec.mean - exact.meanResponseTimeSec)).toBeLessThan(
      2 * half(sim.meanResponseTimeSec),
    );
    expect(relErr(sim.meanResponseTimeSec.mean, exact.meanResponseTimeSec)).toBeLessThan(0.03);
    expect(
      relErr(sim.responseTimeQuantileSec(0.99), exact.responseTimeQuantileSec(0.99)),
    ).toBeLessThan(0.03);
    expect(relErr(sim.tiers[0]!.utilization, 0.6)).toBeLessThan(0.02);
    expect(sim.tiers[1]!.throughputPerSec).toBe(0);
  });

  it("passes each front tier once on the way in: at a tiny load, the mean is the paths' service times", () => {
    // Hit 30 %: 0.2 ms. Miss: 0.3 ms + lb 0.1 ms, then static 40 % (0.5 ms) or proxy 0.4 ms + app
    // CPU 10 ms + I/O 5 ms. Mean = 0.3·0.2 + 0.7·(0.4 + 0.4·0.5 + 0.6·15.4) = 6.948 ms.
    const input: EvaluateStackInput = {
      stack: {
        tiers: [
          { kind: "http-cache", hitRatio: 0.3, hitTimeSec: 0.0002, missTimeSec: 0.0003 },
          { kind: "load-balancer", serviceTimeSec: 0.0001 },
          { kind: "web", staticFraction: 0.4, staticTimeSec: 0.0005, proxyTimeSec: 0.0004 },
          { kind: "app", deployment: { kind: "prefork", processes: 2 } },
        ],
      },
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.005, burstsPerRequest: 3 },
      machine,
      load: { arrivalRatePerSec: 0.01 },
    };
    const sim = simulateStack(input, { requests: 100_000, seed: 7 });
    expect(relErr(sim.meanResponseTimeSec.mean, 0.006948)).toBeLessThan(0.02);
    expect(
      relErr(sim.meanResponseTimeSec.mean, evaluateStack(input).meanResponseTimeSec),
    ).toBeLessThan(0.02);
    expect(relErr(sim.tiers[2]!.throughputPerSec / sim.throughputPerSec, 0.7)).toBeLessThan(0.02);
    expect(relErr(sim.tiers[3]!.throughputPerSec / sim.throughputPerSec, 0.42)).toBeLessThan(0.02);
  });

  it("a sharded, replicated database behind memcache: visits and utilization by hand", () => {
    // 100 dynamic req/s. Q = 5 queries, w = 25 % writes: 3.75 reads, 1.25 writes; L = 2.5 lookups
    // at 60 % hits leave 3.75 − 1.5 = 2.25 reads. 2 shards × (primary + 1 replica), 2 cores each,
    // S = 4 ms: reads per server 100·2.25/4 = 56.25/s, writes per shard 62.5/s.
    // Primary: (56.25 + 62.5)·0.004/2 = 0.2375; replica (replays at half cost):
    // (56.25 + 0.5·62.5)·0.004/2 = 0.175; over the four servers 0.20625.
    const input: EvaluateStackInput = {
      stack: {
        tiers: [
          { kind: "app", servers: 2, deployment: { kind: "prefork", processes: 4 } },
          { kind: "memcache", hitRatio: 0.6, lookupsPerRequest: 2.5, serviceTimeSec: 0.0001 },
          {
            kind: "database",
            shards: 2,
            readReplicas: 1,
            queriesPerRequest: 5,
            writeFraction: 0.25,
            serviceTimeSec: 0.004,
            replicationCostFraction: 0.5,
            coresPerServer: 2,
          },
        ],
      },
      app: { cpuTimeSec: 0.001, ioTimeSec: 0 },
      machine,
      load: { arrivalRatePerSec: 100 },
    };
    const sim = simulateStack(input, { requests: 100_000, seed: 9 });
    const [app, memcache, db] = sim.tiers;
    expect(relErr(memcache!.throughputPerSec, 250)).toBeLessThan(0.02);
    expect(relErr(db!.throughputPerSec, 350)).toBeLessThan(0.02);
    expect(relErr(db!.meanUtilization, 0.20625)).toBeLessThan(0.02);
    expect(relErr(db!.utilization, 0.2375)).toBeLessThan(0.03);
    expect(evaluateStack(input).tiers[2]!.utilization).toBeCloseTo(0.2375, 12);
    // The app's worker processes are busy for the request's whole time at the app.
    expect(relErr(app!.meanUtilization, (100 * app!.meanResponseTimeSec) / 8)).toBeLessThan(0.03);
  });

  it("is reproducible from its seed and changes with it", () => {
    const input: EvaluateStackInput = {
      stack: { tiers: [{ kind: "app", deployment: { kind: "prefork", processes: 2 } }] },
      app: { cpuTimeSec: 0.02, ioTimeSec: 0.01 },
      machine,
      load: { arrivalRatePerSec: 50 },
    };
    const a = simulateStack(input, { requests: 5_000, seed: 5 });
    const b = simulateStack(input, { requests: 5_000, seed: 5 });
    const c = simulateStack(input, { requests: 5_000, seed: 6 });
    expect(a.meanResponseTimeSec.mean).toBe(b.meanResponseTimeSec.mean);
    expect(a.meanResponseTimeSec.mean).not.toBe(c.meanResponseTimeSec.mean);
  });

  it("rejects what it does not simulate and bad input, by field", () => {
    const input = (deployment: object, cores = 4): EvaluateStackInput => ({
      stack: { tiers: [{ kind: "app", deployment: deployment as { kind: "prefork" } }] },
      app: { cpuTimeSec: 0.02, ioTimeSec: 0 },
      machine: { cores, memoryBytes: GiB(8) },
      load: { arrivalRatePerSec: 10 },
    });
    expect(() => simulateStack(input({ kind: "daemon", processes: 2, threads: 4 }))).toThrow(
      ModelInputError,
    );
    expect(() => simulateStack(input({ kind: "threaded" }))).toThrow(
      /`stack\.tiers\[0\]\.deployment\.kind`/,
    );
    expect(() => simulateStack(input({ kind: "prefork", processes: 5 }))).toThrow(
      /`stack\.tiers\[0\]\.deployment\.processes`/,
    );
    expect(() =>
      simulateStack(input({ kind: "prefork", processes: 2, dispatch: "pinned" })),
    ).toThrow(/`stack\.tiers\[0\]\.deployment\.dispatch`/);
    expect(() =>
      simulateStack({
        ...input({ kind: "prefork" }),
        stack: {
          tiers: [
            { kind: "http-cache", hitRatio: 1.5, hitTimeSec: 0.001 },
            { kind: "app", deployment: { kind: "prefork" } },
          ],
        },
      }),
    ).toThrow(/`stack\.tiers\[0\]\.hitRatio`/);
    expect(() =>
      simulateStack({ ...input({ kind: "prefork" }), load: { arrivalRatePerSec: 0 } }),
    ).toThrow(/`load\.arrivalRatePerSec`/);
    expect(() => simulateStack(input({ kind: "prefork" }), { requests: 10 })).toThrow(
      /`options\.requests`/,
    );
    const sim = simulateStack(input({ kind: "prefork" }), { requests: 1_000 });
    expect(() => sim.responseTimeQuantileSec(1)).toThrow(/`p`/);
  });
});
