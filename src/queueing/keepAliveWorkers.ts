// uvicorn's workers under --limit-concurrency with keep-alive clients: one worker's chain
// (keepAliveChain) fed by the clients the other workers do not hold, found as a fixed point.
import { erfcx } from "../math/erfcx.js";
import { keepAliveChain, type KeepAliveChain, type KeepAliveChainInput } from "./keepAliveChain.js";

/** The parameters of {@link keepAliveWorkers}: the chain's, and the workers. @internal */
export type KeepAliveWorkersInput = Omit<KeepAliveChainInput, "arrivals"> & { w: number };

/** The largest count of multiply–adds for the other workers' exact sum; past it, a normal law. */
const EXACT_SUM_WORK = 2e7;

/**
 * One worker's chain when w workers share N clients. A client without a connection asks at rate
 * 1/Z and its connection lands on this worker with probability 1/w, so at n open connections
 * here new requests come at a(n) = E[(N − n − O)⁺]/(w·Z), O the other workers' open connections:
 * the sum of w − 1 independent copies of this worker's own law of n (exact by convolution, or a
 * normal law of the same mean and variance when that is too long). The law of n and a(n) are
 * iterated (Anderson-accelerated) until n's law moves by less than 1e-12 (at most 300 solves);
 * for w = 1, a(n) = (N − n)/Z at once. @internal
 */
export function keepAliveWorkers(p: KeepAliveWorkersInput): KeepAliveChain {
  const { n, z, w, places } = p;
  const rates = (others: (x: number) => number): Float64Array =>
    Float64Array.from({ length: places + 1 }, (_, level) => others(n - level) / (w * z));
  if (w === 1) return keepAliveChain({ ...p, arrivals: rates((x) => Math.max(0, x)) });
  // Start from the clients spread evenly, each worker's connections at min(places, N/w).
  const start = new Float64Array(places + 1);
  start[Math.min(places, Math.floor(n / w))] = 1;
  let chain = keepAliveChain({ ...p, arrivals: rates(shortfall(start, w - 1, n)) });
  const map = (levels: Float64Array): Float64Array => {
    chain = keepAliveChain({ ...p, arrivals: rates(shortfall(levels, w - 1, n)) });
    return chain.levels;
  };
  anderson(map, start, 1e-12, 300);
  return chain;
}

/**
 * Anderson acceleration (Walker & Ni, SIAM J. Numer. Anal. 49, 2011) of x ↦ F(x) on probability
 * vectors, with the last 4 steps: each step mixes the recent images to cancel the residual
 * F(x) − x in least squares (normal equations, 4 × 4), then clips and renormalizes. Stops when
 * the residual's largest component is below `tolerance` or after `steps`.
 */
function anderson(
  map: (x: Float64Array) => Float64Array,
  start: Float64Array,
  tolerance: number,
  steps: number,
): void {
  const depth = 4;
  let x = start;
  const xs: Float64Array[] = [];
  const gs: Float64Array[] = [];
  for (let step = 0; step < steps; step++) {
    const fx = map(x);
    const g = fx.map((v, k) => v - x[k]!);
    if (g.reduce((m, v) => Math.max(m, Math.abs(v)), 0) < tolerance) return;
    xs.push(x);
    gs.push(g);
    if (xs.length > depth + 1) {
      xs.shift();
      gs.shift();
    }
    const m = xs.length - 1;
    let next = fx;
    if (m > 0) {
      // Columns: differences of successive residuals and iterates.
      const dg = Array.from({ length: m }, (_, j) => gs[j + 1]!.map((v, k) => v - gs[j]![k]!));
      const dx = Array.from({ length: m }, (_, j) => xs[j + 1]!.map((v, k) => v - xs[j]![k]!));
      const gamma = leastSquares(dg, g);
      if (gamma !== undefined) {
        next = fx.map((v, k) => {
          let y = v;
          for (let j = 0; j < m; j++) y -= gamma[j]! * (dx[j]![k]! + dg[j]![k]!);
          return Math.max(0, y);
        });
        const total = next.reduce((a, v) => a + v, 0);
        next = total > 0 ? next.map((v) => v / total) : fx;
      }
    }
    x = next;
  }
}

/** γ minimizing |g − Σ γⱼ·columnⱼ|² by the normal equations (Gaussian elimination); undefined if singular. */
function leastSquares(columns: Float64Array[], g: Float64Array): Float64Array | undefined {
  const m = columns.length;
  const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, k) => s + v * b[k]!, 0);
  const a = columns.map((ci) => Float64Array.from(columns, (cj) => dot(ci, cj)));
  const rhs = Float64Array.from(columns, (c) => dot(c, g));
  for (let k = 0; k < m; k++) {
    const pivot = a[k]![k]!;
    if (!(pivot > 1e-300)) return undefined;
    for (let i = k + 1; i < m; i++) {
      const f = a[i]![k]! / pivot;
      for (let j = k; j < m; j++) a[i]![j] = a[i]![j]! - f * a[k]![j]!;
      rhs[i] = rhs[i]! - f * rhs[k]!;
    }
  }
  const gamma = new Float64Array(m);
  for (let k = m - 1; k >= 0; k--) {
    let s = rhs[k]!;
    for (let j = k + 1; j < m; j++) s -= a[k]![j]! * gamma[j]!;
    gamma[k] = s / a[k]![k]!;
  }
  return gamma.every(Number.isFinite) ? gamma : undefined;
}

/** x ↦ E[(x − O)⁺], O the sum of `copies` independent draws from `levels`, for x ≤ `cap`. */
function shortfall(levels: Float64Array, copies: number, cap: number): (x: number) => number {
  const top = Math.min(cap, copies * (levels.length - 1));
  if (copies * (top + 1) * levels.length > EXACT_SUM_WORK) return normalShortfall(levels, copies);
  let sum = new Float64Array([1]);
  for (let k = 0; k < copies; k++) {
    const next = new Float64Array(Math.min(top, sum.length - 1 + levels.length - 1) + 1);
    for (let i = 0; i < sum.length; i++) {
      const a = sum[i]!;
      if (a === 0) continue;
      for (let j = 0; j < levels.length && i + j < next.length; j++) next[i + j]! += a * levels[j]!;
    }
    sum = next; // mass past `top` is dropped: it lies beyond every x asked
  }
  return (x) => {
    let e = 0;
    for (let o = 0; o < sum.length && o < x; o++) e += sum[o]! * (x - o);
    return e;
  };
}

/** E[(x − O)⁺] for O normal with the sum's mean and variance: σ·φ(d) + (x − μ)·Φ(d), d = (x − μ)/σ. */
function normalShortfall(levels: Float64Array, copies: number): (x: number) => number {
  let mean = 0;
  let square = 0;
  levels.forEach((q, k) => {
    mean += q * k;
    square += q * k * k;
  });
  const mu = copies * mean;
  const sigma = Math.sqrt(Math.max(0, copies * (square - mean * mean)));
  return (x) => {
    if (!(sigma > 0)) return Math.max(0, x - mu);
    const d = (x - mu) / sigma;
    const density = Math.exp(-(d * d) / 2) / Math.sqrt(2 * Math.PI);
    // Φ(d) = erfc(−d/√2)/2, through erfcx so that the far left tail keeps its digits.
    const below =
      d < 0
        ? (erfcx(-d / Math.SQRT2) * Math.exp(-(d * d) / 2)) / 2
        : 1 - (erfcx(d / Math.SQRT2) * Math.exp(-(d * d) / 2)) / 2;
    return sigma * density + (x - mu) * below;
  };
}
