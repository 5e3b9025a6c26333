import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cfsThrottling, evaluateDeployment, GiB } from "../../src/index.js";
import { holdMoments, throttledHold } from "../../src/deploy/throttledResponse.js";
import { relErr } from "../helpers.js";

// Properties of the throttled response-time law (src/deploy/throttledResponse.ts) that hold for
// every input; its accuracy against the simulated quota is measured by
// scripts/measure-throttling.mjs.
const cpu = 0.02;
const question = (limit: number, period: number, processes: number, share: number) => ({
  deployment: { kind: "prefork" as const, processes },
  app: { cpuTimeSec: cpu, ioTimeSec: 0.01 },
  machine: { cores: 8, memoryBytes: GiB(64), cpuLimitCores: limit, cpuPeriodSec: period },
  load: { arrivalRatePerSec: (share * limit) / cpu },
});
const limits = fc.constantFrom(0.25, 0.5, 1, 1.5);
const periods = fc.constantFrom(0.01, 0.1);

describe("the throttled response time", () => {
  it("mean, p50, p90 and p99 do not fall as the load grows (fast-check)", () => {
    fc.assert(
      fc.property(
        limits,
        periods,
        fc.integer({ min: 2, max: 8 }),
        fc.double({ min: 0.1, max: 0.85, noNaN: true }),
        fc.double({ min: 0.01, max: 0.1, noNaN: true }),
        (limit, period, processes, share, more) => {
          const low = evaluateDeployment(question(limit, period, processes, share));
          const high = evaluateDeployment(question(limit, period, processes, share + more));
          if (!high.stable) return;
          // The stationary law of the periods is iterated to 1e-10: the means agree to ~1e-9.
          expect(low.meanResponseTimeSec).toBeLessThanOrEqual(
            high.meanResponseTimeSec * (1 + 1e-6),
          );
          // The quantiles come from a mixture of gamma laws matched by their moments, which is
          // not exactly ordered: as the load grows a CPU bin's spread grows faster than its mean,
          // and the median can fall a little (seed -1736846853: 7 workers under 250m, 14.87 →
          // 15.87 % of the limit; a sweep over this test's inputs finds at most 0.14 %, 8 workers
          // under 250m from 14.75 to 19.5 %). The 0.4 % dip seed 889064678 found is the next test.
          for (const p of [0.5, 0.9, 0.99]) {
            expect(low.responseTimeQuantileSec(p)).toBeLessThanOrEqual(
              high.responseTimeQuantileSec(p) * (1 + 3e-3),
            );
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it("p90 rises through 10.5 → 11 % of 500m (a dip fast-check's seed 889064678 found)", () => {
    // The dip came from the CPU bins' spread jumping by (1 + V/g)² when δ crossed a bin's top,
    // and from the period grid's cells crossing the runtime whole.
    let previous = 0;
    for (let share = 0.1; share <= 0.115; share += 0.0005) {
      const p90 = evaluateDeployment(question(0.5, 0.1, 2, share)).responseTimeQuantileSec(0.9);
      expect(p90).toBeGreaterThan(previous);
      previous = p90;
    }
  }, 120_000);

  it("a limit at or above the cores the deployment can use never throttles (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        periods,
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        (processes, spare, period, share) => {
          const limit = processes + spare;
          const q = question(limit, period, processes, share * (processes / limit));
          const e = evaluateDeployment(q);
          expect(e.throttling!.throttledPeriodFraction).toBe(0);
          expect(e.throttling!.throttledSecPerRequest).toBe(0);
          const { cpuLimitCores: _l, cpuPeriodSec: _p, ...host } = q.machine;
          const free = evaluateDeployment({ ...q, machine: host });
          expect(relErr(e.meanResponseTimeSec, free.meanResponseTimeSec)).toBeLessThan(1e-12);
          expect(relErr(e.responseTimeQuantileSec(0.99), free.responseTimeQuantileSec(0.99))).toBe(
            0,
          );
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it("the mixture's mean is the mean response time, its parts the pauses' (fast-check)", () => {
    fc.assert(
      fc.property(
        limits,
        periods,
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.constantFrom(0, 0.5, 1, 2),
        (limit, period, processes, share, scv) => {
          const t = cfsThrottling({
            arrivalRatePerSec: (share * limit) / cpu,
            cpuSecPerRequest: cpu,
            cpuScv: scv,
            cpuLimitCores: limit,
            cpuPeriodSec: period,
            parallelism: processes,
          });
          for (const law of [t.openingPauses, t.holdingPauses, t.enteringPauses]) {
            expect(law.perRequest).toBeGreaterThanOrEqual(0);
            expect(law.meanSec).toBeGreaterThanOrEqual(0);
            expect(law.meanSec).toBeLessThanOrEqual(period * (1 + 1e-12));
            expect(law.secondMomentSec2).toBeGreaterThanOrEqual(law.meanSec ** 2 * (1 - 1e-9));
          }
          // C + D: weights sum to 1; its mean is the CPU time plus the stall while holding.
          const hold = throttledHold(t, cpu, scv);
          const total = hold.reduce((sum, c) => sum + c.weight, 0);
          expect(relErr(total, 1)).toBeLessThan(1e-6);
          expect(relErr(holdMoments(hold).meanSec, cpu + t.holdStallSecPerRequest)).toBeLessThan(
            1e-6,
          );
          const e = evaluateDeployment(question(limit, period, processes, share));
          if (!e.stable) return;
          const mixture = holdMoments(e.responseTimeComponents);
          expect(relErr(mixture.meanSec, e.meanResponseTimeSec)).toBeLessThan(1e-6);
          expect(e.throttling!.throttledSecPerRequest).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
