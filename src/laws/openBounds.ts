import { assertNonNegative, assertObject } from "../validate.js";
import { openAsymptoticBounds } from "./asymptoticBounds.js";
import { readDemands } from "./demands.js";

/** Input of {@link openBounds}. */
export interface OpenBoundsInput {
  /** D_k, each resource's service demand per request (visits × service time), in seconds. */
  demandsSec: readonly number[];
  /** λ, the offered arrival rate per second; optional. @defaultValue 0 */
  arrivalRatePerSec?: number;
}

/** Result of {@link openBounds}. */
export interface OpenBoundsResult {
  /** 1/D_max: no arrival rate above this can be sustained. */
  maxThroughputPerSec: number;
  /** D = Σ D_k: no request can finish faster (no queueing at all). */
  minResponseTimeSec: number;
  /** Index in `demandsSec` of the resource with the largest demand, which saturates first. */
  bottleneck: number;
  /** U_k = λ·D_k for each resource at the given arrival rate. */
  utilizations: number[];
  /** True when λ < 1/D_max. */
  stable: boolean;
}

/**
 * Asymptotic bounds for an open system of single-server resources: the highest sustainable
 * throughput X <= 1/D_max and the lowest response time R >= D, from the service demands alone.
 *
 * @param input - D_k = `demandsSec` (each finite >= 0, at least one > 0), λ = `arrivalRatePerSec`.
 * @returns The bounds, the bottleneck resource and the utilizations at λ.
 * @throws {@link ModelInputError} for an empty array or a negative or non-finite entry.
 * @see Lazowska, Zahorjan, Graham & Sevcik, Quantitative System Performance (1984), §5.2.
 * @example
 * ```ts
 * openBounds({ demandsSec: [0.005, 0.02, 0.01] }).maxThroughputPerSec; // => 50
 * ```
 */
export function openBounds(input: OpenBoundsInput): OpenBoundsResult {
  const o = assertObject("openBounds", input, "input", ["demandsSec", "arrivalRatePerSec"]);
  const { total, max, bottleneck } = readDemands("openBounds", o.demandsSec);
  const lambda =
    o.arrivalRatePerSec === undefined
      ? 0
      : assertNonNegative("openBounds", "arrivalRatePerSec", o.arrivalRatePerSec);
  const bounds = openAsymptoticBounds(max, lambda);
  return {
    maxThroughputPerSec: bounds.maxThroughputPerSec,
    minResponseTimeSec: total,
    bottleneck,
    utilizations: input.demandsSec.map((d) => lambda * d),
    stable: bounds.stable,
  };
}
