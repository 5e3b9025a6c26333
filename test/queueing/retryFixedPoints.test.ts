import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  finiteBacklog,
  ModelInputError,
  retryFixedPoints,
  type RetryFixedPoints,
} from "../../src/index.js";
import { relErr, thrown } from "../helpers.js";

/** Every point solves λ = λ₀·Σ_{k<=r}(p·f(λ))ᵏ, and its figures agree with each other. */
function checkPoints(res: RetryFixedPoints, base: number, r: number, p: number): void {
  expect(res.points.length).toBeGreaterThan(0);
  expect(res.points.length % 2).toBe(1); // stable, unstable, …, stable
  res.points.forEach((q, i) => {
    expect(q.stable).toBe(i % 2 === 0);
    if (i > 0) expect(q.attemptRatePerSec).toBeGreaterThan(res.points[i - 1]!.attemptRatePerSec);
    const f = q.station.failedShare;
    let sum = 0;
    for (let k = 0; k <= r; k++) sum += (p * f) ** k;
    expect(relErr(base * sum, q.attemptRatePerSec)).toBeLessThan(1e-9);
    expect(q.amplification).toBeGreaterThanOrEqual(1);
    expect(q.amplification).toBeLessThanOrEqual(r + 1 + 1e-12);
    // Goodput two ways: attempts that succeed, and new requests that succeed in the end.
    expect(relErr(q.goodputPerSec, q.attemptRatePerSec * (1 - f))).toBeLessThan(1e-12);
    expect(Math.abs(q.goodputPerSec - base * (1 - q.requestFailedShare))).toBeLessThan(1e-9 * base);
    expect(q.requestFailedShare).toBeGreaterThanOrEqual(0);
    expect(q.requestFailedShare).toBeLessThanOrEqual(1);
    // The station's figures are finiteBacklog's at the point's attempt rate.
    expect(q.station.goodputPerSec).toBeCloseTo(q.goodputPerSec, 9);
  });
  expect(res.metastable).toBe(res.points.length > 1);
  expect(res.good).toBe(res.points[0]);
  expect(res.bad).toBe(res.points[res.points.length - 1]);
}

const metastableStation = {
  serviceTimeSec: 0.1,
  servers: 4,
  backlog: 2049,
  clientTimeoutSec: 5,
  maxRetries: 3,
};

