import { continuedFraction } from "./continuedFraction.js";
import { logGamma } from "./gamma.js";
import { poissonTailRatioUniform } from "./poissonTemme.js";
import { bd0, stirlerr } from "./saddlePoint.js";

const LOG_2PI = 1.8378770664093453;
/** No series or continued fraction below runs longer (they need a few hundred terms at most). */
const MAX_TERMS = 5000;

/** ln P(a, x) and ln Q(a, x), the regularized lower and upper incomplete gamma functions. */
export interface LogGammaTails {
  logLower: number;
  logUpper: number;
}

/**
 * ln P(a, x) and ln Q(a, x) = ln(1 − P(a, x)) for any shape a > 0 and x >= 0 (`Infinity`
 * too), in log space so that neither tail underflows, in bounded work for every input:
 *
 * ```text
 * a >= 500, 0.8 <= x/a <= 1.25   Temme's uniform expansion (poissonTemme.ts), O(1)
 * x < a + 1                      series for P (A&S 6.5.29): terms fall by x/(a+n) < 1
 * x >= a + 1                     continued fraction for Q (A&S 6.5.31), Lentz
 * ```
 * Outside Temme's band the terms fall geometrically (by 0.8 or faster for a >= 500): over
 * a ∈ [1e-3, 1.6e5] and x/a ∈ [e⁻¹², e¹²] the series took at most 199 terms and the fraction
 * 116; both loops stop after 5000 whatever happens. Each branch computes one
 * tail, the smaller one or one not close to 1, and the other is ln(1 − e^(that one)). The prefix xᵃ·e⁻ˣ/Γ(a) is Loader's saddle-point form for a > 15 (no
 * cancellation between a·ln x and x at large a).
 */
export function logGammaTails(a: number, x: number): LogGammaTails {
  if (!(x > 0)) return { logLower: -Infinity, logUpper: 0 };
  if (x === Infinity) return { logLower: 0, logUpper: -Infinity };
  const logPrefix =
    a > 15
      ? 0.5 * (Math.log(a) - LOG_2PI) - stirlerr(a) - bd0(a, x)
      : a * Math.log(x) - x - logGamma(a);
  if (a >= 500 && x >= 0.8 * a && x <= 1.25 * a) {
    // P(N <= a−1)/P(N = a−1) = Q(a, x)/(prefix/x) for N ~ Poisson(x), and P(N > a−1) likewise P.
    // Only the smaller tail's ratio is taken (the larger one's overflows far from x = a).
    const logPmf = logPrefix - Math.log(x);
    if (x <= a) {
      const logLower = Math.min(0, logPmf + Math.log(poissonTailRatioUniform(a - 1, x, true)));
      return { logLower, logUpper: Math.log1p(-Math.exp(logLower)) };
    }
    const logUpper = Math.min(0, logPmf + Math.log(poissonTailRatioUniform(a - 1, x, false)));
    return { logLower: Math.log1p(-Math.exp(logUpper)), logUpper };
  }
  if (x < a + 1) {
    const logLower = Math.min(0, logPrefix + Math.log(lowerSeries(a, x)));
    return { logLower, logUpper: Math.log1p(-Math.exp(logLower)) };
  }
  const fraction = continuedFraction(
    x + 1 - a,
    (i) => [-i * (i - a), x + 1 - a + 2 * i],
    MAX_TERMS,
  );
  const logUpper = Math.min(0, logPrefix - Math.log(fraction));
  return { logLower: Math.log1p(-Math.exp(logUpper)), logUpper };
}

// Σ_{n>=0} xⁿ/(a(a+1)…(a+n)), so that P(a, x) = xᵃ·e⁻ˣ/Γ(a) · this (x < a + 1).
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}
