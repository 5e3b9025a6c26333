import { gammaIntervalLogProbability } from "../math/gammaIntervalLogProbability.js";
import { gammaQuantile } from "../math/gammaQuantile.js";
import { gTest } from "../math/gTest.js";
import { maximizeWithInterval } from "../math/profileLikelihood.js";
import { assertObject, assertOpenProbability } from "../validate.js";
import { type BucketHistogram, checkBucketHistogram } from "./checkBucketHistogram.js";
import { unidentifiedShapeReason } from "./unidentifiedShapeReason.js";

/** The range of shapes the fit searches, [10⁻³, 10⁴]: SCVs from 10⁻⁴ to 1000. */
export const BUCKET_FIT_SHAPE_RANGE: readonly [number, number] = [1e-3, 1e4];

/** Options of {@link fitBuckets}. */
export interface FitBucketsOptions {
  /**
   * Confidence level of the intervals, in (0, 1).
   * @default 0.9
   */
  level?: number;
}

/** A quantile of the fitted law with its interval, seconds. */
export interface BucketFitQuantile {
  estimate: number;
  lower: number;
  upper: number;
}

/** Result of {@link fitBuckets}. */
export interface BucketFit {
  /** sum/count, exact (the fit holds it fixed). */
  meanSec: number;
  /** meanSec·√(scv/count): the standard error of a mean of `count` draws of the fitted law. */
  meanStandardErrorSec: number;
  /**
   * The gamma shape k of largest likelihood, in {@link BUCKET_FIT_SHAPE_RANGE}. When
   * `identified` is false the likelihood may be flat (to rounding) up to a search limit, and this
   * is one point of that flat top, not an estimate.
   */
  shape: number;
  /** Likelihood-ratio interval of the shape at `level`. */
  shapeInterval: [number, number];
  /** Squared coefficient of variation of the fitted law, 1/shape. */
  scv: number;
  /** [1/shapeInterval[1], 1/shapeInterval[0]]. */
  scvInterval: [number, number];
  /** False when the buckets cannot bound the shape on some side (then `reason` says which). */
  identified: boolean;
  /** Why the shape is not identified; absent when it is. */
  reason?: string;
  /** The median, p90 and p99 of the fitted law with their intervals, seconds. */
  quantilesSec: { "0.5": BucketFitQuantile; "0.9": BucketFitQuantile; "0.99": BucketFitQuantile };
  /**
   * The G-test of the fitted law against the bucket counts: G = 2·Σ nᵢ·ln(nᵢ/(N·pᵢ)), with
   * buckets − 2 degrees of freedom (one for the total, one for the shape), p-value from χ².
   */
  goodnessOfFit: { gStatistic: number; degreesOfFreedom: number; pValue: number };
  /** The confidence level of the intervals. */
  level: number;
  method: "maximum likelihood (gamma, mean fixed at sum/count)";
}

/**
 * Fits a gamma law of response times to a Prometheus histogram by maximum likelihood: the mean
 * is fixed at `sum/count` (exact), the shape k maximizes the multinomial likelihood of the
 * bucket counts, each bucket's probability being the law's mass between its bounds (interval
 * censoring; no bucket midpoints):
 *
 * ```text
 * ℓ(k) = Σᵢ nᵢ·ln(P(k, k·bᵢ/m) − P(k, k·bᵢ₋₁/m))   m = sum/count, P the regularized gamma
 * k̂ = argmax ℓ over ln k ∈ [ln 10⁻³, ln 10⁴]       SCV = 1/k̂
 * interval: {k : 2·(ℓ(k̂) − ℓ(k)) <= χ²₁(level)}      (likelihood ratio)
 * ```
 * The quantiles' intervals take the smallest and largest quantile over seven shapes across the
 * shape interval (its ends, k̂ and four between: a quantile need not be monotone in k, so the
 * ends alone would not do, and seven points may still miss a turn inside), and widen them by the
 * mean's uncertainty in quadrature on the log scale (sd of ln m ≈ √(SCV/count)): an
 * approximation. The intervals hold sampling error only, not the error of the gamma model
 * itself: for a mixture of routes, or a lognormal tail, the true p99 can lie outside (on the
 * real prometheus_client fixture the fit says p99 0.351 s [0.310, 0.398], the raw
 * observations 0.284 s). When the buckets cannot bound the shape (every observation in one bucket, or
 * on the two sides of one bound), the unbounded end is the search limit and `identified` is
 * false with a `reason`.
 *
 * @param histogram - {@link BucketHistogram}, e.g. from {@link selectHistogram}.
 * @param options - {@link FitBucketsOptions}.
 * @returns The fitted law; see {@link bucketFitQuantile} for other quantiles.
 * @throws {@link ModelInputError} for a histogram that is empty, not cumulative, without `+Inf`
 * last, whose `count` differs from the `+Inf` bucket, with a negative `sum`, or unknown fields.
 * @see Heitjan, "Inference from grouped continuous data: a review", Statistical Science 4
 *   (1989) 164–179 (interval-censored likelihood); Wilks (1938) for the likelihood-ratio interval.
 * @example
 * ```ts
 * const buckets = [{ upperBound: 0.01, cumulativeCount: 30 }, { upperBound: 0.05, cumulativeCount: 90 }, { upperBound: Infinity, cumulativeCount: 100 }];
 * const fit = fitBuckets({ buckets, sum: 2.5, count: 100 });
 * fit.meanSec; // => 0.025
 * Math.round(fit.scv * 100) / 100; // => 0.79
 * fit.scvInterval.map((scv) => Math.round(scv * 100) / 100); // => [0.59, 1.09]
 * ```
 */