describe("retryFixedPoints", () => {
  it("no retries: the one point is the new requests", () => {
    for (const extra of [{ maxRetries: 0 }, { maxRetries: 3, retryProbability: 0 }]) {
      const res = retryFixedPoints({ ...metastableStation, newRequestRatePerSec: 60, ...extra });
      expect(res.points).toHaveLength(1);
      expect(res.good.attemptRatePerSec).toBe(60);
      const { maxRetries: _, ...station } = metastableStation;
      const alone = finiteBacklog({ ...station, arrivalRatePerSec: 60 });
      expect(relErr(res.good.goodputPerSec, alone.goodputPerSec)).toBeLessThan(1e-12);
    }
  });

  // Below capacity a healthy point; past it the retries' own load keeps every attempt late: the
  // backlog of 2049 takes 51 s to drain against a 5 s timeout, so f = 1 and λ = (r + 1)·λ₀.
  it("a 5 s client timeout and 3 retries behind gunicorn's backlog: metastable from 20 to 35 req/s", () => {
    for (const base of [20, 30, 35]) {
      const res = retryFixedPoints({ ...metastableStation, newRequestRatePerSec: base });
      checkPoints(res, base, 3, 1);
      expect(res.metastable).toBe(true);
      expect(res.good.goodputPerSec).toBeGreaterThan(0.999 * base);
      expect(relErr(res.bad.attemptRatePerSec, 4 * base)).toBeLessThan(1e-6);
      expect(res.bad.goodputPerSec).toBeLessThan(1e-6);
      // The tipping point sits just under capacity (40 req/s).
      const tip = res.points[1]!.attemptRatePerSec;
      expect(tip).toBeGreaterThan(base);
      expect(tip).toBeLessThan(40);
    }
    // docs/queueing.md: metastable from just above 10 req/s (4·λ₀ reaches 40) to about 38.5.
    for (const [base, metastable] of [
      [10.5, true],
      [38.5, true],
    ] as const) {
      expect(
        retryFixedPoints({ ...metastableStation, newRequestRatePerSec: base }).metastable,
      ).toBe(metastable);
    }
    // Light load never tips; at 39 req/s the retries alone carry it past capacity.
    expect(retryFixedPoints({ ...metastableStation, newRequestRatePerSec: 10 }).metastable).toBe(
      false,
    );
    const over = retryFixedPoints({ ...metastableStation, newRequestRatePerSec: 39 });
    expect(over.metastable).toBe(false);
    expect(over.good.goodputPerSec).toBeLessThan(1e-6);
  });

  // The bad point needs a full backlog that outlasts the timeout: (4 + 150)·0.1/4 = 3.9 s < 5 s
  // leaves none, (4 + 200)·0.1/4 = 5.1 s > 5 s has one.
  it("a client timeout shorter than any response: every attempt fails, the one point is (r + 1)λ₀", () => {
    // fast-check found it (evaluateDeployment's property test, seed -298726011): the gap at
    // (r + 1)λ₀ is 0 in exact arithmetic and came out a rounding error above it, losing the root.
    const r = retryFixedPoints({
      newRequestRatePerSec: 26.082031249999993,
      serviceTimeSec: 0.1,
      servers: 1,
      backlog: 14,
      clientTimeoutSec: 0.01,
      maxRetries: 4,
    });
    expect(r.good).toBeDefined();
    expect(r.good.attemptRatePerSec).toBeCloseTo(5 * 26.082031249999993, 9);
    expect(r.good.requestFailedShare).toBe(1);
    expect(r.bad).toBe(r.good);
  });

  it("a backlog that drains within the clients' timeout has no bad point", () => {
    const at = (backlog: number) =>
      retryFixedPoints({ ...metastableStation, backlog, newRequestRatePerSec: 30 }).metastable;
    expect(at(150)).toBe(false);
    expect(at(200)).toBe(true);
  });

  // A patience leaves the backlog, so no work is wasted and the goodput stays at capacity:
  // failures fall as the retried load rises, and there is one point.
  it("clients that leave the queue are not metastable", () => {
    const { clientTimeoutSec: _, ...station } = metastableStation;
    const res = retryFixedPoints({ ...station, patienceSec: 5, newRequestRatePerSec: 30 });
    checkPoints(res, 30, 3, 1);
    expect(res.metastable).toBe(false);
  });

  it("every point solves the fixed point, and the points alternate stable and unstable", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof(
          fc.double({ min: 0.05, max: 20, noNaN: true }).map((d) => ({ clientTimeoutSec: d })),
          fc.double({ min: 0.05, max: 20, noNaN: true }).map((d) => ({ patienceSec: d })),
          fc.constant({}),
        ),
        (rho, c, backlog, r, p, clients) => {
          const base = (rho * c) / 0.1;
          const res = retryFixedPoints({
            newRequestRatePerSec: base,
            serviceTimeSec: 0.1,
            servers: c,
            backlog,
            maxRetries: r,
            retryProbability: p,
            ...clients,
          });
          checkPoints(res, base, r, p);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("names the bad field", () => {
    const ok = { ...metastableStation, newRequestRatePerSec: 30 };
    for (const [field, value] of [
      ["newRequestRatePerSec", 0],
      ["maxRetries", -1],
      ["maxRetries", 101],
      ["retryProbability", 1.5],
      ["backlog", 0.5],
      ["servers", 0],
    ] as const) {
      const e = thrown(ModelInputError, () => retryFixedPoints({ ...ok, [field]: value }));
      expect(e.field).toBe(field);
      expect(e.model).toBe("retryFixedPoints");
    }
    expect(() => retryFixedPoints({ ...ok, arrivalRatePerSec: 30 } as never)).toThrow(
      /`arrivalRatePerSec`/,
    );
  });
});
