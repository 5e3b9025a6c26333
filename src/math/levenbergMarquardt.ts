// Levenberg–Marquardt for small nonlinear least-squares problems with box constraints: a
// parameter on a bound that the gradient pushes outwards is held for the step (active set), the
// others' trial point is clipped onto the box, and a trial is kept only if it lowers the sum of
// squares. A parameter whose lower and upper bounds are equal is held fixed, which is how the
// callers solve the sub-problems with some bounds active. Scaling by the column norms of the
// Jacobian (Moré, "The Levenberg–Marquardt algorithm: implementation and theory", 1978) and the
// damping update of Nielsen (1999; Madsen, Nielsen & Tingleff, Methods for Non-Linear Least
// Squares Problems, 2004, §3.2); each step solves the damped problem by QR, not by the normal
// equations. A few undamped (Gauss–Newton) steps finish the search.

import { solveLeastSquares } from "./leastSquares.js";

/**
 * Fills `residuals` (model − observation, one per row) at `params`, and the row-major
 * rows × params Jacobian ∂residual/∂param when `jacobian` is given. Infeasible parameters may
 * produce non-finite residuals; such trial points are rejected.
 */
export type ResidualFunction = (
  params: Float64Array,
  residuals: Float64Array,
  jacobian?: Float64Array,
) => void;

/** The point found and its sum of squared residuals. */
export interface LeastSquaresFit {
  params: Float64Array;
  sumOfSquares: number;
}

/** Minimizes Σ residual² over lower <= params <= upper, starting from `start` (clipped). */
export function boundedLevenbergMarquardt(
  residuals: ResidualFunction,
  rows: number,
  start: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): LeastSquaresFit {
  const n = start.length;
  const clip = (j: number, v: number) => Math.min(upper[j]!, Math.max(lower[j]!, v));
  const p = Float64Array.from(start, (v, j) => clip(j, v));
  const free: number[] = [];
  for (let j = 0; j < n; j++) if (lower[j]! < upper[j]!) free.push(j);
  const r = new Float64Array(rows);
  const jac = new Float64Array(rows * n);
  const rTrial = new Float64Array(rows);
  residuals(p, r, jac);
  let cost = sumOfSquares(r);
  if (free.length === 0 || !(cost > 0)) return { params: p, sumOfSquares: cost };

  const scale = new Float64Array(n); // D: the largest column norm of J seen so far
  const column = (j: number, f: (v: number, i: number) => number) => {
    let s = 0;
    for (let i = 0; i < rows; i++) s += f(jac[i * n + j]!, i);
    return s;
  };
  const updateScale = () => {
    for (const j of free) scale[j] = Math.max(scale[j]!, Math.sqrt(column(j, (v) => v * v)));
  };
  updateScale();
  const trial = new Float64Array(n);
  const step = new Float64Array(n);
  let moving: number[] = [];
  let stepNorm = 0;
  let paramNorm = 0;
  // Fills `trial` and `step` with the step for damping μ: "stationary" when every free
  // parameter is held on a bound, "singular" when the step is undefined, "still" when it no
  // longer moves the parameters.
  const propose = (mu: number): "step" | "stationary" | "singular" | "still" => {
    // Parameters on a bound that the gradient Jᵀr pushes outwards stay there for this step
    // (the active set); the step is computed for the others only, so that it is not a
    // projection of a step that counted on moving them.
    moving = free.filter((j) => {
      const g = column(j, (v, i) => v * r[i]!);
      return !((p[j]! <= lower[j]! && g > 0) || (p[j]! >= upper[j]! && g < 0));
    });
    const k = moving.length;
    if (k === 0) return "stationary";
    // min ‖J·δ + r‖² + μ‖D·δ‖² as one least-squares problem [J; √μ·D]·δ ≈ [−r; 0].
    const a = new Float64Array((rows + k) * k);
    const b = new Float64Array(rows + k);
    for (let i = 0; i < rows; i++) {
      moving.forEach((j, c) => (a[i * k + c] = jac[i * n + j]!));
      b[i] = -r[i]!;
    }
    moving.forEach((j, c) => (a[(rows + c) * k + c] = Math.sqrt(mu) * (scale[j]! || 1)));
    const delta = solveLeastSquares(a, rows + k, k, b);
    if (!delta) return "singular";
    trial.set(p);
    step.fill(0);
    stepNorm = 0;
    paramNorm = 0;
    moving.forEach((j, c) => {
      trial[j] = clip(j, p[j]! + delta[c]!);
      step[j] = trial[j]! - p[j]!;
      stepNorm = Math.hypot(stepNorm, (scale[j]! || 1) * step[j]!);
      paramNorm = Math.hypot(paramNorm, (scale[j]! || 1) * p[j]!);
    });
    return stepNorm > 1e-15 * paramNorm ? "step" : "still";
  };
  const accept = () => {
    p.set(trial);
    residuals(p, r, jac);
    cost = sumOfSquares(r);
    updateScale();
  };

  let mu = 1e-3;
  let nu = 2;
  for (let iteration = 0; iteration < 500 && cost > 0 && mu < 1e30; iteration++) {
    const status = propose(mu);
    if (status === "singular") {
      mu *= nu;
      nu *= 2;
      continue;
    }
    if (status !== "step") break;
    residuals(trial, rTrial);
    const trialCost = sumOfSquares(rTrial);
    if (trialCost < cost) {
      // Gain ratio against the linear model's predicted reduction, for the damping update.
      let modelCost = 0;
      for (let i = 0; i < rows; i++) {
        let v = r[i]!;
        for (const j of moving) v += jac[i * n + j]! * step[j]!;
        modelCost += v * v;
      }
      const predicted = cost - modelCost;
      const rho = predicted > 0 ? (cost - trialCost) / predicted : 0;
      accept();
      mu *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
      nu = 2;
      if (stepNorm <= 1e-14 * paramNorm) break;
    } else {
      mu *= nu;
      nu *= 2;
    }
  }
  // Gauss–Newton polish. Along a flat valley the sum of squares stops resolving progress (it
  // changes by less than its own rounding) while the parameters are still some way from the
  // stationary point; short undamped steps that leave it unchanged within rounding finish the
  // job, to the accuracy that J and r carry.
  for (let i = 0; i < 8 && cost > 0; i++) {
    if (propose(0) !== "step" || stepNorm > 1e-6 * paramNorm) break;
    residuals(trial, rTrial);
    if (!(sumOfSquares(rTrial) <= cost * (1 + 1e-13))) break;
    accept();
  }
  return { params: p, sumOfSquares: cost };
}

function sumOfSquares(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v * v;
  return s;
}
