import { poissonTailRatioUniform } from "./poissonTemme.js";
import { bd0, stirlerr } from "./saddlePoint.js";

// Poisson probabilities and tail sums for the Erlang kernels and the M/M/c distributions. The
// probability itself comes from Loader's saddle-point formula (saddlePoint.ts); a tail over that
// probability is a sum of positive terms far from the mode, and Temme's uniform expansion
// (poissonTemme.ts) near it, where the sum would need O(sqrt(k)) terms.

const LOG_SQRT_2PI = 0.9189385332046727; // ln(sqrt(2π))
const TINY = 1e-17;

/**
 * Whether Temme's expansion serves for the tail at k: k >= 500 and λ within [0.8, 1.25]·(k + 1),
 * where the sums below would need more than about 200 terms. Elsewhere they need fewer (terms
 * fall by a factor 1.25 or more, or k is small) and cost less than the expansion.
 */
const nearMode = (k: number, lambda: number): boolean =>
  k >= 500 && lambda >= 0.8 * (k + 1) && lambda <= 1.25 * (k + 1);

/** ln P(N = x) for N ~ Poisson(λ), integer x >= 0, λ >= 0. */
export function logPoissonPmf(x: number, lambda: number): number {
  if (lambda === 0) return x === 0 ? 0 : -Infinity;
  if (x === 0) return -lambda;
  return -stirlerr(x) - bd0(x, lambda) - LOG_SQRT_2PI - 0.5 * Math.log(x);
}

/**
 * Σ_{j=0..k} k!/((k−j)!·λʲ) = P(N <= k)/P(N = k), for λ > k: the sum of its terms (they fall by
 * (k−j)/λ < 1), or Temme's expansion near the mode.
 */
export function lowerTailRatio(k: number, lambda: number): number {
  if (nearMode(k, lambda)) return poissonTailRatioUniform(k, lambda, false);
  const inv = 1 / lambda;
  let term = 1;
  let sum = 1;
  for (let j = 0; j < k; j++) {
    term *= (k - j) * inv;
    sum += term;
    // Later terms shrink by at most (k−j−1)/λ each: stop once their total is negligible.
    if (term < TINY * sum * (1 - (k - j - 1) * inv)) break;
  }
  return sum;
}

/**
 * Σ_{j>=1} λʲ·k!/(k+j)! = P(N > k)/P(N = k), for λ <= k: the sum of its terms (they fall by
 * λ/(k+j) < 1), or Temme's expansion near the mode.
 */
export function upperTailRatio(k: number, lambda: number): number {
  if (nearMode(k, lambda)) return poissonTailRatioUniform(k, lambda, true);
  let term = 1;
  let sum = 0;
  for (let j = 1; ; j++) {
    term *= lambda / (k + j);
    sum += term;
    if (term < TINY * sum * (1 - lambda / (k + j + 1)) || term === 0) return sum;
  }
}

/**
 * ln P(N <= k) for N ~ Poisson(λ), integer k >= 0, λ > 0, accurate where the result is a
 * moderate number: near the mode and in the lower tail for λ > k.
 */
export function logPoissonCdf(k: number, lambda: number): number {
  const logPmf = logPoissonPmf(k, lambda);
  if (lambda > k) return logPmf + Math.log(lowerTailRatio(k, lambda));
  return Math.log1p(-Math.exp(logPmf) * upperTailRatio(k, lambda));
}

/** P(N = x) for N ~ Poisson(λ), integer x >= 0, λ >= 0. */
export function poissonPmf(x: number, lambda: number): number {
  return Math.exp(logPoissonPmf(x, lambda));
}

/**
 * Σ_j P(N = j)·weight(j) for N ~ Poisson(mean), over j = 0…lastIndex, for a weight in [0, 1]
 * that is zero past `lastIndex`. The sum starts at the mode (or at `lastIndex` when that is
 * smaller) and walks outwards until the Poisson terms can no longer change it, so it costs
 * O(sqrt(mean)) terms, not O(mean). An infinite mean puts all the mass past any finite
 * `lastIndex`: the sum is 0.
 */
export function poissonWeightedSum(
  mean: number,
  weight: (j: number) => number,
  lastIndex: number,
): number {
  if (mean === Infinity && lastIndex < Infinity) return 0;
  const start = Math.min(Math.floor(mean), lastIndex);
  const p0 = poissonPmf(start, mean);
  if (p0 === 0) return 0;
  let sum = p0 * weight(start);
  // Upwards: terms fall once j passes the mean; stop when the Poisson term is negligible.
  let p = p0;
  for (let j = start + 1; j <= lastIndex; j++) {
    p *= mean / j;
    sum += p * weight(j);
    if (p <= 1e-20 * sum || p === 0) break;
  }
  p = p0;
  for (let j = start; j > 0; j--) {
    p *= j / mean;
    sum += p * weight(j - 1);
    if (p <= 1e-20 * sum || p === 0) break;
  }
  return sum;
}
