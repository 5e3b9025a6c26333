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
  /** Pauses met by the requests that arrived in a period that started idle: their first one. */
  opening: PauseLaw;
  /** Pauses met by a request that holds a thread when the quota of a busy period runs out (to its end). */
  holding: PauseLaw;
  /** Pauses a request arrives in and waits out in a free thread (the rest of the pause). */
  entering: PauseLaw;
  /** CPU seconds a request holding a thread gets between two pauses: the runtime R shared by the holders. */
  cpuPerPauseSec: number;
}

/** How many pauses of a kind a request meets on average, and how long one lasts. */
export interface PauseLaw {
  /** Mean number met per request. */
  perRequest: number;
  /** Mean length of one, seconds. */
  meanSec: number;
  /** Second moment of the length of one, s². */
  secondMomentSec2: number;
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

/** Points of the quadrature over the first arrival of a period that starts with no backlog. */
const FIRST_ARRIVALS = 8;

/**
 * When the runtime runs out in a period, as the fluid picture has it: the backlog b is there
 * from the period's start, the period's work A comes evenly from `from` to its end, and at most
 * `cores` threads use the runtime R. Returns P (no throttle) when the work does not last.
 */
function quotaRunsOut(
  waiting: number,
  arrived: number,
  runtime: number,
  cores: number,
  from: number,
  period: number,
): number {
  if (waiting + arrived <= runtime) return period;
  const fluid = waiting >= runtime ? 0 : ((period - from) * (runtime - waiting)) / arrived;
  return Math.min(period, from + Math.max(runtime / cores, fluid));
}

/**
 * Throttling of a CFS quota over periods: the law of the work waiting at each period's start,
 * then, for each (start, work of the period), whether the runtime runs out, when (τ), and what
 * the pause P − τ costs the requests in flight then and those that arrive during it. A period
 * that starts with no backlog cannot use its runtime before its first arrival, u₁ (the first of
 * N ≈ A/S arrivals, P(u₁ > t) = (1 − t/P)^N): τ is taken at quantiles of u₁.
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
  const sums = { throttled: 0, delay: 0, hits: 0, second: 0, paused: 0 };
  const holding = { count: 0, first: 0, second: 0 };
  const opening = { count: 0, first: 0, second: 0 };
  let cpuBetween = 0;
  const entering = { count: 0, first: 0, second: 0 };
  for (let i = 0; i < CELLS; i++) {
    const pi = start[i]!;
    if (pi < 1e-300) continue;
    const x = -burst + i * step;
    const runtime = quota + Math.max(0, -x);
    const waiting = Math.max(0, x);
    if (!(k * period > runtime)) continue;
    for (let a = 0; a < workCells; a++) {
      // The cell's work spreads over a step around its centre; the part beyond the runtime
      // throttles, with the mean demand of that part (so that figures move smoothly with the
      // load instead of jumping as cells cross the runtime).
      const centre = waiting + a * step;
      const over = Math.min(1, (centre + step / 2 - runtime) / step);
      if (!(over > 0)) continue;
      const demand = over < 1 ? (runtime + centre + step / 2) / 2 : centre;
      const arrived = demand - waiting;
      const w = pi * work[a]! * over;
      // A request runs on one core at a time: ≈ work ÷ S requests use at most that many cores.
      const cores = Math.min(k, Math.max(1, demand / s));
      if (!(cores * period > runtime) || w === 0) continue;
      const idle = waiting < step / 2;
      const points = idle ? FIRST_ARRIVALS : 1;
      const arrivals = Math.max(1, arrived / s);
      for (let j = 0; j < points; j++) {
        const from = idle ? period * (1 - (1 - (j + 0.5) / points) ** (1 / arrivals)) : 0;
        const tau = quotaRunsOut(waiting, arrived, runtime, cores, from, period);
        if (!(tau < period)) continue;
        const share = w / points;
        const pause = period - tau;
        const left = waiting + (arrived * (tau - from)) / (period - from) - runtime;
        // Each request in flight at τ has on average s of work left (exact for exponential CPU).
        const inFlight = Math.max(1, left / s);
        sums.throttled += share;
        sums.paused += share * pause;
        sums.delay += share * (inFlight * pause + (rate * pause * pause) / 2);
        sums.hits += share * (inFlight + rate * pause);
        sums.second += share * (inFlight * pause * pause + (rate * pause ** 3) / 3);
        // The requests holding a thread at τ stop for the whole pause; those that arrive in it
        // take the free threads, if any, and wait for what is left of it (uniform: V/2, V²/3).
        const inThreads = Math.min(inFlight, input.threads);
        const taken = Math.min(rate * pause, input.threads - inThreads);
        // A period that starts idle gives the requests that arrived in it their first pause,
        // shortened by the first arrival's offset; a busy period's pause is a full one.
        const law = idle ? opening : holding;
        law.count += share * inThreads;
        law.first += share * inThreads * pause;
        law.second += share * inThreads * pause * pause;
        // The runtime went to the requests that hold threads: each got R ÷ their number.
        if (!idle) cpuBetween += share * runtime;
        entering.count += share * taken;
        entering.first += (share * taken * pause) / 2;
        entering.second += (share * taken * pause * pause) / 3;
      }
    }
  }
  const perPeriod = rate * period;
  return {
    throttledPeriodFraction: Math.min(1, sums.throttled),
    throttledSecPerRequest: sums.delay / perPeriod,
    hitProbability: Math.min(1, sums.hits / perPeriod),
    hitSecondMomentSec2: sums.hits > 0 ? sums.second / sums.hits : 0,
    pausedFraction: Math.min(1, sums.paused / period),
    holdStallSecPerRequest: (opening.first + holding.first + entering.first) / perPeriod,
    opening: pauseLaw(opening, perPeriod),
    holding: pauseLaw(holding, perPeriod),
    cpuPerPauseSec: holding.count > 0 ? cpuBetween / holding.count : quota,
    entering: pauseLaw(entering, perPeriod),
  };
}

/** Pauses met per request, and the mean and second moment of one, from the weighted sums. */
function pauseLaw(
  sums: { count: number; first: number; second: number },
  perPeriod: number,
): PauseLaw {
  return sums.count > 0
    ? {
        perRequest: sums.count / perPeriod,
        meanSec: sums.first / sums.count,
        secondMomentSec2: sums.second / sums.count,
      }
    : { perRequest: 0, meanSec: 0, secondMomentSec2: 0 };
}
