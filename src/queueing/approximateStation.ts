import { gammaQ } from "../math/gamma.js";
import { logPoissonCdf, logPoissonPmf } from "../math/poisson.js";
import { queueResult } from "./distribution.js";
import type { QueueResult } from "./types.js";

/** Below this service SCV the service time is treated as fixed (its spread < 0.1% of S). */
const FIXED_SCV = 1e-6;

/** The exactly known (or approximated) first moments of a stable M/G/c-type station. */
export interface StationMoments {
  name: string;
  model: string;
  method: "exact" | "approximation";
  arrivalRatePerSec: number;
  serviceTimeSec: number;
  servers: number;
  /** Probability that an arrival waits, C. */
  probabilityOfWaiting: number;
  /** 1 − C, computed without the subtraction (it is tiny near saturation). */
  probabilityOfNoWait: number;
  /** Mean wait W. */
  meanWaitSec: number;
  /** Variance of the response time; defaults to the one implied by the approximation below. */
  responseTimeVarianceSec2?: number;
  /** Variance of the number in system; defaults to the one of the approximate state law. */
  varianceInSystem?: number;
  /** Squared coefficient of variation of the service time. */
  serviceTimeScv: number;
}

/**
 * Result of a stable station whose distributions are approximated from its moments:
 * - wait: an atom 1 − C at 0 and, with probability C, an exponential with mean W/C;
 * - response time: a gamma law with the exact mean W + S and the variance given (or
 *   Var W + S²·SCV with W and S independent); for service of (nearly) fixed length,
 *   SCV < 1e-6, the wait law above shifted by S instead;
 * - states: below c the M/M/c shape (a truncated Poisson(a) law) with total mass 1 − C, from c
 *   on a geometric tail with mass C and ratio σ = Lq/(C + Lq), so that Σ(n − c)⁺·P(N = n) = Lq.
 * Each is exact for M/M/c (σ = ρ, response time Erlang-mixture aside) and for M/M/1.
 */
export function approximateStationResult(m: StationMoments): QueueResult {
  const lambda = m.arrivalRatePerSec;
  const s = m.serviceTimeSec;
  const c = m.servers;
  const a = lambda * s;
  const wait = m.probabilityOfWaiting;
  const noWait = m.probabilityOfNoWait;
  const meanWait = m.meanWaitSec;
  const r = meanWait + s;
  const lq = lambda * meanWait;
  const sigma = lq > 0 ? lq / (wait + lq) : 0;
  const waitVariance = wait > 0 ? ((2 - wait) * meanWait * meanWait) / wait : 0;
  const responseVariance = m.responseTimeVarianceSec2 ?? waitVariance + s * s * m.serviceTimeScv;
  const idleTail = lq > 0 ? wait / (wait + lq) : 1; // 1 − σ, without the subtraction
  const varianceInSystem =
    m.varianceInSystem ??
    a * noWait +
      (wait * sigma * (1 + sigma - wait * sigma)) / (idleTail * idleTail) +
      2 * (c - a) * lq;
  const meanWaitIfWaiting = wait > 0 ? meanWait / wait : 0; // mean of the exponential part
  const fixedService = m.serviceTimeScv < FIXED_SCV;
  // The squared coefficient of variation, divided in steps so that a mean of 1e-300 or 1e300 s
  // does not make it 0/0 or ∞/∞; where the variance itself left floating point (underflowed to 0
  // or overflowed), the law falls back to the exponential (shape 1) with the exact mean.
  const responseScv = responseVariance / r / r;
  const shape = responseScv > 0 && responseScv < Infinity ? 1 / responseScv : 1;
  const rate = shape / r;
  const waitSurvival = (t: number): number =>
    meanWait > 0 ? wait * Math.exp(-t / meanWaitIfWaiting) : 0;
  const waitQuantile = (p: number): number =>
    p <= noWait || meanWait === 0 ? 0 : Math.log(wait / (1 - p)) * meanWaitIfWaiting;
  let logLower: number | undefined;
  return queueResult(
    m.name,
    { model: m.model, method: m.method, distribution: "approximation", servers: c },
    {
      stable: true,
      utilization: a / c,
      offeredLoad: a,
      throughputPerSec: lambda,
      probabilityOfWaiting: wait,
      blockingProbability: 0,
      meanInSystem: lambda * r,
      meanQueueLength: lq,
      meanResponseTimeSec: r,
      meanWaitSec: meanWait,
      varianceInSystem,
      responseTimeVarianceSec2: responseVariance,
    },
    {
      stateProbability(n) {
        if (a === 0) return n === 0 ? 1 : 0;
        if (n >= c) return wait * idleTail * sigma ** (n - c);
        logLower ??= logPoissonCdf(c - 1, a);
        return noWait * Math.exp(logPoissonPmf(n, a) - logLower);
      },
      waitSurvival,
      waitQuantile,
      responseSurvival: fixedService
        ? (t) => (t < s ? 1 : waitSurvival(t - s))
        : (t) => gammaQ(shape, rate * t),
      responseQuantile: fixedService ? (p) => s + waitQuantile(p) : undefined,
      scaleSec: r,
    },
  );
}
