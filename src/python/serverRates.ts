/**
 * Completion rates of a Python server as a function of how many requests it holds: the kernels
 * of the flow-equivalent server. Internal; inputs are validated by the callers.
 */

import { logGamma } from "../math/gamma.js";
import { mvaRecursion, singleStationMva } from "../networks/mvaRecursion.js";

/** Rates below this fraction of their limit are not worth another term. */
const SATURATED = 1 - 1e-13;

/** Shape of the server whose rates are computed. */
export interface RateInput {
  processes: number;
  /** Threads (or event-loop tasks) per process. */
  threads: number;
  cores: number;
  /** CPU time per request, seconds (> 0). */
  cpuSec: number;
  /** GIL-free wait per request, seconds (>= 0). */
  ioSec: number;
  /** One GIL per process (true) or none (free-threaded, one interpreter per thread). */
  gil: boolean;
  /** Effective SCV of a GIL hold (1: exponential). */
  gilScv: number;
}

/** The servers of a network of one single-server station (the recursion never writes it). */
const ONE_SERVER = Float64Array.of(1);

/**
 * Throughput of a single-server station (service `s`) closed with a delay (`z`) for k = 0…n
 * customers: the machine-repairman model, by exact mean value analysis. Index k. With `scv` ≠ 1
 * the residence carries the residual-service correction (see {@link mvaRecursion}), kept
 * monotone and below 1/s.
 */
export function singleServerRates(n: number, s: number, z: number, scv = 1): Float64Array {
  const network = { demandsSec: Float64Array.of(s), servers: ONE_SERVER, thinkTimeSec: z };
  // Never below the rate with one customer fewer (the SCV term can push it down by ulps).
  const variant = { serviceScv: Float64Array.of(scv), monotone: true };
  return mvaRecursion(network, n, variant);
}

/**
 * Throughput of n customers cycling between a c-server processor-sharing station (service `s`)
 * and a delay (`z`): X = E[min(K, c)]/s with P(K = k) ∝ n!/(n − k)!·(s/z)^k/β(k), β(k) = k! for
 * k <= c and c!·c^(k−c) beyond (Engset/finite-source law, product form).
 */
export function multiServerRate(n: number, c: number, s: number, z: number): number {
  if (z === 0) return Math.min(n, c) / s;
  if (n <= c) return n / (s + z);
  let term = 1;
  let mass = 1;
  let busy = 0;
  const ratio = s / z;
  for (let k = 1; k <= n; k++) {
    term *= ((n - k + 1) * ratio) / Math.min(k, c);
    mass += term;
    busy += term * Math.min(k, c);
    if (term > 1e250) {
      term *= 1e-250;
      mass *= 1e-250;
      busy *= 1e-250;
    }
  }
  return busy / mass / s;
}

/**
 * Mean slowdown of a thread running bytecode when `users` threads or processes each want a core
 * with probability q, independently, on c cores shared equally: E[max(1, (1 + B)/c)] with
 * B ~ Binomial(users − 1, q), computed as 1 + (E[1 + B − c] + E[(c − 1 − B)⁺])/c. The second
 * expectation is summed outward from the likeliest B at or below c − 2 until the terms no longer
 * count, so the work follows the spread of B, not the number of cores.
 */
export function coreStretch(users: number, q: number, c: number): number {
  const others = users - 1;
  if (others + 1 <= c || q <= 0) return 1;
  if (q >= 1) return Math.max(1, users / c);
  const top = c - 2;
  let below = 0;
  if (top >= 0) {
    const start = Math.min(top, Math.floor((others + 1) * q)); // the mode, or c − 2 below it
    const odds = q / (1 - q);
    const first = Math.exp(
      logGamma(others + 1) -
        logGamma(start + 1) -
        logGamma(others - start + 1) +
        start * Math.log(q) +
        (others - start) * Math.log1p(-q),
    );
    let pmf = first;
    for (let b = start; b >= 0; b--) {
      const term = (c - 1 - b) * pmf;
      below += term;
      if (term <= NEGLIGIBLE * below) break;
      pmf *= b / ((others - b + 1) * odds);
    }
    pmf = first;
    for (let b = start + 1; b <= top; b++) {
      pmf *= ((others - b + 1) / b) * odds;
      const term = (c - 1 - b) * pmf;
      below += term;
      if (term <= NEGLIGIBLE * below) break;
    }
  }
  return 1 + Math.max(0, 1 + others * q - c + below) / c;
}

/** A term below this share of the sum so far changes no digit of it. */
const NEGLIGIBLE = 1e-17;

