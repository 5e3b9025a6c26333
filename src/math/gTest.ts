import { logGammaTails } from "./gammaTails.js";

/** Result of {@link gTest}. */
export interface GTest {
  gStatistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

/**
 * The G-test (likelihood-ratio test) of observed counts nᵢ against fitted cell probabilities
 * pᵢ, given as ln pᵢ:
 *
 * ```text
 * G = 2·Σ nᵢ·ln(nᵢ/(N·pᵢ))   (cells with nᵢ = 0 add 0)   N = Σ nᵢ
 * df = cells − 1 − fittedParameters (at least 0)       p-value = P(χ²_df >= G)
 * ```
 * With df = 0, χ²₀ is a point mass at 0: the p-value is 1 for G = 0 and 0 otherwise. A cell
 * with nᵢ > 0 and pᵢ = 0 gives G = Infinity and p-value 0. χ² is an approximation that wants
 * expected counts of about 5 or more per cell.
 * @see Sokal & Rohlf, Biometry, 4th ed. (2012), §17.1.
 */
export function gTest(
  counts: readonly number[],
  logProbabilities: readonly number[],
  fittedParameters: number,
): GTest {
  const total = counts.reduce((s, n) => s + n, 0);
  let g = 0;
  counts.forEach((n, i) => {
    if (n > 0) g += 2 * n * (Math.log(n / total) - (logProbabilities[i] as number));
  });
  const gStatistic = Math.max(0, g); // rounding may leave a tiny negative G for a perfect fit
  const degreesOfFreedom = Math.max(0, counts.length - 1 - fittedParameters);
  const pValue =
    degreesOfFreedom > 0
      ? Math.exp(logGammaTails(degreesOfFreedom / 2, gStatistic / 2).logUpper)
      : gStatistic > 0
        ? 0
        : 1;
  return { gStatistic, degreesOfFreedom, pValue };
}
