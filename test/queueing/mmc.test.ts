import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mm1, mmc } from "../../src/index.js";
import reference from "../fixtures/reference.json" with { type: "json" };
import {
  checkInvariants,
  NUMBER_FIELDS,
  probability,
  rate,
  relErr,
  servers,
  time,
} from "../helpers.js";

// Reference values from test/fixtures/make_reference.py (mpmath, 60 digits): M/M/c from Erlang C
// and state sums, FIFO response-time survival by quadrature.
describe("mmc against the mpmath reference (servers 1…100,000, utilization to 1 − 1e-9)", () => {
  it.each(reference.mmc.map((r) => [r.servers, r.arrivalRatePerSec, r] as const))(
    "c = %d, λ = %d",
    (servers, arrivalRatePerSec, ref) => {
      const q = mmc({ arrivalRatePerSec, serviceTimeSec: ref.serviceTimeSec, servers });
      expect(q.stable).toBe(true);
      expect(relErr(q.probabilityOfWaiting, Number(ref.probabilityOfWaiting))).toBeLessThan(1e-12);
      expect(relErr(q.meanWaitSec, Number(ref.meanWaitSec))).toBeLessThan(1e-12);
      expect(relErr(q.meanResponseTimeSec, Number(ref.meanResponseTimeSec))).toBeLessThan(1e-12);
      expect(relErr(q.meanInSystem, Number(ref.meanInSystem))).toBeLessThan(1e-12);
      expect(relErr(q.varianceInSystem, Number(ref.varianceInSystem))).toBeLessThan(1e-12);
      expect(relErr(q.responseTimeVarianceSec2, Number(ref.responseTimeVarianceSec2))).toBeLessThan(
        1e-12,
      );
      expect(
        relErr(q.stateProbability(servers - 1), Number(ref.stateProbabilityAtServersMinus1)),
      ).toBeLessThan(1e-11);
      for (const [p, t] of Object.entries(ref.responseTimeQuantileSec)) {
        expect(relErr(q.responseTimeQuantileSec(Number(p)), Number(t)), `p = ${p}`).toBeLessThan(
          1e-11,
        );
      }
    },
  );
});

describe("published examples", () => {
  // M/M/2 and M/M/4 with λ = 9/s, μ = 5/s: Lq = 7.674 and R = 1.053 s; Lq = 0.105, R = 0.212 s.
  // Source: ETH Zürich, Advanced Systems Lab 2017, slides "M/M/x queues" (three decimals),
  // the same example the Octave queueing package tests qsmmm.m against.
  it("M/M/2 and M/M/4, ETH ASL 2017 slides", () => {
    const two = mmc({ arrivalRatePerSec: 9, serviceTimeSec: 1 / 5, servers: 2 });
    expect(two.meanQueueLength).toBeCloseTo(7.674, 3);
    expect(two.meanResponseTimeSec).toBeCloseTo(1.053, 3);
    const four = mmc({ arrivalRatePerSec: 9, serviceTimeSec: 1 / 5, servers: 4 });
    expect(four.meanQueueLength).toBeCloseTo(0.105, 3);
    expect(four.meanResponseTimeSec).toBeCloseTo(0.212, 3);
  });
});

describe("properties over random valid inputs", () => {
  it("mmc: invariants, and one server equals mm1", () => {
    fc.assert(
      fc.property(rate, time, servers, probability, (arrivalRatePerSec, serviceTimeSec, c, p) => {
        const q = mmc({ arrivalRatePerSec, serviceTimeSec, servers: c });
        checkInvariants(q, p);
        const one = mmc({ arrivalRatePerSec, serviceTimeSec, servers: 1 });
        const ref = mm1({ arrivalRatePerSec, serviceTimeSec });
        checkInvariants(ref, p);
        expect(one.stable).toBe(ref.stable);
        if (ref.stable) {
          for (const f of NUMBER_FIELDS) expect(relErr(one[f], ref[f]), f).toBeLessThan(1e-9);
          expect(
            relErr(one.responseTimeQuantileSec(p), ref.responseTimeQuantileSec(p)),
          ).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("mmc: the mean response time never falls as the arrival rate rises", () => {
    fc.assert(
      fc.property(rate, rate, time, servers, (x1, x2, serviceTimeSec, c) => {
        const [lo, hi] = x1 < x2 ? [x1, x2] : [x2, x1];
        const a = mmc({ arrivalRatePerSec: lo, serviceTimeSec, servers: c });
        const b = mmc({ arrivalRatePerSec: hi, serviceTimeSec, servers: c });
        expect(b.meanResponseTimeSec).toBeGreaterThanOrEqual(a.meanResponseTimeSec * (1 - 1e-12));
        expect(b.probabilityOfWaiting).toBeGreaterThanOrEqual(a.probabilityOfWaiting - 1e-15);
      }),
      { numRuns: 300 },
    );
  });
});

describe("saturation and extremes", () => {
  it("overload is an answer, not an error", () => {
    const q = mmc({ arrivalRatePerSec: 200, serviceTimeSec: 0.02, servers: 2 });
    expect(q.stable).toBe(false);
    expect(q.meanResponseTimeSec).toBe(Infinity);
    expect(q.throughputPerSec).toBe(100);
    expect(q.responseTimeCdf(10)).toBe(0);
    expect(q.responseTimeQuantileSec(0.99)).toBe(Infinity);
    expect(q.stateProbability(3)).toBe(0);
  });
});
