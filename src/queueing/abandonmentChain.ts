import { assertInteger } from "../validate.js";
import { birthDeathProbabilities } from "./birthDeath.js";

/** Most waiting places {@link abandonmentChain} evaluates state by state. */
export const MAX_QUEUE_STATES = 1_000_000;

/**
 * The stationary law of M/M/c+M (or M/M/c/K+M) and what arrivals see in it, times in units of
 * the mean service time S (so μ = 1, λ = a, θ = β). Probabilities are of an arrival (Poisson
 * arrivals see time averages), joint with its fate: `served` is P(admitted and served); the
 * waits are joint means, E[W·1{admitted}], E[W·1{served}] and E[W·1{abandons}].
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
  /** P(an arrival finds the system full); 0 without a capacity. */
  blocked: number;
}

/**
 * Sums the birth–death chain of M/M/c+M (birth a, death min(n, c) + max(n − c, 0)·β) until the
 * rest weighs less than 1e-17 of the total and of the mean queue; undefined when that needs more
 * than {@link MAX_QUEUE_STATES} places beyond the servers. An arrival that finds n >= c has
 * k = n − c + 1 places to move up, each left at rate c + kβ (a departure from service, or an
 * abandonment ahead of it or its own); so it abandons with probability kβ/(c + kβ), waits k/(c + kβ)
 * on average, and is served with probability c/(c + kβ) after H_k = Σ_{m<=k} 1/(c + mβ) on
 * average; E[W·1{abandons}] = β·G_k/(c + kβ) with G_k = Σ_{m<=k} m/(c + mβ) (see
 * mmcAbandonment for the derivation). With a `capacity` K the chain stops at K: an arrival
 * that finds K is refused (M/M/c/K+M), and β may be 0 (M/M/c/K).
 */
export function abandonmentChain(
  c: number,
  a: number,
  beta: number,
  capacity = Infinity,
): AbandonmentChain | undefined {
  const ratio = (n: number): number => (n <= c ? a / n : a / (c + (n - c) * beta));
  const last = lastState(c, a, beta, ratio, capacity);
  if (last === undefined) return undefined;
  const p = birthDeathProbabilities(last, ratio);
  const out = { waiting: 0, busy: 0, queue: 0, inSystem: 0, abandon: 0, served: 0, blocked: 0 };
  let wait = 0;
  let waitServed = 0;
  let waitAbandoned = 0;
  let h = 0; // H_k
  let g = 0; // G_k
  for (let n = 0; n <= last; n++) {
    const pn = p[n] ?? 0;
    out.inSystem += n * pn;
    out.busy += Math.min(n, c) * pn;
    if (n > c) out.queue += (n - c) * pn;
    if (n === capacity) {
      out.blocked = pn;
      continue;
    }
    if (n < c) {
      out.served += pn;
      continue;
    }
    const k = n - c + 1;
    const leave = c + k * beta; // c + kβ, written below so that β = ∞ gives no ∞/∞
    h += 1 / (c + k * beta);
    g += k / (c + k * beta);
    out.waiting += pn;
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
 * 1) and of the queue summed so far; at most `capacity`. Undefined past
 * {@link MAX_QUEUE_STATES} waiting places.
 */
function lastState(
  c: number,
  a: number,
  beta: number,
  ratio: (n: number) => number,
  capacity: number,
): number | undefined {
  if (capacity - c <= MAX_QUEUE_STATES) return capacity; // short enough to sum every state
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

/**
 * The figures M/M/c+M and M/M/c/K+M read alike from their chain, in seconds: the busy share, the
 * means in system and queue, the waits of the served and of those who leave, and the state law
 * (`model` names the caller in the error for a bad `n`).
 */
export function chainFigures(
  model: string,
  chain: AbandonmentChain,
  c: number,
  s: number,
  beta: number,
) {
  const waitServed = chain.served > 0 ? (chain.waitServed / chain.served) * s : 0;
  return {
    // Sums of probabilities that total 1 can round to just above it.
    utilization: Math.min(1, chain.busy / c),
    probabilityOfWaiting: Math.min(1, chain.waiting),
    abandonmentProbability: chain.abandon,
    meanInSystem: chain.inSystem,
    meanQueueLength: chain.queue,
    meanWaitServedSec: waitServed,
    // With nobody abandoning (λ = 0, or below 1e-308) the limit λ → 0: one place, 1/(cμ + θ).
    meanWaitAbandonedSec:
      chain.abandon > 0 ? (chain.waitAbandoned / chain.abandon) * s : s / (c + beta),
    meanResponseTimeSec: waitServed + s,
    stateProbability(n: number): number {
      assertInteger(model, "n", n, 0);
      return chain.states[n] ?? 0;
    },
  };
}
