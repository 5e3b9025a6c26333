import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModelInputError, simulatePython } from "../../src/index.js";

// The simulated CFS quota (Documentation/scheduler/sched-bwc.rst): properties that hold for any
// seed; the comparisons with the model are in test/queueing/cfsThrottling.test.ts and
// scripts/measure-throttling.mjs.
describe("simulatePython under a CPU limit", () => {
  it("never uses more CPU than the quota grants, and throttles only what can exceed it (any seed)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.constantFrom(0.25, 0.5, 1, 1.5),
        fc.constantFrom(0.01, 0.1),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0.2, max: 0.9, noNaN: true }),
        (seed, limit, period, processes, share) => {
          const cpu = 0.02;
          const sim = simulatePython({
            processes,
            cores: 8,
            cpuTimeSec: cpu,
            arrivalRatePerSec: (share * limit) / cpu,
            cpuLimitCores: limit,
            cpuPeriodSec: period,
            requests: 2000,
            seed,
          });
          const used = sim.coreUtilization * 8;
          // At most the quota per period, up to one period's quota over the measured time.
          expect(used).toBeLessThanOrEqual(limit * 1.05 + 0.001);
          const f = sim.throttling!.throttledPeriodFraction;
          expect(f).toBeGreaterThanOrEqual(0);
          expect(f).toBeLessThanOrEqual(1);
          expect(sim.throttling!.throttledSecPerRequest).toBeGreaterThanOrEqual(0);
          if (processes <= limit) expect(f).toBe(0);
        },
      ),
      { numRuns: 20 },
    );
  }, 120_000);

  it("without a limit there is no throttling field; a burst larger than the quota is refused", () => {
    expect(
      simulatePython({
        processes: 1,
        cores: 1,
        cpuTimeSec: 0.01,
        arrivalRatePerSec: 10,
        requests: 200,
      }).throttling,
    ).toBeUndefined();
    expect(() =>
      simulatePython({
        processes: 1,
        cores: 1,
        cpuTimeSec: 0.01,
        arrivalRatePerSec: 10,
        cpuLimitCores: 0.5,
        cpuBurstSec: 0.06,
      }),
    ).toThrow(ModelInputError);
  });
});
