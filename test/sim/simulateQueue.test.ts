import { describe, expect, it } from "vitest";
import {
  mg1,
  mmc,
  mmcAbandonment,
  mmcTimeout,
  ModelInputError,
  simulateQueue,
} from "../../src/index.js";
import { agrees, relErr } from "../helpers.js";

// The simulator checks the closed forms where they are exact; the measured errors of the
// approximations (ggc, the two-moment distributions) come from `npm run accuracy`.
describe("simulateQueue agrees with the exact models", () => {
  it.each([
    [1, 0.5],
    [2, 0.8],
    [8, 0.9],
    [32, 0.85],
  ])(
    "M/M/%d at utilization %d: mean wait within the 95 %% interval (doubled), p99 within 3 %%",
    (servers, rho) => {
      const input = { arrivalRatePerSec: (rho * servers) / 0.02, serviceTimeSec: 0.02, servers };
      const exact = mmc(input);
      const sim = simulateQueue({ ...input, requests: 400_000, seed: 11 });
      const half = (sim.meanWaitSec.high - sim.meanWaitSec.low) / 2;
      expect(Math.abs(sim.meanWaitSec.mean - exact.meanWaitSec)).toBeLessThan(2 * half);
      expect(
        relErr(sim.responseTimeQuantileSec(0.99), exact.responseTimeQuantileSec(0.99)),
      ).toBeLessThan(0.03);
      expect(Math.abs(sim.probabilityOfWaiting - exact.probabilityOfWaiting)).toBeLessThan(0.01);
    },
  );

  it("M/D/1: the Pollaczek–Khinchine mean wait", () => {
    const input = { arrivalRatePerSec: 40, serviceTimeSec: 0.02, serviceTimeScv: 0 };
    const exact = mg1(input);
    const sim = simulateQueue({ ...input, servers: 1, requests: 400_000, seed: 3 });
    const half = (sim.meanWaitSec.high - sim.meanWaitSec.low) / 2;
    expect(Math.abs(sim.meanWaitSec.mean - exact.meanWaitSec)).toBeLessThan(2 * half);
  });

  // Seed 7, 400,000 requests after a warm-up of 40,000: each mean within twice its 95 % batch-means
  // half-width (the simulated streams are fixed by the seed, so the outcome is too).
  it.each([
    [4, 60, 0.1, 2], // 1.5× overload
    [2, 8, 0.2, 1], // below capacity
    [16, 950, 0.02, 5], // 1.19× overload, many waiting
  ])(
    "M/M/%d+M, λ = %d, S = %d, patience %d: P(abandon), mean wait and response time",
    (servers, arrivalRatePerSec, serviceTimeSec, patienceSec) => {
      const input = { arrivalRatePerSec, serviceTimeSec, servers, patienceSec };
      const exact = mmcAbandonment(input);
      const sim = simulateQueue({ ...input, requests: 400_000, seed: 7 });
      agrees(sim.abandonmentProbability, exact.abandonmentProbability);
      agrees(sim.meanWaitSec, exact.meanWaitSec);
      agrees(sim.meanResponseTimeSec, exact.meanResponseTimeSec);
      expect(Math.abs(sim.probabilityOfWaiting - exact.probabilityOfWaiting)).toBeLessThan(0.01);
    },
  );

  it.each([
    [4, 60, 0.1, 0.5], // 1.5× overload
    [2, 8, 0.2, 1], // below capacity
    [16, 950, 0.02, 0.25], // 1.19× overload
  ])(
    "M/M/%d+D, λ = %d, S = %d, timeout %d: P(abandon), mean wait and response time",
    (servers, arrivalRatePerSec, serviceTimeSec, timeoutSec) => {
      const input = { arrivalRatePerSec, serviceTimeSec, servers };
      const exact = mmcTimeout({ ...input, timeoutSec });
      const sim = simulateQueue({
        ...input,
        patienceSec: timeoutSec,
        patienceScv: 0,
        requests: 400_000,
        seed: 7,
      });
      agrees(sim.abandonmentProbability, exact.abandonmentProbability);
      agrees(sim.meanWaitSec, exact.meanWaitSec);
      agrees(sim.meanResponseTimeSec, exact.meanResponseTimeSec);
      expect(Math.abs(sim.probabilityOfWaiting - exact.probabilityOfWaiting)).toBeLessThan(0.01);
    },
  );

  it("without a patience nobody leaves", () => {
    const sim = simulateQueue({
      arrivalRatePerSec: 90,
      serviceTimeSec: 0.02,
      servers: 2,
      requests: 1000,
    });
    expect(sim.abandonmentProbability).toEqual({ mean: 0, low: 0, high: 0 });
  });

  it("is reproducible from its seed and changes with it", () => {
    const input = { arrivalRatePerSec: 30, serviceTimeSec: 0.02, servers: 1, requests: 10_000 };
    const a = simulateQueue({ ...input, seed: 5 });
    const b = simulateQueue({ ...input, seed: 5 });
    const c = simulateQueue({ ...input, seed: 6 });
    expect(a.meanWaitSec.mean).toBe(b.meanWaitSec.mean);
    expect(a.meanWaitSec.mean).not.toBe(c.meanWaitSec.mean);
  });

  it("draws times with the requested mean and variability", () => {
    for (const serviceTimeScv of [0, 0.25, 1, 4]) {
      // With one server and a tiny load nobody waits: the response time is the service time.
      const sim = simulateQueue({
        arrivalRatePerSec: 1e-3,
        serviceTimeSec: 0.5,
        servers: 1,
        serviceTimeScv,
        requests: 200_000,
        seed: 9,
      });
      expect(relErr(sim.meanResponseTimeSec.mean, 0.5)).toBeLessThan(0.02);
    }
  });

  it("rejects bad input by field", () => {
    expect(() => simulateQueue({ arrivalRatePerSec: 0, serviceTimeSec: 1, servers: 1 })).toThrow(
      ModelInputError,
    );
    expect(() =>
      simulateQueue({ arrivalRatePerSec: 1, serviceTimeSec: 1, servers: 1, arrivalScv: -1 }),
    ).toThrow(/`arrivalScv`/);
    expect(() =>
      simulateQueue({ arrivalRatePerSec: 1, serviceTimeSec: 1, servers: 1, requests: 10 }),
    ).toThrow(/`requests`/);
    expect(() =>
      simulateQueue({ arrivalRatePerSec: 1, serviceTimeSec: 1, servers: 1, patienceSec: 0 }),
    ).toThrow(/`patienceSec`/);
    expect(() =>
      simulateQueue({ arrivalRatePerSec: 1, serviceTimeSec: 1, servers: 1, patienceScv: -1 }),
    ).toThrow(/`patienceScv`/);
    // A spread without its mean is refused, not ignored.
    expect(() =>
      simulateQueue({ arrivalRatePerSec: 1, serviceTimeSec: 1, servers: 1, patienceScv: 0 }),
    ).toThrow(/`patienceScv`.*patienceSec/);
  });
});
