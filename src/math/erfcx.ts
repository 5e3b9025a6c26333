import { ERFCX_TAYLOR } from "./seriesTables.js";

const SQRT_PI = 1.7724538509055159;
const PIECES = 8; // Taylor pieces of width 1/2 on [0, 4)
const LENGTH = ERFCX_TAYLOR.length / PIECES;

/**
 * The scaled complementary error function erfcx(y) = exp(y²)·erfc(y), for any real y; relative
 * error about 1e-15 (tested against mpmath). It does not underflow for large y, where erfc does.
 *
 * ```text
 * 0 <= y < 4   Taylor series about the middle of a piece of width 1/2 (at most 18 terms; the
 *              coefficients come from scripts/make_series_tables.py)
 * y >= 4       erfcx(y) = (1/√π) / (y + (1/2)/(y + 1/(y + (3/2)/(y + …))))   (Laplace),
 *              by the modified Lentz method, at most 22 steps
 * y < 0        erfcx(y) = 2·exp(y²) − erfcx(−y)
 * ```
 * @see Abramowitz & Stegun, Handbook of Mathematical Functions (1964), 7.1.14 (the continued
 *   fraction) and 7.1.2 (the reflection); DLMF 7.9.2; W. H. Press et al., Numerical Recipes,
 *   3rd ed. (2007), §5.2 (the modified Lentz method).
 */
export function erfcx(y: number): number {
  if (y < 0) return 2 * Math.exp(y * y) - erfcx(-y);
  if (y < 4) {
    const piece = Math.floor(2 * y);
    const h = y - 0.5 * piece - 0.25;
    const first = piece * LENGTH;
    let sum = ERFCX_TAYLOR[first + LENGTH - 1] ?? 0;
    for (let n = first + LENGTH - 2; n >= first; n--) sum = sum * h + (ERFCX_TAYLOR[n] ?? 0);
    return sum;
  }
  if (y === Infinity) return 0;
  // Every partial numerator (j/2) and denominator (y) is positive: no guard against zero needed.
  let value = y;
  let c = y;
  let d = 0;
  for (let j = 1; j < 100; j++) {
    d = 1 / (y + 0.5 * j * d);
    c = y + (0.5 * j) / c;
    const delta = c * d;
    value *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / (SQRT_PI * value);
}
