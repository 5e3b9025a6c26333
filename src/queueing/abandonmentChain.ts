import { birthDeathProbabilities } from "./birthDeath.js";

/** Most waiting places {@link abandonmentChain} evaluates state by state. */
export const MAX_QUEUE_STATES = 1_000_000;

/**
 * The stationary law of M/M/c+M and what arrivals see in it, times in units of the mean service
 * time S (so μ = 1, λ = a, θ = β). Probabilities are of an arrival (Poisson arrivals see time
 * averages); the waits are joint means, E[W·1{served}] and E[W·1{abandons}].
 */
export interface AbandonmentChain {
  /** P(N = n) for n = 0…K; the states past K together weigh less than 1e-17. */
  states: Float64Array;
  waiting: number;
  busy: number;
  queue: number;
  inSystem: number;
  abandon: number;
  served: number;
  wait: number;
  waitServed: number;
  waitAbandoned: number;
}

/**
 * Sums the birth–death chain of M/M/c+M (birth a, death min(n, c) + max(n − c, 0)·β) until the
 * rest weighs less than 1e-17 of the total and of the mean queue; undefined when that needs more
 * than {@link MAX_QUEUE_STATES} places beyond the servers. An arrival that finds n >= c has
 * k = n − c + 1 places to move up, each left at rate c + kβ (a departure from service, or an
 * abandonment ahead of it or its own); so it abandons with probability kβ/(c + kβ), waits k/(c + kβ)
 * on average, and is served with probability c/(c + kβ) after H_k = Σ_{m<=k} 1/(c + mβ) on
 * average; E[W·1{abandons}] = β·G_k/(c + kβ) with G_k = Σ_{m<=k} m/(c + mβ) (see
 * mmcAbandonment for the derivation).
 */
export function abandonmentChain(c: number, a: number, beta: number): AbandonmentChain | undefined {
  const ratio = (n: number): number => (n <= c ? a / n : a / (c + (n - c) * beta));
  const last = lastState(c, a, beta, ratio);
  if (last === undefined) return undefined;
  const p = birthDeathProbabilities(last, ratio);
  const out = { waiting: 0, busy: 0, queue: 0, inSystem: 0, abandon: 0, served: 0 };
  let wait = 0;
  let waitServed = 0;
  let waitAbandoned = 0;
  let h = 0; // H_k
  let g = 0; // G_k
  for (let n = 0; n <= last; n++) {
    const pn = p[n] ?? 0;
    out.inSystem += n * pn;
    if (n < c) {
      out.busy += n * pn;
      out.served += pn;
      continue;
    }
    const k = n - c + 1;
    const leave = c + k * beta; // c + kβ, written below so that β = ∞ gives no ∞/∞
    h += 1 / (c + k * beta);
    g += k / (c + k * beta);
    out.waiting += pn;
    out.busy += c * pn;
    out.queue += (n - c) * pn;
    out.abandon += pn / (1 + c / (k * beta));
    out.served += (pn * c) / leave;
    wait += (pn * k) / leave;
    waitServed += (pn * c * h) / leave;
    waitAbandoned += (pn * g) / (c / beta + k);
  }
  return { states: p, ...out, wait, waitServed, waitAbandoned };
}

/**
 * The last state K to sum: past the mode, the first where the rest of the chain — bounded by a
 * geometric series, since the ratios fall — weighs less than 1e-17 of the total (the mode weighs
 * 1) and of the queue summed so far. Undefined past {@link MAX_QUEUE_STATES} waiting places.
 */
function lastState(
  c: number,
  a: number,
  beta: number,
  ratio: (n: number) => number,
): number | undefined {
  const queuedAtMode = a <= c ? 0 : (a - c) / beta;
  if (!(queuedAtMode <= MAX_QUEUE_STATES)) return undefined;
  let n = a <= c ? Math.floor(a) : c + Math.floor(queuedAtMode);
  let w = 1;
  let queued = 0;
  for (;;) {
    const r = ratio(n + 1);
    if (r < 1 && n >= c) {
      const rest = (w * r) / (1 - r); // >= Σ_{i>=1} w_{n+i}
      const restQueued = rest * (n - c + 1 / (1 - r)); // >= Σ_{i>=1} (n + i − c)·w_{n+i}
      if (rest <= 1e-17 && restQueued <= 1e-17 * queued) return n;
    }
    w *= r;
    n++;
    if (w === 0) return n;
    if (n - c > MAX_QUEUE_STATES) return undefined;
    if (n > c) queued += (n - c) * w;
  }
}
