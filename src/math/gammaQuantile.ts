import { logGammaTails } from "./gammaTails.js";

/**
 * The quantile of the standard gamma law of shape a > 0 (scale 1): the x with P(a, x) = p, for
 * p in (0, 1). Bisection on ln x over [−745, 710] (every positive double), on the tail that is
 * the smaller one at p (ln P(a, x) − ln p for p <= ½, ln(1 − p) − ln Q(a, x) above), so that
 * p near 0 or 1 keeps its relative precision; at most 100 steps of {@link logGammaTails}, each
 * of bounded work. Returns 0 when the quantile is below the smallest double (shape 0.001, p = ½
 * gives about 1e-301·Γ-scale already).
 */
export function gammaQuantile(a: number, p: number): number {
  const lower = p <= 0.5;
  const target = lower ? Math.log(p) : Math.log1p(-p);
  const above = (u: number): boolean => {
    const t = logGammaTails(a, Math.exp(u));
    return lower ? t.logLower >= target : t.logUpper <= target;
  };
  let lo = -745;
  let hi = 710;
  if (above(lo)) return 0;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (above(mid)) hi = mid;
    else lo = mid;
  }
  return Math.exp(hi);
}
