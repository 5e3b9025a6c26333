import { bd0, stirlerr } from "./saddlePoint.js";
import { erfcx } from "./erfcx.js";
import { TEMME_COEFFICIENTS, TEMME_TERMS } from "./seriesTables.js";

const SQRT_2PI = 2.5066282746310002;

/**
 * Poisson tail over the probability at k, in O(1) operations: P(N <= k)/P(N = k) when `upper`
 * is false, P(N > k)/P(N = k) when it is true, for N ~ Poisson(λ), from Temme's uniform
 * asymptotic expansion of the incomplete gamma function (P(N <= k) = Q(s, λ), s = k + 1):
 *
 * ```text
 * Q(s, λ) = ½·erfc(y) + exp(−y²)/√(2πs) · Σ_{j=0..5} c_j(η)·s^−j
 * μ = λ/s   ½η² = μ − 1 − ln μ (η of the sign of μ − 1)   y = η·√(s/2), so y² = bd0(s, λ)
 * P(N = k) = (s/λ)·exp(−y² − stirlerr(s))/√(2πs)                      (Loader)
 * P(N <= k)/P(N = k) = (λ/s)·exp(stirlerr(s))·(½·√(2πs)·erfcx(y) + Σ)
 * P(N > k)/P(N = k)  = (λ/s)·exp(stirlerr(s))·(½·√(2πs)·erfcx(−y) − Σ)
 * ```
 * Neither form subtracts nearly equal numbers, and erfcx = exp(y²)·erfc(y) cannot underflow.
 * Valid, to a relative error near 1e-15, for k >= 500 and 0.8 <= μ <= 1.25 (|η| <= 0.24, where
 * the Taylor series of c_0 … c_5 from scripts/make_series_tables.py hold to 1e-18, and the series
 * in 1/s, cut after 3 to 6 terms depending on s, to 3e-19): the band around the mode where
 * summing the tail term by term would take more than about 200 terms.
 * @see N. M. Temme, "The asymptotic expansion of the incomplete gamma functions", SIAM J. Math.
 *   Anal. 10 (1979) 757–766; DLMF 8.12.3–8.12.9.
 */
export function poissonTailRatioUniform(k: number, lambda: number, upper: boolean): number {
  const s = k + 1;
  const half = bd0(s, lambda); // y², = s·η²/2
  const y = (lambda >= s ? 1 : -1) * Math.sqrt(half);
  const eta = y * Math.sqrt(2 / s);
  // Σ_j c_j(η)·s^−j = Σ_n ηⁿ·d_n(s), d_n(s) = Σ_j c_(j,n)·s^−j: Horner's rule in η over short,
  // independent Horner sums in 1/s, which the processor can overlap. The larger s, the fewer
  // c_j matter: each cut leaves an error below 3e-19 (scripts/make_series_tables.py prints it).
  const terms = s >= 1e5 ? 3 : s >= 1e4 ? 4 : s >= 1000 ? 5 : 6;
  const inverse = 1 / s;
  let sum = 0;
  let end = TEMME_COEFFICIENTS.length;
  for (let n = TEMME_TERMS.length - 1; n >= 0; n--) {
    const start = end - (TEMME_TERMS[n] ?? 0);
    let d = 0;
    for (let i = Math.min(end, start + terms) - 1; i >= start; i--) {
      d = d * inverse + (TEMME_COEFFICIENTS[i] ?? 0);
    }
    sum = sum * eta + d;
    end = start;
  }
  const scaled = 0.5 * SQRT_2PI * Math.sqrt(s) * erfcx(upper ? -y : y);
  return (lambda / s) * Math.exp(stirlerr(s)) * (upper ? scaled - sum : scaled + sum);
}
