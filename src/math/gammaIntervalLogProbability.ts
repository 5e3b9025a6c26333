import { logGammaTails } from "./gammaTails.js";

/**
 * ln P(x0 < X <= x1) for X of the standard gamma law of shape a (scale 1), 0 <= x0 < x1 <= ∞,
 * in log space (a far bucket keeps a finite log-probability where the probability underflows):
 *
 * ```text
 * P(a, x1) <= ½   ln(P(a, x1) − P(a, x0))       both in the lower tail
 * Q(a, x0) <= ½   ln(Q(a, x0) − Q(a, x1))       both in the upper tail
 * otherwise       ln(1 − P(a, x0) − Q(a, x1))   the interval holds the median
 * ```
 * so that no form subtracts two numbers near 1. −Infinity when the interval has no mass in
 * double precision; never NaN for a > 0.
 */
export function gammaIntervalLogProbability(a: number, x0: number, x1: number): number {
  const start = logGammaTails(a, x0);
  const end = logGammaTails(a, x1);
  const half = -Math.LN2;
  if (end.logLower <= half) return end.logLower + log1mExp(start.logLower - end.logLower);
  if (start.logUpper <= half) return start.logUpper + log1mExp(end.logUpper - start.logUpper);
  return Math.log1p(-Math.min(1, Math.exp(start.logLower) + Math.exp(end.logUpper)));
}

/** ln(1 − eᵈ) for d <= 0; −Infinity for d >= 0 (rounding may give a d slightly above 0). */
function log1mExp(d: number): number {
  if (!(d < 0)) return -Infinity;
  return d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d));
}
