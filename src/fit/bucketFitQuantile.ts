import { gammaQuantile } from "../math/gammaQuantile.js";
import { assertObject, assertOpenProbability, assertPositive } from "../validate.js";
import type { BucketFit } from "./fitBuckets.js";

/** The fields of a {@link BucketFit}: any other is refused (a misspelt `meanSec`, say). */
const FIT_FIELDS: readonly (keyof BucketFit)[] = [
  ...["meanSec", "meanStandardErrorSec", "shape", "shapeInterval", "scv", "scvInterval"],
  ...["identified", "reason", "quantilesSec", "goodnessOfFit", "level", "method"],
] as (keyof BucketFit)[];

/**
 * The p-quantile (seconds) of the gamma law {@link fitBuckets} fitted: the t with
 * P(k, k·t/m) = p, m = `meanSec`, k = `shape`, by inverting the regularized incomplete gamma
 * function (bisection in bounded work). A point estimate: for the intervals of the median, p90
 * and p99 see {@link BucketFit.quantilesSec}.
 *
 * @param fit - From {@link fitBuckets} (only `meanSec` and `shape` are read).
 * @param p - The probability, in (0, 1).
 * @returns The quantile, seconds; 0 when it is below the smallest double.
 * @throws {@link ModelInputError} for p outside (0, 1) or a fit without a positive mean and shape.
 * @example
 * ```ts
 * bucketFitQuantile({ meanSec: 0.1, shape: 1 }, 0.5); // => 0.06931471805599453
 * ```
 */
export function bucketFitQuantile(fit: Pick<BucketFit, "meanSec" | "shape">, p: number): number {
  const model = "bucketFitQuantile";
  const f = assertObject(model, fit, "fit", FIT_FIELDS);
  const meanSec = assertPositive(model, "fit.meanSec", f.meanSec);
  const shape = assertPositive(model, "fit.shape", f.shape);
  const probability = assertOpenProbability(model, "p", p);
  return (meanSec * gammaQuantile(shape, probability)) / shape;
}