/** A state's rate where GIL holders outnumber the cores, and the stretch it settles at. */
interface StretchedRate {
  rate: number;
  /** Whether every process's GIL is saturated at this stretch. */
  saturated: boolean;
  stretch: number;
}

/**
 * The rate with `base` busy threads in every process and one more in `extra` of them, when the
 * `active` processes outnumber the cores: stretch = g(stretch), solved by secant steps on
 * g(s) − s from `guess` (falling back to plain iteration when a step leaves [1, active/c]).
 */
function stretchedRate(
  input: RateInput,
  base: number,
  extra: number,
  active: number,
  guess: number,
): StretchedRate {
  const { processes: p, cores: c, cpuSec: cpu, ioSec: io, gilScv } = input;
  const own = new Float64Array(base + 2);
  const at = (stretch: number) => {
    const s = cpu * stretch;
    singleStationMva(base + 1, s, io, gilScv, own);
    const rate = (extra > 0 ? extra * own[base + 1]! : 0) + (p - extra) * own[base]!;
    const saturated = extra === 0 && own[base]! >= SATURATED / s;
    const gilBusy = Math.min(1, (rate * s) / active);
    return { rate, saturated, stretch, next: coreStretch(active, gilBusy, c) };
  };
  let stretch = guess;
  let point = at(stretch);
  let before = stretch;
  let gap = point.next - stretch;
  for (let i = 0; i < 200 && Math.abs(point.next - stretch) > 1e-9 * point.next; i++) {
    const plain = point.next;
    const slope = (point.next - stretch - gap) / (stretch - before);
    const secant =
      i > 0 && Number.isFinite(slope) && slope !== 0
        ? stretch - (point.next - stretch) / slope
        : plain;
    before = stretch;
    gap = point.next - stretch;
    stretch = secant >= 1 && secant <= Math.max(1, active / c) ? secant : plain;
    point = at(stretch);
  }
  return point;
}

/**
 * Completion rates μ(n) of the whole server holding n requests behind one accept queue, with the
 * busy threads spread evenly over the processes; index n = 0…n₀, where the rate stops changing
 * (μ(n) = μ(n₀) for every n > n₀), at most P·T.
 * - No GIL, or one thread per process: every request is a customer of the cores (a c-server
 *   processor-sharing station) and of its I/O (a delay) — exact (product form).
 * - A GIL per process and no more processes than cores: each process is a single-server GIL
 *   station closed with the I/O delay — exact per process.
 * - A GIL per process and more busy processes than cores: each GIL holder is slowed by the core
 *   sharing, a stretch found by fixed point from the other processes' GIL utilization
 *   ({@link coreStretch}) — an approximation.
 */
export function completionRates(input: RateInput): Float64Array {
  const { processes: p, threads: t, cores: c, cpuSec: cpu, ioSec: io, gil, gilScv } = input;
  const total = p * t;
  const limit = c / cpu;
  // Grown by doubling: the rates usually stop changing long before P·T (up to millions).
  let mu = new Float64Array(Math.min(total + 1, 1024));
  const own = !gil || t === 1 ? undefined : singleServerRates(t, cpu, io, gilScv);
  let previous = 0;
  let stretch = 1; // grows with n: each state starts from the last one's fixed point
  for (let n = 1; n <= total; n++) {
    const base = Math.floor(n / p);
    const extra = n - base * p; // processes with base + 1 busy threads
    const active = base > 0 ? p : extra;
    let rate: number;
    let last: boolean;
    if (own === undefined || n <= p) {
      // Without a GIL, or one request per busy process (no thread waits for a GIL): the cores
      // and the I/O are the whole network (exact, and the same rates as one thread per process).
      rate = multiServerRate(n, c, cpu, io);
      last = rate >= limit * SATURATED;
    } else if (active <= c) {
      rate = Math.max(
        previous,
        (extra > 0 ? extra * own[base + 1]! : 0) + (p - extra) * own[base]!,
      );
      last = extra === 0 && own[base]! >= SATURATED / cpu;
    } else {
      const point = stretchedRate(input, base, extra, active, stretch);
      stretch = point.stretch;
      // One more request never lowers the rate (the extra thread could stay idle); the GIL's
      // non-exponential correction and the stretch approximation can dip below the rate of the
      // state before by up to a few 1e-5 (capacity would then fall with more threads).
      rate = Math.max(previous, Math.min(limit, point.rate));
      last = point.saturated || rate >= limit * SATURATED;
    }
    if (n >= mu.length) {
      const bigger = new Float64Array(Math.min(total + 1, 2 * mu.length));
      bigger.set(mu);
      mu = bigger;
    }
    mu[n] = rate;
    if (last) return mu.subarray(0, n + 1);
    previous = rate;
  }
  return mu;
}
