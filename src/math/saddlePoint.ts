// Accurate Poisson probabilities for large arguments, after C. Loader, "Fast and accurate
// computation of binomial probabilities" (2000): the pmf is written as
//   P(N = x) = exp(−stirlerr(x) − bd0(x, λ)) / sqrt(2πx),   N ~ Poisson(λ),
// where stirlerr is the error of Stirling's formula and bd0(x, λ) = x·ln(x/λ) + λ − x is
// evaluated without cancellation. Relative accuracy stays near machine precision for x and λ
// in the millions, where exp(x·ln λ − λ − lnΓ(x+1)) would lose ten digits.

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

/**
 * x·ln(x/λ) + λ − x without cancellation when x ≈ λ (x > 0, λ > 0). For 1/3 < x/λ < 3 it is the
 * series (x − λ)·v + 2x·Σ_{j>=1} v^(2j+1)/(2j+1), v = (x − λ)/(x + λ) (at most ~27 terms).
 * Outside, the rounding of ln(x/λ) leaves an absolute error of about x·1e-16, below 4e-13
 * wherever exp(−bd0) does not underflow (there bd0 >= 0.43·x). The switch at
 * |x − λ| < 0.1·(x + λ) of Loader's paper left errors up to 2e-12 in exp(−bd0) near x = 10⁴.
 */
export function bd0(x: number, lambda: number): number {
  const diff = x - lambda;
  if (Math.abs(diff) < 0.5 * (x + lambda)) {
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
