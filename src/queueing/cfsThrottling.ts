import { ModelInputError } from "../errors.js";
import {
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
  assertScv,
} from "../validate.js";
import { quotaPeriods, type PauseLaw } from "./quotaPeriods.js";

export type { PauseLaw };

/** Input of {@link cfsThrottling}. */
export interface CfsThrottlingInput {
  /** Poisson arrivals per second at the container. */
  arrivalRatePerSec: number;
  /** CPU time per request, seconds. */
  cpuSecPerRequest: number;
  /** Squared coefficient of variation of the CPU time per request. @defaultValue 1 */
  cpuScv?: number;
  /** The CPU limit in cores: quota ÷ period (`500m` = 0.5). */
  cpuLimitCores: number;
  /** The CFS period, seconds (`cpu.cfs_period_us`). @defaultValue 0.1 */
  cpuPeriodSec?: number;
  /** Unused runtime a period may save for later ones, seconds (`cpu.cfs_burst_us`). @defaultValue 0 */
  cpuBurstSec?: number;
  /** Threads of the container that can run at once: min(node cores, runnable threads). */
  parallelism: number;
  /** Threads that hold requests; requests beyond them wait in an accept queue. @defaultValue `parallelism` */
  threads?: number;
}

/** Result of {@link cfsThrottling}. */
export interface CfsThrottling {
  /** False when λ × CPU ≥ the limit: the quota cannot keep up (means `Infinity`). */
  stable: boolean;
  /** λ × CPU ÷ `cpuLimitCores`: the utilization law on the limit. */
  limitUtilization: number;
  /** Share of the periods in which the quota runs out (`nr_throttled / nr_periods` over all periods). */
  throttledPeriodFraction: number;
  /** Mean time a request spends stopped by the throttle, seconds. */
  throttledSecPerRequest: number;
  /** Share of the requests that meet a throttle. */
  hitProbability: number;
  /** Mean throttled time of a request that meets a throttle, seconds. */
  hitMeanSec: number;
  /** Variance of the throttled time of a request that meets a throttle, s². */
  hitVarianceSec2: number;
  /** Share of the wall time the container is throttled. */
  pausedFraction: number;
  /** The part of `throttledSecPerRequest` spent holding a thread (the rest waiting for one), seconds. */
  holdStallSecPerRequest: number;
  /** The first pause of the requests that arrive in a period that starts idle (≤ 1 per request). */
  openingPauses: PauseLaw;
  /** The other pauses a request meets while it holds a thread, each lasting to the period's end. */
  holdingPauses: PauseLaw;
  /** The pause a request arrives in and waits out in a free thread (what is left of it). */
  enteringPauses: PauseLaw;
  /** CPU a request holding a thread gets in a throttled period (the runtime shared by the holders), seconds. */
  cpuPerPauseSec: number;
  method: "approximation";
}

