// Accurate Poisson probabilities for large arguments, after C. Loader, "Fast and accurate
// computation of binomial probabilities" (2000): the pmf is written as
//   P(N = x) = exp(−stirlerr(x) − bd0(x, λ)) / sqrt(2πx),   N ~ Poisson(λ),
// where stirlerr is the error of Stirling's formula and bd0(x, λ) = x·ln(x/λ) + λ − x is
// evaluated without cancellation. Relative accuracy stays near machine precision for x and λ
// in the millions, where exp(x·ln λ − λ − lnΓ(x+1)) would lose ten digits.

const LOG_SQRT_2PI = 0.9189385332046727; // ln(sqrt(2π))
const TINY = 1e-17;

// stirlerr(n) = ln n! − (n + ½)·ln n + n − ln sqrt(2π) for n = 1…15, computed with mpmath at
// 40 digits (test/fixtures/make_reference.py prints the same values).
const STIRLERR_SMALL = [
  0, 0.08106146679532725822, 0.041340695955409294094, 0.027677925684998339149,
  0.020790672103765093112, 0.016644691189821192163, 0.013876128823070747999,
  0.011896709945891770095, 0.010411265261972096497, 0.0092554621827127329177,
  0.0083305634333628712565, 0.007573675487951840795, 0.0069428401072095298657,
  0.0064089941880042070684, 0.0059513701127588477356, 0.005554733551962801371,
];

// Coefficients of the Stirling series 1/12, 1/360, 1/1260, 1/1680, 1/1188.
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/** Error of Stirling's approximation to ln n! for an integer n >= 1. */
export function stirlerr(n: number): number {
  if (n <= 15) return STIRLERR_SMALL[n] ?? 0;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** x·ln(x/λ) + λ − x without cancellation when x ≈ λ (x > 0, λ > 0). */
export function bd0(x: number, lambda: number): number {
  const diff = x - lambda;
  if (Math.abs(diff) < 0.1 * (x + lambda)) {
    const v = diff / (x + lambda);
    const v2 = v * v;
    let s = diff * v;
    let ej = 2 * x * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v2;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / lambda) + lambda - x;
}

/** ln P(N = x) for N ~ Poisson(λ), integer x >= 0, λ >= 0. */
export function logPoissonPmf(x: number, lambda: number): number {
  if (lambda === 0) return x === 0 ? 0 : -Infinity;
  if (x === 0) return -lambda;
  return -stirlerr(x) - bd0(x, lambda) - LOG_SQRT_2PI - 0.5 * Math.log(x);
}

/**
 * Σ_{j=0..k} k!/((k−j)!·λʲ) = P(N <= k)/P(N = k), for λ > k (terms fall by (k−j)/λ < 1, so
 * O(sqrt(k)) of them matter).
 */
export function lowerTailRatio(k: number, lambda: number): number {
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
 * Σ_{j>=1} λʲ·k!/(k+j)! = P(N > k)/P(N = k), for λ <= k (terms fall by λ/(k+j) < 1).
 */
export function upperTailRatio(k: number, lambda: number): number {
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
