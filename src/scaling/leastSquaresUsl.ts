// The bounded least-squares fit behind fitUsl: minimize Σ (λNᵢ/D(Nᵢ) − Xᵢ)² over
// 0 <= σ <= 1, 0 <= κ <= 1, λ >= 0. A minimum on a box is an unconstrained minimum on the
// interior of one of its faces, so Levenberg–Marquardt is run with each of σ and κ either free
// or held at 0 or at 1 (9 faces; λ is always free) from several starts, and the lowest sum of
// squares wins. Within rounding, a point on fewer bounds does not replace one on more, so that
// an optimum on a bound comes out exactly on it (κ = 0, not 1e-19).

import { boundedLevenbergMarquardt, type ResidualFunction } from "../math/levenbergMarquardt.js";
import { solveLeastSquares } from "../math/leastSquares.js";
import { uslDenominator } from "./uslCurve.js";

/** The estimate [σ, κ, λ], its residual sum of squares and the n × 3 Jacobian there. */
export interface UslLeastSquares {
  params: Float64Array;
  sumOfSquares: number;
  jacobian: Float64Array;
}

// Each coefficient is free in [0, 1] or held at a bound; held ones first (fewest free first).
const CHOICES: [number, number][] = [
  [0, 0],
  [1, 1],
  [0, 1],
];

/** Least-squares USL fit to measurements (Nᵢ >= 1, Xᵢ > 0, >= 3 distinct Nᵢ). */
export function leastSquaresUsl(
  concurrency: Float64Array,
  throughput: Float64Array,
): UslLeastSquares {
  const n = concurrency.length;
  const residuals: ResidualFunction = (p, r, jac) => {
    const [sigma, kappa, lambda] = p as unknown as [number, number, number];
    for (let i = 0; i < n; i++) {
      const c = concurrency[i]!;
      const d = uslDenominator(sigma, kappa, c);
      const g = c / d; // X = λ·g
      r[i] = lambda * g - throughput[i]!;
      if (jac) {
        const dg = (-lambda * g * (c - 1)) / d; // ∂X/∂σ; ∂X/∂κ = N·∂X/∂σ
        jac[i * 3] = dg;
        jac[i * 3 + 1] = dg * c;
        jac[i * 3 + 2] = g;
      }
    }
  };
  // λ minimizing the sum of squares for given σ and κ (the model is linear in λ).
  const bestLambda = (sigma: number, kappa: number) => {
    let xg = 0;
    let gg = 0;
    for (let i = 0; i < n; i++) {
      const g = concurrency[i]! / uslDenominator(sigma, kappa, concurrency[i]!);
      xg += throughput[i]! * g;
      gg += g * g;
    }
    return xg / gg;
  };

  const [sigma0, kappa0] = linearStart(concurrency, throughput);
  let maxX = 0;
  for (const x of throughput) maxX = Math.max(maxX, x);
  const noise = n * (8 * Number.EPSILON * maxX) ** 2; // sums of squares closer than this tie
  let best: { params: Float64Array; sumOfSquares: number } | undefined;
  const run = (lower: number[], upper: number[], sigma: number, kappa: number) => {
    const s = Math.min(upper[0]!, Math.max(lower[0]!, sigma));
    const k = Math.min(upper[1]!, Math.max(lower[1]!, kappa));
    const fit = boundedLevenbergMarquardt(residuals, n, [s, k, bestLambda(s, k)], lower, upper);
    if (!best) {
      best = fit;
    } else if (fit.sumOfSquares < best.sumOfSquares) {
      // Within rounding of the best so far, only a point on as many bounds replaces it.
      const tie = fit.sumOfSquares >= best.sumOfSquares * (1 - 1e-12) - noise;
      if (!tie || onBounds(fit.params) >= onBounds(best.params)) best = fit;
    }
  };
  const faces: { lower: number[]; upper: number[]; free: number }[] = [];
  for (const [sLo, sHi] of CHOICES) {
    for (const [kLo, kHi] of CHOICES) {
      const free = Number(sLo < sHi) + Number(kLo < kHi);
      faces.push({ lower: [sLo, kLo, 0], upper: [sHi, kHi, Infinity], free });
    }
  }
  faces.sort((a, b) => a.free - b.free);
  // Every face, fewest free coefficients first, from the linear start and from the lowest local
  // minima of a grid on that face (the sum of squares can have several); then every face with a
  // free coefficient again from the best point so far.
  const grid = sumOfSquaresGrid(bestLambda, residuals, concurrency);
  for (const { lower, upper, free } of faces) {
    run(lower, upper, sigma0, kappa0);
    const inside = (g: GridPoint | undefined): g is GridPoint =>
      !!g &&
      g.sigma >= lower[0]! &&
      g.sigma <= upper[0]! &&
      g.kappa >= lower[1]! &&
      g.kappa <= upper[1]!;
    let starts = 0;
    for (const g of grid.sorted) {
      if (starts > 2 * free) break;
      if (!inside(g)) continue;
      let minimum = true;
      for (const di of [-1, 0, 1]) {
        for (const dj of [-1, 0, 1]) {
          const h = grid.at[g.i + di]?.[g.j + dj];
          // Ties go to the lower index, so that a flat stretch yields one start, not many.
          if (
            h !== g &&
            inside(h) &&
            (h.cost < g.cost || (h.cost === g.cost && h.i * 1e3 + h.j < g.i * 1e3 + g.j))
          ) {
            minimum = false;
          }
        }
      }
      if (minimum) {
        starts++;
        run(lower, upper, g.sigma, g.kappa);
      }
    }
  }
  for (const { lower, upper, free } of faces) {
    if (free > 0) run(lower, upper, best!.params[0]!, best!.params[1]!);
  }
  const params = best!.params;
  const r = new Float64Array(n);
  const jacobian = new Float64Array(n * 3);
  residuals(params, r, jacobian);
  return { params, sumOfSquares: best!.sumOfSquares, jacobian };
}

