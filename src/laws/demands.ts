import { ModelInputError } from "../errors.js";
import { assertNonNegative } from "../validate.js";

/** Validates per-resource service demands; returns their total, the largest and its index. */
export function readDemands(
  model: string,
  demandsSec: unknown,
): { total: number; max: number; bottleneck: number } {
  if (!Array.isArray(demandsSec) || demandsSec.length === 0) {
    throw new ModelInputError(model, "demandsSec", demandsSec, "a non-empty array of numbers");
  }
  let total = 0;
  let max = 0;
  let bottleneck = 0;
  demandsSec.forEach((d: unknown, i) => {
    const v = assertNonNegative(model, `demandsSec[${i}]`, d);
    total += v;
    if (v > max) {
      max = v;
      bottleneck = i;
    }
  });
  if (!(max > 0)) {
    throw new ModelInputError(model, "demandsSec", demandsSec, "an array with a demand > 0");
  }
  return { total, max, bottleneck };
}
