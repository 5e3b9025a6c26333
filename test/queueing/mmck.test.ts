import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mmc, mmck } from "../../src/index.js";
import reference from "../fixtures/reference.json" with { type: "json" };
import { checkInvariants, checkStation, probability, rate, relErr, time } from "../helpers.js";

// Reference values from test/fixtures/make_reference.py (mpmath, 60 digits): M/M/c/K term by
// term, FIFO response-time survival by quadrature.
describe("mmck against the mpmath reference", () => {
  it.each(reference.mmck.map((r) => [r.servers, r.capacity, r.arrivalRatePerSec, r] as const))(
    "c = %d, K = %d, λ = %d",
    (servers, capacity, arrivalRatePerSec, ref) => {
      checkStation(
        mmck({ arrivalRatePerSec, serviceTimeSec: ref.serviceTimeSec, servers, capacity }),
        ref,
      );
    },
  );
});

describe("published examples", () => {
  // M/M/2/5 with λ = 3, μ = 2: p0 = 0.179334, pK = 0.085113, L = 2.00595, Wq = 0.230857
  // (six decimals; example quoted in the Octave queueing package's qsmmmk.m tests, which check
  // them to an absolute 1e-6: the exact p0 is 1/5.576171875 = 0.1793345…, printed as 0.179334).
  it("M/M/2/5 (Octave queueing qsmmmk test)", () => {
    const q = mmck({ arrivalRatePerSec: 3, serviceTimeSec: 0.5, servers: 2, capacity: 5 });
    expect(Math.abs(q.stateProbability(0) - 0.179334)).toBeLessThan(1e-6);
    expect(relErr(q.stateProbability(0), 1 / 5.576171875)).toBeLessThan(1e-15);
    expect(Math.abs(q.blockingProbability - 0.085113)).toBeLessThan(1e-6);
    expect(Math.abs(q.meanInSystem - 2.00595)).toBeLessThan(1e-5);
    expect(Math.abs(q.meanWaitSec - 0.230857)).toBeLessThan(1e-6);
  });

  // M/M/3/7 with λ = 40, μ = 30: p0 = 0.255037, R = 0.036517 (same source).
  it("M/M/3/7 (Octave queueing qsmmmk test)", () => {
    const q = mmck({ arrivalRatePerSec: 40, serviceTimeSec: 1 / 30, servers: 3, capacity: 7 });
    expect(Math.abs(q.stateProbability(0) - 0.255037)).toBeLessThan(1e-6);
    expect(Math.abs(q.meanResponseTimeSec - 0.036517)).toBeLessThan(1e-6);
  });
});

describe("properties over random valid inputs", () => {
  it("mmck: invariants, and it tends to mmc as the capacity grows", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        time,
        fc.integer({ min: 1, max: 40 }),
        probability,
        (rho, serviceTimeSec, c, p) => {
          const arrivalRatePerSec = (rho * c) / serviceTimeSec;
          const small = mmck({ arrivalRatePerSec, serviceTimeSec, servers: c, capacity: c + 3 });
          checkInvariants(small, p);
          const big = mmck({ arrivalRatePerSec, serviceTimeSec, servers: c, capacity: c + 5000 });
          const open = mmc({ arrivalRatePerSec, serviceTimeSec, servers: c });
          expect(relErr(big.meanResponseTimeSec, open.meanResponseTimeSec)).toBeLessThan(1e-9);
          expect(relErr(big.probabilityOfWaiting, open.probabilityOfWaiting)).toBeLessThan(1e-9);
          expect(
            relErr(big.responseTimeQuantileSec(p), open.responseTimeQuantileSec(p)),
          ).toBeLessThan(1e-8);
          // Blocking falls as the capacity grows.
          expect(big.blockingProbability).toBeLessThanOrEqual(small.blockingProbability);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("mmck absorbs any overload", () => {
    fc.assert(
      fc.property(
        rate,
        time,
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 200 }),
        probability,
        (x, serviceTimeSec, c, extra, p) => {
          const arrivalRatePerSec = x * 1e3;
          const capacity = c + extra;
          const q = mmck({ arrivalRatePerSec, serviceTimeSec, servers: c, capacity });
          expect(q.stable).toBe(true);
          checkInvariants(q, p);
          // Accepted arrivals: λ·P(N < K), summed (λ·(1 − B) would cancel when B ≈ 1).
          let accepted = 0;
          for (let n = 0; n < capacity; n++) accepted += q.stateProbability(n);
          expect(relErr(q.throughputPerSec, arrivalRatePerSec * accepted)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 100 },
    );
  });
});
