import { gammaSurvival } from "../math/gamma.js";

// The numeric kernel of cfsThrottling: the CPU work a container is asked for, period by period,
// as a reflected random walk (Lindley's recursion) on a grid, then what each period's throttle
// costs the requests. Never throws; the public function validates.

/** What the kernel needs, all validated: times in seconds, rates per second. */
export interface QuotaPeriodsInput {
  arrivalRatePerSec: number;
  cpuSecPerRequest: number;
  cpuScv: number;
  quotaSec: number;
  periodSec: number;
  burstSec: number;
  /** Threads that can run at once (cores they can use). */
  parallelism: number;
  /** Threads that hold requests (the rest wait in the accept queue). */
  threads: number;
}

/** Per-period results of the kernel. */
export interface QuotaPeriods {
  throttledPeriodFraction: number;
  /** Σ over pauses of (requests in flight × pause), per request. */
  throttledSecPerRequest: number;
  /** Share of the requests that meet at least one pause. */
  hitProbability: number;
  /** Second moment of the throttled time of a request that meets a pause, s². */
  hitSecondMomentSec2: number;
  /** Share of the wall time the container is throttled. */
  pausedFraction: number;
  /** The part of `throttledSecPerRequest` spent holding a thread (the rest in the accept queue). */
  holdStallSecPerRequest: number;
}

/** Grid cells of the walk. */
const CELLS = 600;

/**
 * The discretized work a period brings: Poisson(λP) requests, each a gamma law of CPU seconds,
 * summed by Panjer's recursion (Panjer 1981) on cells of `step` seconds.
 */
function periodWork(input: QuotaPeriodsInput, step: number, cells: number): Float64Array {
  const { arrivalRatePerSec: rate, cpuSecPerRequest: s, cpuScv, periodSec } = input;
  const n = rate * periodSec;
  const variance = cpuScv * s * s;
  const severity = new Float64Array(cells);
  let previous = 1;
  for (let j = 0; j < cells; j++) {
    const next = gammaSurvival(s, variance, (j + 0.5) * step);
    severity[j] = previous - next;
    previous = next;
  }
  const g = new Float64Array(cells);
  g[0] = Math.exp(-n * (1 - severity[0]!));
  for (let i = 1; i < cells; i++) {
    let sum = 0;
    for (let j = 1; j <= i; j++) sum += j * severity[j]! * g[i - j]!;
    g[i] = (n / i) * sum;
  }
  return g;
}

/**
 * The stationary law of X = backlog − saved burst at a period's start: X' = max(X + A − Q, −B),
 * on cells x_i = −B + i·step. Mass that leaves the top of the grid is put back by renormalizing.
 */
function stationaryBacklog(
  work: Float64Array,
  quotaCells: number,
  burstCells: number,
  cells: number,
): Float64Array {
  let p = new Float64Array(cells);
  p[Math.min(cells - 1, Math.round(burstCells))] = 1;
  const shift = Math.floor(quotaCells);
  const frac = quotaCells - shift;
  for (let iteration = 0; iteration < 20_000; iteration++) {
    const q = new Float64Array(cells);
    for (let i = 0; i < cells; i++) {
      const pi = p[i]!;
      if (pi < 1e-300) continue;
      for (let a = 0; a < work.length; a++) {
        const w = pi * work[a]!;
        if (w === 0) continue;
        // x + a − Q lands between cells k − 1 and k (fractional quota).
        const k = i + a - shift;
        const low = Math.max(0, Math.min(cells - 1, k - 1));
        const high = Math.max(0, Math.min(cells - 1, k));
        q[low] = q[low]! + w * frac;
        q[high] = q[high]! + w * (1 - frac);
      }
    }
    let total = 0;
    for (let i = 0; i < cells; i++) total += q[i]!;
    let change = 0;
    for (let i = 0; i < cells; i++) {
      q[i] = q[i]! / total;
      change += Math.abs(q[i]! - p[i]!);
    }
    p = q;
    if (change < 1e-10) break;
  }
  return p;
}

/**
 * Throttling of a CFS quota over periods: the law of the work waiting at each period's start,
 * then, for each (start, work of the period), whether the runtime runs out, when (τ), and what
 * the pause P − τ costs the requests in flight then and those that arrive during it.
 */
export function quotaPeriods(input: QuotaPeriodsInput): QuotaPeriods {
  const { arrivalRatePerSec: rate, cpuSecPerRequest: s, quotaSec: quota } = input;
  const { periodSec: period, burstSec: burst, parallelism: k } = input;
  const mean = rate * period * s;
  const variance = rate * period * s * s * (1 + input.cpuScv);
  // Kingman's estimate of the backlog sets the reach of the grid.
  const backlog = variance / (2 * Math.max(quota - mean, 1e-12 * quota));
  const top = quota + mean + 12 * Math.sqrt(variance) + 25 * backlog + 4 * s;
  const step = (top + burst) / CELLS;
  const work = periodWork(input, step, CELLS);
  let workCells = CELLS;
  while (workCells > 1 && work[workCells - 1]! < 1e-15) workCells--;
  const start = stationaryBacklog(work.subarray(0, workCells), quota / step, burst / step, CELLS);
  let throttled = 0;
  let delay = 0;
  let hits = 0;
  let second = 0;
  let paused = 0;
  let held = 0;
  for (let i = 0; i < CELLS; i++) {
    const pi = start[i]!;
    if (pi < 1e-300) continue;
    const x = -burst + i * step;
    const runtime = quota + Math.max(0, -x);
    const waiting = Math.max(0, x);
    if (!(k * period > runtime)) continue;
    for (let a = 0; a < workCells; a++) {
      const arrived = a * step;
      const w = pi * work[a]!;
      const demand = waiting + arrived;
      // A request runs on one core at a time: ≈ work ÷ S requests use at most that many cores.
      const cores = Math.min(k, Math.max(1, demand / s));
      if (!(demand > runtime && cores * period > runtime) || w === 0) continue;
      // Work is used at up to that many cores; what arrives comes evenly over the period (fluid).
      const tau = Math.max(
        runtime / cores,
        waiting >= runtime ? 0 : (period * (runtime - waiting)) / arrived,
      );
      const pause = period - tau;
      const left = waiting + (arrived * tau) / period - runtime;
      // Each request in flight at τ has on average s of work left (exact for exponential CPU).
      const inFlight = Math.max(1, left / s);
      throttled += w;
      paused += w * pause;
      delay += w * (inFlight * pause + (rate * pause * pause) / 2);
      // Requests that arrive in the pause take the free threads, if any, for what is left of it.
      const inThreads = Math.min(inFlight, input.threads);
      const taken = Math.min(rate * pause, input.threads - inThreads);
      held += w * (inThreads * pause + (taken * pause) / 2);
      hits += w * (inFlight + rate * pause);
      second += w * (inFlight * pause * pause + (rate * pause ** 3) / 3);
    }
  }
  const perPeriod = rate * period;
  return {
    throttledPeriodFraction: Math.min(1, throttled),
    throttledSecPerRequest: delay / perPeriod,
    hitProbability: Math.min(1, hits / perPeriod),
    hitSecondMomentSec2: hits > 0 ? second / hits : 0,
    pausedFraction: Math.min(1, paused / period),
    holdStallSecPerRequest: held / perPeriod,
  };
}