export function fitBuckets(histogram: BucketHistogram, options: FitBucketsOptions = {}): BucketFit {
  const model = "fitBuckets";
  const h = checkBucketHistogram(model, histogram);
  const o = assertObject(model, options, "options", ["level"]);
  const level =
    o.level === undefined ? 0.9 : assertOpenProbability(model, "options.level", o.level);
  const m = h.meanSec;
  const lowerRatio = h.lowerSec.map((b) => b / m);
  const upperRatio = h.upperSec.map((b) => b / m);
  const logProbabilities = (shape: number): number[] =>
    h.counts.map((n, i) =>
      n > 0
        ? gammaIntervalLogProbability(
            shape,
            shape * (lowerRatio[i] as number),
            shape * (upperRatio[i] as number),
          )
        : 0,
    );
  const logLikelihood = (u: number): number =>
    logProbabilities(Math.exp(u)).reduce((s, lp, i) => s + (h.counts[i] as number) * lp, 0);
  const chiSquare = 2 * gammaQuantile(0.5, level); // χ²₁ quantile at `level`
  const [minShape, maxShape] = BUCKET_FIT_SHAPE_RANGE;
  const fit = maximizeWithInterval(
    logLikelihood,
    Math.log(minShape),
    Math.log(maxShape),
    chiSquare / 2,
  );
  const shape = shapeAt(fit.argmax);
  const shapeInterval: [number, number] = [shapeAt(fit.lower), shapeAt(fit.upper)];
  const scv = 1 / shape;
  const logMeanSd = Math.sqrt(scv / h.count);
  const shapes = [0, 1, 2, 3, 4, 5].map((i) => fit.lower + (i / 5) * (fit.upper - fit.lower));
  const quantile = (p: number): BucketFitQuantile => {
    const at = (u: number): number => {
      const k = shapeAt(u);
      return (m * gammaQuantile(k, p)) / k;
    };
    const estimate = at(fit.argmax);
    const values = [estimate, ...shapes.map(at)];
    const spread = Math.sqrt(chiSquare) * logMeanSd;
    if (!(estimate > 0))
      return { estimate, lower: 0, upper: Math.max(...values) * Math.exp(spread) };
    const below = Math.log(estimate / Math.min(...values)); // >= 0; Infinity when the min is 0
    const above = Math.log(Math.max(...values) / estimate);
    return {
      estimate,
      lower: estimate * Math.exp(-Math.hypot(below, spread)),
      upper: estimate * Math.exp(Math.hypot(above, spread)),
    };
  };
  const goodnessOfFit = gTest(h.counts, logProbabilities(shape), 1);
  const identified = fit.lowerBounded && fit.upperBounded;
  return {
    meanSec: m,
    meanStandardErrorSec: m * logMeanSd,
    shape,
    shapeInterval,
    scv,
    scvInterval: [1 / shapeInterval[1], 1 / shapeInterval[0]],
    identified,
    ...(identified
      ? {}
      : { reason: unidentifiedShapeReason(h.counts, h.upperSec, BUCKET_FIT_SHAPE_RANGE, fit) }),
    quantilesSec: { "0.5": quantile(0.5), "0.9": quantile(0.9), "0.99": quantile(0.99) },
    goodnessOfFit,
    level,
    method: "maximum likelihood (gamma, mean fixed at sum/count)",
  };
}

/** The shape at u = ln k, exactly the search limit at either end of the range. */
function shapeAt(u: number): number {
  const [min, max] = BUCKET_FIT_SHAPE_RANGE;
  return u <= Math.log(min)
    ? min
    : u >= Math.log(max)
      ? max
      : Math.min(max, Math.max(min, Math.exp(u)));
}
