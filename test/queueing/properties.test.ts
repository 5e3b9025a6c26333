import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  finiteSource,
  ggc,
  mg1,
  mm1,
  mmc,
  mmck,
  mmInf,
  type QueueResult,
} from "../../src/index.js";
import { relErr } from "../helpers.js";

const rate = fc.double({ min: 1e-3, max: 1e4, noNaN: true });
const time = fc.double({ min: 1e-5, max: 10, noNaN: true });
const servers = fc.integer({ min: 1, max: 300 });
// SCVs of 0 or normal size: a subnormal SCV (1e-315) makes waits below the resolution of
// S + W, which the quantile round trip cannot see; "no NaN" for those is checked below.
const scv = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 8, noNaN: true }));
const probability = fc.double({ min: 1e-6, max: 1 - 1e-9, noNaN: true });

const NUMBER_FIELDS = [
  "utilization",
  "offeredLoad",
  "throughputPerSec",
  "probabilityOfWaiting",
  "blockingProbability",
  "meanInSystem",
  "meanQueueLength",
  "meanResponseTimeSec",
  "meanWaitSec",
  "varianceInSystem",
  "responseTimeVarianceSec2",
] as const;

/** Invariants every stable result must satisfy. */
function checkInvariants(q: QueueResult, p: number): void {
  for (const f of NUMBER_FIELDS) {
    expect(Number.isNaN(q[f]), f).toBe(false);
    expect(q[f], f).toBeGreaterThanOrEqual(0);
  }
  if (!q.stable) {
    expect(q.meanResponseTimeSec).toBe(Infinity);
    expect(q.responseTimeQuantileSec(p)).toBe(Infinity);
    return;
  }
  // Little's law, for the system and for the queue.
  expect(relErr(q.meanInSystem, q.throughputPerSec * q.meanResponseTimeSec)).toBeLessThan(1e-9);
  expect(Math.abs(q.meanQueueLength - q.throughputPerSec * q.meanWaitSec)).toBeLessThanOrEqual(
    1e-9 * Math.max(1, q.meanQueueLength),
  );
  expect(q.utilization).toBeLessThanOrEqual(1);
  expect(q.probabilityOfWaiting).toBeLessThanOrEqual(1);
  // Quantiles invert the CDFs; the CDFs are monotone.
  const t = q.responseTimeQuantileSec(p);
  expect(Number.isFinite(t)).toBe(true);
  // The quantile is the generalized inverse: F(t) >= p and F just below t <= p; where the
  // response time has no atom (every exact model, and gamma-shaped approximations), F(t) = p.
  expect(q.responseTimeCdf(t)).toBeGreaterThanOrEqual(p - 1e-9);
  expect(q.responseTimeCdf(t * (1 - 1e-9))).toBeLessThanOrEqual(p + 1e-9);
  if (q.distribution === "exact") expect(Math.abs(q.responseTimeCdf(t) - p)).toBeLessThan(1e-9);
  expect(q.responseTimeCdf(t * 0.9)).toBeLessThanOrEqual(q.responseTimeCdf(t) + 1e-15);
  expect(q.responseTimeCdf(t * 1.1)).toBeGreaterThanOrEqual(q.responseTimeCdf(t) - 1e-15);
  const w = q.waitTimeQuantileSec(p);
  if (w > 0) expect(Math.abs(q.waitTimeCdf(w) - p)).toBeLessThan(1e-9);
  if (w > 0) expect(q.waitTimeCdf(0)).toBeLessThan(p);
  else expect(q.waitTimeCdf(0)).toBeGreaterThanOrEqual(p - 1e-12);
  // State probabilities lie in [0, 1] and sum to 1.
  let sum = 0;
  for (let n = 0; n < 20000 && sum < 1 - 1e-12; n++) {
    const pn = q.stateProbability(n);
    expect(pn).toBeGreaterThanOrEqual(0);
    expect(pn).toBeLessThanOrEqual(1);
    sum += pn;
  }
  if (sum < 1 - 1e-12) return; // heavy tail beyond 20,000 states: only the bound is checked
  expect(sum).toBeLessThan(1 + 1e-9);
}

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

  it("finiteSource: invariants and the interactive response-time law R = N/X − Z", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        time,
        fc.integer({ min: 1, max: 64 }),
        probability,
        (population, thinkTimeSec, serviceTimeSec, c, p) => {
          const q = finiteSource({ population, thinkTimeSec, serviceTimeSec, servers: c });
          checkInvariants(q, p);
          const r = population / q.throughputPerSec - thinkTimeSec;
          expect(Math.abs(q.meanResponseTimeSec - r)).toBeLessThan(1e-9 * (r + thinkTimeSec));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("mg1 and ggc: invariants; ggc with one server and Poisson arrivals equals mg1", () => {
    fc.assert(
      fc.property(rate, time, scv, scv, servers, probability, (x, s, cs, ca, c, p) => {
        const one = mg1({ arrivalRatePerSec: x, serviceTimeSec: s, serviceTimeScv: cs });
        checkInvariants(one, p);
        checkInvariants(
          ggc({
            arrivalRatePerSec: x,
            serviceTimeSec: s,
            servers: c,
            arrivalScv: ca,
            serviceTimeScv: cs,
          }),
          p,
        );
        const g = ggc({ arrivalRatePerSec: x, serviceTimeSec: s, servers: 1, serviceTimeScv: cs });
        if (one.stable) expect(relErr(g.meanWaitSec, one.meanWaitSec)).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it("subnormal inputs give numbers, not NaN", () => {
    for (const tiny of [5e-324, 1e-315]) {
      const q = ggc({
        arrivalRatePerSec: 0.001,
        serviceTimeSec: 0.002,
        servers: 1,
        arrivalScv: tiny,
        serviceTimeScv: tiny,
      });
      for (const f of NUMBER_FIELDS) expect(Number.isNaN(q[f]), f).toBe(false);
      expect(Number.isNaN(q.responseTimeQuantileSec(0.99))).toBe(false);
      const f = finiteSource({
        population: 3,
        thinkTimeSec: tiny,
        serviceTimeSec: 0.01,
        servers: 1,
      });
      for (const k of NUMBER_FIELDS) expect(Number.isNaN(f[k]), k).toBe(false);
    }
  });

  it("mmInf: invariants", () => {
    fc.assert(
      fc.property(rate, time, probability, (arrivalRatePerSec, serviceTimeSec, p) => {
        checkInvariants(mmInf({ arrivalRatePerSec, serviceTimeSec }), p);
      }),
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

  it("near saturation 1 − C keeps its precision in the approximate models too", () => {
    // At ρ = 1 − 1e-9, 1 − C is about 1e-9·(…): forming it as 1 − C would lose ~7 digits.
    for (const servers of [1, 4, 64]) {
      const input = {
        arrivalRatePerSec: (servers * (1 - 1e-9)) / 0.02,
        serviceTimeSec: 0.02,
        servers,
      };
      const exact = mmc(input);
      const approx = ggc({ ...input, arrivalScv: 1, serviceTimeScv: 1 });
      expect(
        relErr(approx.stateProbability(servers - 1), exact.stateProbability(servers - 1)),
      ).toBeLessThan(1e-12);
      expect(relErr(approx.varianceInSystem, exact.varianceInSystem)).toBeLessThan(1e-9);
    }
  });

  it("stays finite at 1,000,000 servers, utilization 1 − 1e-9 and loads of 1e12", () => {
    const q = mmc({ arrivalRatePerSec: 999_999.999, serviceTimeSec: 1, servers: 1_000_000 });
    for (const f of NUMBER_FIELDS) expect(Number.isFinite(q[f]), f).toBe(true);
    expect(q.responseTimeQuantileSec(0.99)).toBeGreaterThan(q.meanResponseTimeSec);
    const huge = mmck({
      arrivalRatePerSec: 1e12,
      serviceTimeSec: 1,
      servers: 1000,
      capacity: 2000,
    });
    expect(relErr(huge.throughputPerSec, 1000)).toBeLessThan(1e-9);
    expect(huge.blockingProbability).toBeGreaterThan(0.999999);
  });
});
