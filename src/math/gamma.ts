import { continuedFraction } from "./continuedFraction.js";

// Log-gamma and the regularized incomplete gamma function for real shape a > 0, used by the
// approximate (two-moment) distributions. Series and continued fraction as in Abramowitz &
// Stegun 6.5.29 and 6.5.31, evaluated with the modified Lentz method; relative accuracy about
// 1e-14 for moderate shapes, degrading slowly (like shape·1e-16) for very large shapes.

const HALF_LOG_2PI = 0.9189385332046727;

/** ln Γ(x) for x > 0 (Stirling series after shifting x above 15). */
export function logGamma(x: number): number {
  let shift = 0;
  let y = x;
  while (y < 15) {
    shift += Math.log(y);
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  const series =
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + series - shift;
}

/** Q(a, x) = Γ(a, x)/Γ(a), the upper regularized incomplete gamma function (a > 0, x >= 0). */
export function gammaQ(a: number, x: number): number {
  // Shape 0 (a variance that overflowed) is a point mass at 0; NaN must not run the series.
  if (!(a > 0)) return a === 0 && x > 0 ? 0 : a === 0 ? 1 : Number.NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  // Far in either tail the prefix underflows (and the series or fraction need not converge fast).
  if (logPrefix < -800) return x < a ? 1 : 0;
  if (x < a + 1) return 1 - Math.exp(logPrefix) * lowerSeries(a, x);
  return Math.exp(logPrefix) * upperFraction(a, x);
}

// Σ_{n>=0} xⁿ/(a(a+1)…(a+n)), so that P(a, x) = x^a·e^(−x)/Γ(a) · this.
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 100_000_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

// Continued fraction 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))) for Q(a, x)·e^x·x^(−a)·Γ(a).
function upperFraction(a: number, x: number): number {
  return 1 / continuedFraction(x + 1 - a, (i) => [-i * (i - a), x + 1 - a + 2 * i]);
}

/**
 * P(X > t) for a gamma law with the given mean and variance. Above shape 10⁴ (nearly fixed
 * times, where the incomplete-gamma series would need ~√shape terms) the Wilson–Hilferty cube
 * root transform makes it a normal law; a variance of 0 is a step at the mean.
 */
export function gammaSurvival(mean: number, variance: number, t: number): number {
  if (t <= 0) return 1;
  const shape = (mean * mean) / variance;
  if (!(shape <= 1e4)) {
    if (!(variance > 0)) return t < mean ? 1 : 0;
    const spread = 1 / (9 * shape);
    const z = (Math.cbrt(t / mean) - (1 - spread)) / Math.sqrt(spread);
    const tail = 0.5 * gammaQ(0.5, (z * z) / 2); // P(Z > |z|) = erfc(|z|/√2)/2
    return z >= 0 ? tail : 1 - tail;
  }
  return gammaQ(shape, (t * mean) / variance);
}