interface GridPoint {
  i: number;
  j: number;
  sigma: number;
  kappa: number;
  cost: number;
}

// How many of σ and κ sit exactly on a bound (0 or 1).
function onBounds(params: Float64Array): number {
  return Number(params[0] === 0 || params[0] === 1) + Number(params[1] === 0 || params[1] === 1);
}

// A grid of (σ, κ) with the sum of squares at the best λ, by index and cheapest first: 0 and
// half-decades from 1e-6 to 1 for σ, and from 1e-4/N²max (κN² is what matters) or lower to 1
// for κ.
function sumOfSquaresGrid(
  bestLambda: (sigma: number, kappa: number) => number,
  residuals: ResidualFunction,
  concurrency: Float64Array,
): { at: GridPoint[][]; sorted: GridPoint[] } {
  const levels = (lowestExponent: number) => [
    0,
    ...Array.from({ length: 1 - 2 * lowestExponent }, (_, i) => 10 ** (lowestExponent + i / 2)),
  ];
  let maxN = 1;
  for (const c of concurrency) maxN = Math.max(maxN, c);
  const lowest = Math.max(-30, Math.min(-4, Math.floor(2 * Math.log10(1e-4 / maxN / maxN)) / 2));
  const r = new Float64Array(concurrency.length);
  const at = levels(-6).map((sigma, i) =>
    levels(lowest).map((kappa, j) => {
      residuals(Float64Array.of(sigma, kappa, bestLambda(sigma, kappa)), r);
      let cost = 0;
      for (const v of r) cost += v * v;
      return { i, j, sigma, kappa, cost };
    }),
  );
  return { at, sorted: at.flat().sort((a, b) => a.cost - b.cost) };
}

// σ and κ from the linearized model λ₀·N/X − 1 = σ(N − 1) + κN(N − 1), with λ₀ = X/N at the
// smallest concurrency measured, clipped into [0, 1].
function linearStart(concurrency: Float64Array, throughput: Float64Array): [number, number] {
  const n = concurrency.length;
  let first = 0;
  for (let i = 1; i < n; i++) if (concurrency[i]! < concurrency[first]!) first = i;
  const lambda0 = throughput[first]! / concurrency[first]!;
  const a = new Float64Array(n * 2);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = concurrency[i]!;
    a[i * 2] = c - 1;
    a[i * 2 + 1] = c * (c - 1);
    b[i] = (lambda0 * c) / throughput[i]! - 1;
  }
  const x = solveLeastSquares(a, n, 2, b);
  const clip = (v: number) => (v >= 0 ? Math.min(1, v) : 0);
  return x ? [clip(x[0]!), clip(x[1]!)] : [0, 0];
}
