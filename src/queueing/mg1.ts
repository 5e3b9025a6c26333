import { marginBelow } from "../math/exactProduct.js";
import { assertObject, assertScv } from "../validate.js";
import { approximateStationResult } from "./approximateStation.js";
import { unstableResult } from "./distribution.js";
import { readOpenStation, type OpenStationInput } from "./input.js";
import type { QueueResult } from "./types.js";

/** Input of {@link mg1}. */
export interface Mg1Input extends OpenStationInput {
  /**
   * Squared coefficient of variation of the service time, Var S / S² (0 = fixed length, as in
   * M/D/1; 1 = as variable as an exponential); finite, >= 0.
   * @defaultValue 1
   */
  serviceTimeScv?: number;
}

/**
 * M/G/1 queue by the Pollaczek–Khinchine formula: Poisson arrivals, one server, FIFO, service
 * times of any distribution with mean S and squared coefficient of variation SCV. M/D/1 is
 * SCV = 0, M/M/1 is SCV = 1.
 *
 * ```text
 * ρ = λ·S   W = ρ·S·(1 + SCV)/(2(1 − ρ))   R = W + S   L = λ·R   P(wait) = ρ
 * Var W = W² + λ·E[S³]/(3(1 − ρ))  (Takács)   Var R = Var W + SCV·S²   Var N = λ²·Var R + L
 * ```
 * The means are exact. The variances take E[S³] of a gamma law with the given mean and SCV
 * (exact for M/D/1 and M/M/1); the distribution functions are the two-moment approximation
 * described under `distribution` (exact for M/M/1), so `distribution` is `"approximation"`.
 *
 * @param input - λ = `arrivalRatePerSec`, S = `serviceTimeSec`, SCV = `serviceTimeScv`.
 * @returns Steady-state metrics; `stable: false` and `Infinity` means when ρ >= 1.
 * @throws {@link ModelInputError} for negative or non-finite inputs.
 * @see Kleinrock, Queueing Systems Vol. 1 (1975), §5.6 (P–K mean-value formula) and eq. 5.114
 *   (Takács' second moment).
 * @example
 * ```ts
 * mg1({ arrivalRatePerSec: 25, serviceTimeSec: 0.02, serviceTimeScv: 0 }).meanWaitSec; // => 0.01
 * mg1({ arrivalRatePerSec: 25, serviceTimeSec: 0.02 }).meanWaitSec; // => 0.02
 * ```
 */
export function mg1(input: Mg1Input): QueueResult {
  const { lambda, s } = readOpenStation("mg1", input, ["serviceTimeScv"]);
  const raw = assertObject("mg1", input).serviceTimeScv;
  const scv = raw === undefined ? 1 : assertScv("mg1", "serviceTimeScv", raw);
  const rho = lambda * s;
  const idle = marginBelow(1, lambda, s); // 1 − ρ to full precision
  if (!(idle > 0)) {
    const base = {
      model: "M/G/1",
      method: "exact",
      distribution: "approximation",
      servers: 1,
    } as const;
    return unstableResult("mg1", base, rho, s);
  }
  const meanWait = (rho * s * (1 + scv)) / (2 * idle);
  const thirdMoment = s * s * s * (1 + scv) * (1 + 2 * scv);
  const waitVariance = meanWait * meanWait + (lambda * thirdMoment) / (3 * idle);
  const responseVariance = waitVariance + scv * s * s;
  const meanInSystem = lambda * (meanWait + s);
  return approximateStationResult({
    name: "mg1",
    model: "M/G/1",
    method: "exact",
    arrivalRatePerSec: lambda,
    serviceTimeSec: s,
    servers: 1,
    probabilityOfWaiting: rho,
    probabilityOfNoWait: idle,
    meanWaitSec: meanWait,
    responseTimeVarianceSec2: responseVariance,
    varianceInSystem: lambda * lambda * responseVariance + meanInSystem,
    serviceTimeScv: scv,
  });
}
