// Inversion of a continuous, nonincreasing survival function S(t) = P(X > t) on t >= 0.

/**
 * The smallest t >= 0 with S(t) <= target, for a survival function that is continuous on
 * t > 0 (it may have an atom at 0, i.e. S(0) < 1). Returns 0 when S(0) <= target.
 *
 * Brackets the root by doubling from `scaleSec`, then runs the Illinois variant of regula falsi on
 * ln S(t) − ln target (nearly linear in t for the tails met in queueing), falling back to
 * bisection, until the bracket is a few ulps wide.
 */
export function invertSurvival(
  survival: (t: number) => number,
  target: number,
  scaleSec: number,
): number {
  if (survival(0) <= target) return 0;
  const logTarget = Math.log(target);
  const g = (t: number): number => {
    const s = survival(t);
    return s > 0 ? Math.log(s) - logTarget : -Infinity;
  };
  let lo = 0;
  let glo = g(0);
  let hi = scaleSec > 0 ? scaleSec : 1;
  let ghi = g(hi);
  for (let i = 0; ghi > 0 && i < 2000; i++) {
    lo = hi;
    glo = ghi;
    hi *= 2;
    ghi = g(hi);
  }
  if (ghi > 0) return Infinity;
  if (ghi === 0) return hi;
  let side = 0;
  for (let i = 0; i < 200; i++) {
    if (hi - lo <= 4 * Number.EPSILON * hi) break;
    let t: number;
    if (Number.isFinite(ghi) && Number.isFinite(glo)) {
      t = (lo * ghi - hi * glo) / (ghi - glo);
      if (!(t > lo && t < hi)) t = 0.5 * (lo + hi);
    } else {
      t = 0.5 * (lo + hi);
    }
    const gt = g(t);
    if (gt === 0) return t;
    if (gt > 0) {
      lo = t;
      glo = gt;
      if (side === 1) ghi *= 0.5;
      side = 1;
    } else {
      hi = t;
      ghi = gt;
      if (side === -1) glo *= 0.5;
      side = -1;
    }
  }
  return hi;
}

/**
 * A root of g on [lo, hi] where g(lo) > 0 ≥ g(hi): the Illinois variant of regula falsi, a
 * bisection step whenever the secant leaves the bracket, until the bracket is `relTol` of `hi`
 * wide. Returns the end where g > 0 (`lo`) and the one where g ≤ 0 (`hi`).
 */
export function bracketedRoot(
  g: (x: number) => number,
  lo: number,
  hi: number,
  relTol = 1e-13,
): { lo: number; hi: number } {
  let glo = g(lo);
  let ghi = g(hi);
  let side = 0;
  for (let i = 0; i < 300 && hi - lo > relTol * hi; i++) {
    let x = (lo * ghi - hi * glo) / (ghi - glo);
    if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
    const gx = g(x);
    if (gx > 0) {
      lo = x;
      glo = gx;
      if (side === 1) ghi *= 0.5;
      side = 1;
    } else {
      hi = x;
      ghi = gx;
      if (side === -1) glo *= 0.5;
      side = -1;
    }
  }
  return { lo, hi };
}
