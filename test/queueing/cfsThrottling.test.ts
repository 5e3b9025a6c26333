import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cfsThrottling, ModelInputError, simulatePython } from "../../src/index.js";

const base = {
  arrivalRatePerSec: 12.5,
  cpuSecPerRequest: 0.02,
  cpuLimitCores: 0.5,
  parallelism: 1,
};

describe("cfsThrottling", () => {
  it("a limit at or above what the threads can run never throttles", () => {
    const t = cfsThrottling({ ...base, cpuLimitCores: 2, parallelism: 2 });
    expect(t.throttledPeriodFraction).toBe(0);
    expect(t.throttledSecPerRequest).toBe(0);
    expect(t.limitUtilization).toBe(0.125);
  });

  it("at or beyond the limit's capacity (the utilization law) it is unstable", () => {
    const t = cfsThrottling({ ...base, arrivalRatePerSec: 25 });
    expect(t.stable).toBe(false);
    expect(t.throttledSecPerRequest).toBe(Infinity);
  });

  // The reference: the simulation of the kernel's quota (seed 3 is an example; the measured
  // errors over a grid are in scripts/measure-throttling.mjs).
  it("agrees with the simulated quota: 1 worker, 20 ms CPU, 500m, half the limit", () => {
    const t = cfsThrottling(base);
    const sim = simulatePython({
      processes: 1,
      cores: 64,
      cpuTimeSec: 0.02,
      arrivalRatePerSec: 12.5,
      cpuLimitCores: 0.5,
      requests: 50_000,
      seed: 3,
    });
    expect(
      Math.abs(t.throttledPeriodFraction - sim.throttling!.throttledPeriodFraction),
    ).toBeLessThan(0.05);
    expect(
      Math.abs(t.throttledSecPerRequest / sim.throttling!.throttledSecPerRequest - 1),
    ).toBeLessThan(0.15);
  });

  it("burst saves runtime for busy periods: fewer throttled periods", () => {
    const without = cfsThrottling(base);
    const withBurst = cfsThrottling({ ...base, cpuBurstSec: 0.05 });
    expect(withBurst.throttledPeriodFraction).toBeLessThan(without.throttledPeriodFraction);
  });

  it("more threads that can run burn the quota faster: more throttled time", () => {
    const one = cfsThrottling({ ...base, arrivalRatePerSec: 20 });
    const eight = cfsThrottling({ ...base, arrivalRatePerSec: 20, parallelism: 8 });
    expect(eight.throttledSecPerRequest).toBeGreaterThan(one.throttledSecPerRequest);
  });

  it("fractions in [0, 1], times >= 0, the utilization law, for every input (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0.001, max: 0.2, noNaN: true }),
        fc.constantFrom(0.1, 0.25, 0.5, 1, 1.5, 4),
        fc.constantFrom(0.001, 0.01, 0.1, 1),
        fc.integer({ min: 1, max: 64 }),
        fc.constantFrom(0, 0.5, 1, 3),
        (share, cpu, limit, period, k, scv) => {
          if (limit * period < 0.001) return;
          const rate = (share * limit) / cpu;
          const t = cfsThrottling({
            arrivalRatePerSec: rate,
            cpuSecPerRequest: cpu,
            cpuScv: scv,
            cpuLimitCores: limit,
            cpuPeriodSec: period,
            parallelism: k,
          });
          expect(t.limitUtilization).toBe((rate * cpu) / limit);
          expect(t.stable).toBe(true);
          for (const f of [t.throttledPeriodFraction, t.hitProbability, t.pausedFraction]) {
            expect(f).toBeGreaterThanOrEqual(0);
            expect(f).toBeLessThanOrEqual(1);
          }
          expect(t.throttledSecPerRequest).toBeGreaterThanOrEqual(0);
          expect(t.holdStallSecPerRequest).toBeLessThanOrEqual(
            t.throttledSecPerRequest * (1 + 1e-12),
          );
          expect(Number.isFinite(t.throttledSecPerRequest)).toBe(true);
          if (k <= limit) expect(t.throttledPeriodFraction).toBe(0);
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);

  it.each([
    [{ ...base, cpuLimitCores: 0 }, "cpuLimitCores"],
    [{ ...base, cpuSecPerRequest: -1 }, "cpuSecPerRequest"],
    [{ ...base, parallelism: 1.5 }, "parallelism"],
    [{ ...base, cpuBurstSec: 0.06 }, "cpuBurstSec"],
    [{ ...base, cpuLimit: 1 }, "cpuLimit"],
  ])("refuses %j, naming %s", (input, field) => {
    expect(() => cfsThrottling(input as never)).toThrow(ModelInputError);
    expect(() => cfsThrottling(input as never)).toThrow(`\`${field}\``);
  });
});
