import { poissonPmf } from "../math/poisson.js";
import { queueResult } from "./distribution.js";
import { readOpenStation, type OpenStationInput } from "./input.js";
import type { QueueResult } from "./types.js";

/** Input of {@link mmInf}. */
export type MmInfInput = OpenStationInput;

/**
 * M/M/∞: Poisson arrivals and a server for every request, so nobody waits — a pure delay, such
 * as time spent in a remote call that scales out freely.
 *
 * ```text
 * a = λ·S   N ~ Poisson(a)   R ~ Exp(1/S)   L = a   W = 0   Var N = a   Var R = S²
 * ```
 * `utilization` is 0 (infinitely many servers), `servers` is `Infinity`.
 *
 * @param input - λ = `arrivalRatePerSec`, S = `serviceTimeSec`.
 * @returns Exact steady-state metrics and distributions (always stable).
 * @throws {@link ModelInputError} for a negative or non-finite rate, or a service time <= 0.
 * @see Kleinrock, Queueing Systems Vol. 1 (1975), §3.4.
 * @example
 * ```ts
 * mmInf({ arrivalRatePerSec: 100, serviceTimeSec: 0.05 }).meanInSystem; // => 5
 * mmInf({ arrivalRatePerSec: 100, serviceTimeSec: 0.05 }).stateProbability(0); // => 0.006737946999085467
 * ```
 */
export function mmInf(input: MmInfInput): QueueResult {
  const { lambda, s } = readOpenStation("mmInf", input);
  const a = lambda * s;
  return queueResult(
    "mmInf",
    { model: "M/M/∞", method: "exact", distribution: "exact", servers: Infinity },
    {
      stable: true,
      utilization: 0,
      offeredLoad: a,
      throughputPerSec: lambda,
      probabilityOfWaiting: 0,
      blockingProbability: 0,
      meanInSystem: a,
      meanQueueLength: 0,
      meanResponseTimeSec: s,
      meanWaitSec: 0,
      varianceInSystem: a,
      responseTimeVarianceSec2: s * s,
    },
    {
      stateProbability: (n) => (a === Infinity ? 0 : poissonPmf(n, a)),
      responseSurvival: (t) => Math.exp(-t / s),
      waitSurvival: () => 0,
      responseQuantile: (p) => -s * Math.log1p(-p),
      waitQuantile: () => 0,
      scaleSec: s,
    },
  );
}
