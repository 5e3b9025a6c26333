import { marginBelow } from "../math/exactProduct.js";
import { queueResult, unstableResult } from "./distribution.js";
import { readOpenStation, type OpenStationInput } from "./input.js";
import type { QueueResult } from "./types.js";

/** Input of {@link mm1}. */
export type Mm1Input = OpenStationInput;

/**
 * M/M/1 queue: Poisson arrivals, exponential service, one server, FIFO — a single-threaded
 * worker process with an unbounded backlog.
 *
 * ```text
 * ρ = λ·S   stable iff ρ < 1      R = S/(1 − ρ)   W = ρ·S/(1 − ρ)   L = ρ/(1 − ρ)
 * P(R > t) = exp(−(1 − ρ)·t/S)    P(W > t) = ρ·exp(−(1 − ρ)·t/S)   P(N = n) = (1 − ρ)·ρⁿ
 * Var N = ρ/(1 − ρ)²              Var R = (S/(1 − ρ))²
 * ```
 * @param input - λ = `arrivalRatePerSec`, S = `serviceTimeSec`.
 * @returns Exact steady-state metrics and distributions; `stable: false` and `Infinity` means
 *   when ρ >= 1.
 * @throws {@link ModelInputError} for a negative or non-finite rate, or a service time <= 0.
 * @see Kleinrock, Queueing Systems Vol. 1 (1975), §3.2 and eq. 5.120 (response-time distribution).
 * @example
 * ```ts
 * mm1({ arrivalRatePerSec: 40, serviceTimeSec: 0.02 }).meanResponseTimeSec; // => 0.1
 * mm1({ arrivalRatePerSec: 40, serviceTimeSec: 0.02 }).responseTimeQuantileSec(0.99); // => 0.46051701859880906
 * ```
 */
export function mm1(input: Mm1Input): QueueResult {
  const { lambda, s } = readOpenStation("mm1", input);
  const rho = lambda * s;
  const base = { model: "M/M/1", method: "exact", distribution: "exact", servers: 1 } as const;
  const idle = marginBelow(1, lambda, s); // 1 − ρ to full precision
  if (!(idle > 0)) return unstableResult("mm1", base, rho, s);
  const decayPerSec = idle / s; // μ − λ
  const r = s / idle;
  return queueResult(
    "mm1",
    base,
    {
      stable: true,
      utilization: rho,
      offeredLoad: rho,
      throughputPerSec: lambda,
      probabilityOfWaiting: rho,
      blockingProbability: 0,
      meanInSystem: lambda * r,
      meanQueueLength: lambda * rho * r,
      meanResponseTimeSec: r,
      meanWaitSec: rho * r,
      varianceInSystem: rho / (idle * idle),
      responseTimeVarianceSec2: r * r,
    },
    {
      stateProbability: (n) => idle * rho ** n,
      responseSurvival: (t) => Math.exp(-decayPerSec * t),
      waitSurvival: (t) => rho * Math.exp(-decayPerSec * t),
      responseQuantile: (p) => -Math.log1p(-p) / decayPerSec,
      waitQuantile: (p) => (p <= idle ? 0 : Math.log(rho / (1 - p)) / decayPerSec),
      scaleSec: r,
    },
  );
}