/**
 * CPU throttling of a container under a CFS bandwidth limit (Linux, Documentation/scheduler/
 * sched-bwc.rst): each period P the container's threads get a runtime Q = limit × P, used at
 * full speed on up to k cores; when it is spent every thread stops until the period ends. The
 * work waiting at the start of period n, X_n (negative: saved burst), follows Lindley's
 * recursion (Lindley 1952) with the period's work A_n, a compound Poisson sum (Panjer 1981):
 *
 * ```text
 * Q = L·P   X' = max(X + A − Q, −B)   runtime R = Q + max(0, −X)   backlog b = max(0, X)
 * throttled iff b + A > R and k·P > R   (k ≤ L cores never throttle)
 * τ = u + max(R/k', (P − u)·(R − b)/A)   the quota runs out (k' = min(k, (b + A)/S) cores)
 *     u = 0 when b > 0; else the period's first arrival, P(u > t) = (1 − t/P)^N, N = A/S
 * pause V = P − τ    n(τ) = max(1, (b + A·(τ − u)/(P − u) − R)/S) requests in flight at τ
 * throttled time per request = E[V·(n(τ) + λV/2); throttled] / (λP)
 * ```
 * L = `cpuLimitCores`, P = `cpuPeriodSec`, B = `cpuBurstSec`, S = `cpuSecPerRequest`, λ the
 * arrival rate, k = `parallelism`. The pauses are also given the way a request meets them, for
 * the response-time law ({@link evaluateDeployment} builds it): `openingPauses`, the first pause
 * of the requests that arrive in a period that starts idle (shortened by the arrival's offset u);
 * `holdingPauses`, the later ones, met by the min(n(τ), threads) requests that hold a thread,
 * each after `cpuPerPauseSec` = R ÷ those requests of CPU; `enteringPauses`, the rest of a pause
 * a request arrives in and waits out in a free thread (V/2 on average). An approximation (the
 * fluid arrivals within a period, the work left per request), measured against
 * {@link simulateDeployment}'s CFS quota by `scripts/measure-throttling.mjs` (132 cases, limits
 * 0.25–1.5 cores, periods 10 and 100 ms, 30–90 % of the limit); the figures are in the README's
 * accuracy section.
 *
 * @param input - Load, CPU per request, the limit, period and burst, parallelism.
 * @returns The throttled-period fraction and the throttled time per request.
 * @throws {@link ModelInputError} naming the field.
 * @example
 * ```ts
 * // One worker, 20 ms per request, 500m: 12.5 req/s is half the limit.
 * const t = cfsThrottling({ arrivalRatePerSec: 12.5, cpuSecPerRequest: 0.02, cpuLimitCores: 0.5, parallelism: 1 });
 * t.limitUtilization; // => 0.5
 * t.throttledPeriodFraction > 0.1; // => true
 * ```
 */
export function cfsThrottling(input: CfsThrottlingInput): CfsThrottling {
  const model = "cfsThrottling";
  const o = assertObject(model, input, "input", [
    "arrivalRatePerSec",
    "cpuSecPerRequest",
    "cpuScv",
    "cpuLimitCores",
    "cpuPeriodSec",
    "cpuBurstSec",
    "parallelism",
    "threads",
  ]);
  const rate = assertNonNegative(model, "arrivalRatePerSec", o.arrivalRatePerSec);
  const cpu = assertPositive(model, "cpuSecPerRequest", o.cpuSecPerRequest);
  const scv = o.cpuScv === undefined ? 1 : assertScv(model, "cpuScv", o.cpuScv);
  const limit = assertPositive(model, "cpuLimitCores", o.cpuLimitCores);
  const period =
    o.cpuPeriodSec === undefined ? 0.1 : assertPositive(model, "cpuPeriodSec", o.cpuPeriodSec);
  const burst =
    o.cpuBurstSec === undefined ? 0 : assertNonNegative(model, "cpuBurstSec", o.cpuBurstSec);
  if (burst > limit * period) {
    throw new ModelInputError(
      model,
      "cpuBurstSec",
      burst,
      `at most the quota, ${limit * period} s`,
    );
  }
  const k = assertInteger(model, "parallelism", o.parallelism, 1, 100_000);
  const threads = o.threads === undefined ? k : assertInteger(model, "threads", o.threads, 1, 1e9);
  return throttlingOf(rate, cpu, scv, limit, period, burst, k, threads);
}

const NO_PAUSES: PauseLaw = { perRequest: 0, meanSec: 0, secondMomentSec2: 0 };

/** The highest utilization of the limit the period kernel is run at. */
const HEAVY = 0.95;
/** The fewest arrivals per period the period kernel is run at. */
const LIGHT = 1e-6;

