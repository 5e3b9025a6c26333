// Student's t distribution: upper tail and its inverse, for confidence intervals of fitted
// parameters. The tail is a regularized incomplete beta function,
//   P(T > t) = ½·I_x(ν/2, ½)   with x = ν/(ν + t²), t >= 0      (Abramowitz & Stegun 26.7.1)
// and I_x(a, b) is evaluated by its continued fraction (A&S 26.5.8, DLMF 8.17.22) with the
// modified Lentz method, on the side of the symmetry I_x(a, b) = 1 − I_(1−x)(b, a) where it
// converges fast. Relative accuracy about 1e-14 for moderate ν; it degrades slowly (through
// ln B(ν/2, ½), like ν·1e-16) for very large ν.

import { logGamma } from "./gamma.js";
import { invertSurvival } from "./solve.js";
import { continuedFraction } from "./continuedFraction.js";

/** P(T > t) for Student's t with `degreesOfFreedom` ν > 0 (any real t). */
export function studentTSurvival(t: number, degreesOfFreedom: number): number {
  if (t < 0) return 1 - studentTSurvival(-t, degreesOfFreedom);
  if (t === Infinity) return 0;
  const u = t / Math.sqrt(degreesOfFreedom);
  const u2 = u * u;
  if (!(u2 < 1e300)) return 0; // below the smallest positive double for every ν of interest
  // x = ν/(ν + t²) and y = 1 − x = t²/(ν + t²), each formed without subtraction.
  const x = 1 / (1 + u2);
  const y = u2 / (1 + u2);
  return 0.5 * regularizedBeta(degreesOfFreedom / 2, 0.5, x, y);
}

/**
 * The t with P(T > t) = `tail`, for 0 < tail < 1 and ν = `degreesOfFreedom` > 0; e.g. the
 * two-sided 95% quantile is `studentTInverseSurvival(0.025, ν)`.
 */
export function studentTInverseSurvival(tail: number, degreesOfFreedom: number): number {
  if (tail > 0.5) return -studentTInverseSurvival(1 - tail, degreesOfFreedom);
  return invertSurvival((t) => studentTSurvival(t, degreesOfFreedom), tail, 1);
}

/** I_x(a, b), the regularized incomplete beta function; `y` must be 1 − x, formed accurately. */
function regularizedBeta(a: number, b: number, x: number, y: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedBeta(b, a, y, x);
  const logX = x > 0.5 ? Math.log1p(-y) : Math.log(x);
  const logY = y > 0.5 ? Math.log1p(-x) : Math.log(y);
  const logBeta = logGamma(a) + logGamma(b) - logGamma(a + b);
  return Math.exp(a * logX + b * logY - logBeta) / (a * betaFraction(a, b, x));
}

// 1 + d1/(1 + d2/(1 + …)) with d(2m+1) = −(a+m)(a+b+m)x/((a+2m)(a+2m+1)) and
// d(2m) = m(b−m)x/((a+2m−1)(a+2m)), so that I_x(a, b) = x^a·y^b/(a·B(a, b)·this).
function betaFraction(a: number, b: number, x: number): number {
  return continuedFraction(1, (j) => {
    const m = j >> 1;
    const dj =
      j % 2 === 1
        ? (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
        : (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    return [dj, 1];
  });
}
