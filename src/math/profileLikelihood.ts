/** Result of {@link maximizeWithInterval}. */
export interface LikelihoodInterval {
  /** Where the log-likelihood is largest in [lo, hi]. */
  argmax: number;
  /** The log-likelihood there. */
  max: number;
  /** The ends of the hull of {u : ℓ(u) >= max − drop}, within [lo, hi]. */
  lower: number;
  upper: number;
  /** Whether ℓ fell below max − drop before the search range ended, on that side. */
  lowerBounded: boolean;
  upperBounded: boolean;
}

const GRID = 41;
const GOLDEN = 0.6180339887498949;

/**
 * Maximizes a log-likelihood ℓ(u) of one parameter over [lo, hi] and returns the
 * likelihood-ratio interval {u : ℓ(u) >= ℓ̂ − drop} (drop = χ²₁ quantile / 2). A grid of 41
 * points finds the best cell, golden-section search refines it (a local maximum there; the
 * grid guards against a better mode elsewhere, if it is wider than the grid's step), and
 * bisection between the outermost grid point above the threshold and its outer neighbour finds
 * each end of the interval (its hull, when ℓ has several modes above the threshold). Bounded work: at most
 * 41 + 80 + 2·80 evaluations of ℓ. An ℓ of −Infinity is allowed (no point is above it); NaN
 * is not.
 */
export function maximizeWithInterval(
  logLikelihood: (u: number) => number,
  lo: number,
  hi: number,
  drop: number,
): LikelihoodInterval {
  const step = (hi - lo) / (GRID - 1);
  const grid = Array.from({ length: GRID }, (_, i) => (i === GRID - 1 ? hi : lo + i * step));
  const values = grid.map(logLikelihood);
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] as number)) best = i;
  });
  // Golden-section search for a maximum on the cells either side of the best grid point.
  let a = grid[Math.max(0, best - 1)] as number;
  let b = grid[Math.min(GRID - 1, best + 1)] as number;
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let fc = logLikelihood(c);
  let fd = logLikelihood(d);
  for (let i = 0; i < 80 && b - a > 1e-12 * Math.max(1, Math.abs(a)); i++) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - GOLDEN * (b - a);
      fc = logLikelihood(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + GOLDEN * (b - a);
      fd = logLikelihood(d);
    }
  }
  let argmax = fc >= fd ? c : d;
  let max = Math.max(fc, fd);
  if (!(max >= (values[best] as number))) {
    argmax = grid[best] as number;
    max = values[best] as number;
  }
  const threshold = max - drop;
  const inside = values.map((v) => v >= threshold);
  const first = inside.indexOf(true);
  const last = inside.lastIndexOf(true);
  const lowerStart = first === -1 ? argmax : Math.min(grid[first] as number, argmax);
  const upperStart = last === -1 ? argmax : Math.max(grid[last] as number, argmax);
  const lowerOuter = [...grid].reverse().find((g, i) => g < lowerStart && !inside[GRID - 1 - i]);
  const upperOuter = grid.find((g, i) => g > upperStart && !inside[i]);
  const crossing = (inner: number, outer: number): number => {
    let an = inner;
    let out = outer;
    for (let i = 0; i < 80; i++) {
      const mid = 0.5 * (an + out);
      if (mid === an || mid === out) break;
      if (logLikelihood(mid) >= threshold) an = mid;
      else out = mid;
    }
    return an;
  };
  return {
    argmax,
    max,
    lower: lowerOuter === undefined ? lo : crossing(lowerStart, lowerOuter),
    upper: upperOuter === undefined ? hi : crossing(upperStart, upperOuter),
    lowerBounded: lowerOuter !== undefined,
    upperBounded: upperOuter !== undefined,
  };
}
