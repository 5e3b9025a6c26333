import type { ClosedNetworkSummary } from "./closedNetworkSummary.js";
import type { Station } from "./stations.js";

/** An approximate solution at one population. */
export interface Approximation {
  summary: ClosedNetworkSummary;
  iterations: number;
  converged: boolean;
}

/** A queueing center after Seidmann's split: demand D/c queueing, D(c − 1)/c delay. */
interface Center {
  queueDemand: number;
  delayDemand: number;
}

function centers(stations: Station[]): Center[] {
  return stations.map((s) => {
    const d = s.visits * s.serviceTimeSec;
    if (s.servers === Infinity) return { queueDemand: 0, delayDemand: d };
    return { queueDemand: d / s.servers, delayDemand: (d * (s.servers - 1)) / s.servers };
  });
}

/**
 * Solves the approximate MVA equations at population n, for given deviations F_k:
 * Q_k(n−1) ≈ (n−1)·(Q_k(n)/n + F_k) (Schweitzer: F = 0). Then Q_k = X·D_k·(1 + (n−1)F_k)/(1 − a·X·D_k),
 * a = (n−1)/n, and Σ Q_k + X·(Z + Σ delays) = n is increasing in X: solved by bisection refined
 * with Newton steps. Returns X and the queue lengths at the queueing centers.
 */
function core(
  c: Center[],
  n: number,
  think: number,
  deviation: Float64Array,
  tolerance: number,
): { x: number; queue: Float64Array; iterations: number; converged: boolean } {
  const a = (n - 1) / n;
  const fixedDelay = think + c.reduce((s, k) => s + k.delayDemand, 0);
  const boost = c.map((_k, i) => Math.max(0, 1 + (n - 1) * (deviation[i] ?? 0)));
  const excess = (x: number): [number, number] => {
    let f = x * fixedDelay - n;
    let df = fixedDelay;
    c.forEach((k, i) => {
      const d = k.queueDemand;
      if (d === 0) return;
      const denom = 1 - a * x * d;
      const b = boost[i] ?? 1;
      f += (x * d * b) / denom;
      df += (d * b) / (denom * denom);
    });
    return [f, df];
  };
  const maxDemand = Math.max(...c.map((k) => k.queueDemand));
  let lo = 0;
  let hi = Math.min(
    n / Math.max(fixedDelay, 1e-300),
    maxDemand > 0 ? 1 / (a * maxDemand || maxDemand) : Infinity,
  );
  if (!Number.isFinite(hi)) hi = n / fixedDelay;
  let x = 0.5 * (lo + hi);
  let iterations = 0;
  let converged = false;
  // f is increasing and convex on (lo, hi), with a pole at hi: Newton steps inside the bracket,
  // bisection otherwise; converged when f is zero to rounding or the bracket is a few ulps wide.
  for (; iterations < 500; iterations++) {
    const [f, df] = excess(x);
    if (Math.abs(f) <= 4 * Number.EPSILON * n) {
      converged = true;
      break;
    }
    if (f > 0) hi = x;
    else lo = x;
    if (hi - lo <= tolerance * hi) {
      converged = true;
      break;
    }
    const newton = x - f / df;
    x = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
  }
  const queue = Float64Array.from(c, (k, i) =>
    k.queueDemand === 0 ? 0 : (x * k.queueDemand * (boost[i] ?? 1)) / (1 - a * x * k.queueDemand),
  );
  return { x, queue, iterations, converged };
}

/** Schweitzer or Linearizer solution of a single-class closed network at population n. */
export function approximateMva(
  stations: Station[],
  n: number,
  think: number,
  method: "schweitzer" | "linearizer",
  tolerance: number,
): Approximation {
  const c = centers(stations);
  const zero = new Float64Array(c.length);
  let result = core(c, n, think, zero, tolerance);
  let iterations = result.iterations;
  let converged = result.converged;
  if (method === "linearizer" && n > 1) {
    // Chandy & Neuse: estimate the deviations F_k = Q_k(n−1)/(n−1) − Q_k(n)/n from the core
    // solutions at n and n − 1, three times, then solve at n with them.
    let deviation = zero;
    for (let round = 0; round < 3; round++) {
      const atN = core(c, n, think, deviation, tolerance);
      const below = core(c, n - 1, think, deviation, tolerance);
      iterations += atN.iterations + below.iterations;
      converged &&= atN.converged && below.converged;
      deviation = Float64Array.from(
        c,
        (_, i) => (below.queue[i] ?? 0) / (n - 1) - (atN.queue[i] ?? 0) / n,
      );
    }
    result = core(c, n, think, deviation, tolerance);
    iterations += result.iterations;
    converged &&= result.converged;
  }
  const x = result.x;
  let responseTimeSec = 0;
  const perStation = stations.map((s, i) => {
    const center = c[i]!;
    const queueLength = (result.queue[i] ?? 0) + x * center.delayDemand;
    const residenceTimeSec = x > 0 ? queueLength / x : 0;
    responseTimeSec += residenceTimeSec;
    return {
      name: s.name,
      utilization: s.servers === Infinity ? 0 : (x * s.visits * s.serviceTimeSec) / s.servers,
      queueLength,
      residenceTimeSec,
    };
  });
  return {
    summary: { population: n, throughputPerSec: x, responseTimeSec, stations: perStation },
    iterations,
    converged,
  };
}