/** The kernel of {@link cfsThrottling} on validated numbers (never throws). */
export function throttlingOf(
  rate: number,
  cpu: number,
  scv: number,
  limit: number,
  period: number,
  burst: number,
  k: number,
  threads = k,
): CfsThrottling {
  const limitUtilization = (rate * cpu) / limit;
  const none = {
    stable: true,
    limitUtilization,
    throttledPeriodFraction: 0,
    throttledSecPerRequest: 0,
    hitProbability: 0,
    hitMeanSec: 0,
    hitVarianceSec2: 0,
    pausedFraction: 0,
    holdStallSecPerRequest: 0,
    openingPauses: NO_PAUSES,
    holdingPauses: NO_PAUSES,
    enteringPauses: NO_PAUSES,
    cpuPerPauseSec: limit * period,
    method: "approximation" as const,
  };
  if (!(limitUtilization < 1)) return unstable(none, limit, k);
  if (rate === 0 || k <= limit) return none;
  // Nearly no load: the figures per request tend to those of a lone request, the shares of time
  // fall with the load; taken at LIGHT arrivals per period, where nothing underflows.
  if (rate * period < LIGHT) {
    const at = throttlingOf(
      (LIGHT * (1 + 1e-9)) / period,
      cpu,
      scv,
      limit,
      period,
      burst,
      k,
      threads,
    );
    const share = (rate * period) / LIGHT;
    return {
      ...at,
      limitUtilization,
      throttledPeriodFraction: at.throttledPeriodFraction * share,
      pausedFraction: at.pausedFraction * share,
    };
  }
  // Past HEAVY of the limit the grid cannot hold the backlog: the kernel runs at HEAVY and the
  // time is scaled as Kingman's heavy-traffic law has it, ∝ 1/(1 − ρ); the fraction goes
  // linearly to 1 at ρ = 1.
  if (limitUtilization > HEAVY) {
    const at = throttlingOf(
      (HEAVY * (1 - 1e-9) * limit) / cpu,
      cpu,
      scv,
      limit,
      period,
      burst,
      k,
      threads,
    );
    const scale = (1 - HEAVY) / (1 - limitUtilization);
    const closer = (limitUtilization - HEAVY) / (1 - HEAVY);
    return {
      ...at,
      limitUtilization,
      throttledPeriodFraction:
        at.throttledPeriodFraction + closer * (1 - at.throttledPeriodFraction),
      throttledSecPerRequest: at.throttledSecPerRequest * scale,
      hitMeanSec: at.hitMeanSec * scale,
      hitVarianceSec2: at.hitVarianceSec2 * scale * scale,
      // A request stays ∝ 1/(1 − ρ), and meets pauses in proportion; each lasts as long.
      holdStallSecPerRequest:
        at.holdStallSecPerRequest +
        (scale - 1) * at.holdingPauses.perRequest * at.holdingPauses.meanSec,
      holdingPauses: { ...at.holdingPauses, perRequest: at.holdingPauses.perRequest * scale },
      pausedFraction:
        at.pausedFraction + closer * (none.pausedFraction + 1 - limit / k - at.pausedFraction),
    };
  }
  const p = quotaPeriods({
    arrivalRatePerSec: rate,
    cpuSecPerRequest: cpu,
    cpuScv: scv,
    quotaSec: limit * period,
    periodSec: period,
    burstSec: burst,
    parallelism: k,
    threads,
  });
  const hitMean = p.hitProbability > 0 ? p.throttledSecPerRequest / p.hitProbability : 0;
  return {
    ...none,
    throttledPeriodFraction: p.throttledPeriodFraction,
    throttledSecPerRequest: p.throttledSecPerRequest,
    hitProbability: p.hitProbability,
    hitMeanSec: hitMean,
    hitVarianceSec2: Math.max(0, p.hitSecondMomentSec2 - hitMean * hitMean),
    pausedFraction: p.pausedFraction,
    holdStallSecPerRequest: p.holdStallSecPerRequest,
    openingPauses: p.opening,
    holdingPauses: p.holding,
    enteringPauses: p.entering,
    cpuPerPauseSec: p.cpuPerPauseSec,
  };
}

/** Beyond the limit's capacity: every period throttled, the times unbounded. */
function unstable(none: CfsThrottling, limit: number, k: number): CfsThrottling {
  return {
    ...none,
    stable: false,
    throttledPeriodFraction: 1,
    throttledSecPerRequest: Infinity,
    hitProbability: 1,
    hitMeanSec: Infinity,
    hitVarianceSec2: Infinity,
    holdStallSecPerRequest: Infinity,
    holdingPauses: { perRequest: Infinity, meanSec: Infinity, secondMomentSec2: Infinity },
    pausedFraction: 1 - limit / Math.max(k, limit),
  };
}
