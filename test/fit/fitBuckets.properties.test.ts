// Properties of fitBuckets over random valid histograms (fast-check; the seed comes from
// FAST_CHECK_SEED through test/setup.ts, and scripts/test.mjs re-runs this file with a fresh one).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketFitQuantile, fitBuckets, type BucketHistogram } from "../../src/index.js";
import { relErr } from "../helpers.js";

/** Every number in a value, with its path. */
function numbers(value: unknown, path = "fit"): [string, number][] {
  if (typeof value === "number") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbers(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  }
  return [];
}

const logUniform = (min: number, max: number) =>
  fc.double({ min: Math.log(min), max: Math.log(max), noNaN: true }).map(Math.exp);

/**
 * Histograms with 0 to 15 finite bounds in [1e-6, 1e5], per-bucket counts that are often 0, of
 * any size from 1e-3 to 1e12 (integers or not), and a mean anywhere in [1e-7, 1e6] s — as often
 * inconsistent with the buckets as not, since the fit must still answer.
 */
const histogram: fc.Arbitrary<BucketHistogram> = fc
  .record({
    bounds: fc.uniqueArray(logUniform(1e-6, 1e5), { maxLength: 15 }),
    counts: fc.array(
      fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 }), logUniform(1e-3, 1e12)),
      { minLength: 16, maxLength: 16 },
    ),
    scale: fc.constantFrom(1e-3, 1, 1e9),
    meanSec: logUniform(1e-7, 1e6),
  })
  .filter(({ counts, bounds }) => counts.slice(0, bounds.length + 1).some((c) => c > 0))
  .map(({ bounds, counts, scale, meanSec }) => {
    const sorted = [...bounds].sort((a, b) => a - b);
    let total = 0;
    const buckets = [...sorted, Infinity].map((upperBound, i) => {
      total += (counts[i] as number) * scale;
      return { upperBound, cumulativeCount: total };
    });
    return { buckets, sum: meanSec * total, count: total };
  });

describe("fitBuckets properties", () => {
  it("answers without NaN, with ordered intervals and quantiles, the mean sum/count", () => {
    fc.assert(
      fc.property(histogram, (h) => {
        const fit = fitBuckets(h);
        for (const [path, v] of numbers(fit)) expect(Number.isNaN(v), path).toBe(false);
        expect(fit.meanSec).toBe(h.sum / h.count);
        expect(fit.scvInterval[0]).toBeLessThanOrEqual(fit.scv);
        expect(fit.scv).toBeLessThanOrEqual(fit.scvInterval[1]);
        expect(fit.shapeInterval[0]).toBeLessThanOrEqual(fit.shape);
        expect(fit.shape).toBeLessThanOrEqual(fit.shapeInterval[1]);
        expect(fit.shapeInterval[0]).toBeGreaterThanOrEqual(1e-3);
        expect(fit.shapeInterval[1]).toBeLessThanOrEqual(1e4);
        const q = fit.quantilesSec;
        for (const p of ["0.5", "0.9", "0.99"] as const) {
          expect(q[p].lower).toBeGreaterThanOrEqual(0);
          expect(q[p].lower).toBeLessThanOrEqual(q[p].estimate);
          expect(q[p].estimate).toBeLessThanOrEqual(q[p].upper);
        }
        expect(q["0.5"].estimate).toBeLessThanOrEqual(q["0.9"].estimate);
        expect(q["0.9"].estimate).toBeLessThanOrEqual(q["0.99"].estimate);
        expect(relErr(bucketFitQuantile(fit, 0.99), q["0.99"].estimate)).toBeLessThan(1e-15);
        const g = fit.goodnessOfFit;
        expect(g.gStatistic).toBeGreaterThanOrEqual(0);
        expect(g.pValue >= 0 && g.pValue <= 1).toBe(true);
        expect(fit.identified).toBe(fit.reason === undefined);
      }),
      { numRuns: 200 },
    );
  });
});
