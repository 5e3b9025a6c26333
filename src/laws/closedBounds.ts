import { assertInteger, assertNonNegative, assertObject } from "../validate.js";
import { closedAsymptoticBounds } from "./asymptoticBounds.js";
import { readDemands } from "./demands.js";

/** Input of {@link closedBounds}. */
export interface ClosedBoundsInput {
  /** D_k, each resource's service demand per request (visits × service time), in seconds. */
  demandsSec: readonly number[];
  /** Z, clients' mean think time between requests, in seconds. @defaultValue 0 */
  thinkTimeSec?: number;
  /** N, the number of clients; an integer >= 1. @defaultValue 1 */
  population?: number;
}

/** Result of {@link closedBounds}. */
export interface ClosedBoundsResult {
  /** 1/D_max, the throughput no population can exceed. */
  maxThroughputPerSec: number;
  /** D = Σ D_k, the response time of a lone request. */
  minResponseTimeSec: number;
  /** N* = (D + Z)/D_max: beyond this many clients the bottleneck saturates and R grows linearly. */
  saturationPopulation: number;
  /** Index in `demandsSec` of the resource with the largest demand. */
  bottleneck: number;
  /** At the given N: X <= min(N/(D + Z), 1/D_max). */
  throughputUpperPerSec: number;
  /** At the given N: X >= N/(N·D + Z) (every request queues behind all others). */
  throughputLowerPerSec: number;
  /** At the given N: R >= max(D, N·D_max − Z). */
  responseTimeLowerSec: number;
  /** At the given N: R <= N·D. */
  responseTimeUpperSec: number;
}

/**
 * Asymptotic bounds for a closed system (N clients, think time Z) of single-server resources:
 * the two straight lines each of throughput and response time that any such system lies
 * between, and the population N* where they cross.
 *
 * ```text
 * N/(N·D + Z) <= X(N) <= min(N/(D + Z), 1/D_max)     max(D, N·D_max − Z) <= R(N) <= N·D
 * ```
 * @param input - D_k = `demandsSec`, Z = `thinkTimeSec`, N = `population`.
 * @returns The bounds at N, the saturation population and the bottleneck resource.
 * @throws {@link ModelInputError} for invalid inputs.
 * @see Lazowska, Zahorjan, Graham & Sevcik, Quantitative System Performance (1984), §5.3.
 * @example
 * ```ts
 * closedBounds({ demandsSec: [0.01, 0.04], thinkTimeSec: 0.15 }).saturationPopulation; // => 5
 * ```
 */
export function closedBounds(input: ClosedBoundsInput): ClosedBoundsResult {
  const model = "closedBounds";
  const o = assertObject(model, input, "input", ["demandsSec", "thinkTimeSec", "population"]);
  const { total, max, bottleneck } = readDemands(model, o.demandsSec);
  const z =
    o.thinkTimeSec === undefined ? 0 : assertNonNegative(model, "thinkTimeSec", o.thinkTimeSec);
  const n = o.population === undefined ? 1 : assertInteger(model, "population", o.population, 1);
  const bounds = closedAsymptoticBounds(total, max, z, n);
  return {
    maxThroughputPerSec: bounds.maxThroughputPerSec,
    minResponseTimeSec: total,
    saturationPopulation: bounds.saturationPopulation,
    bottleneck,
    throughputUpperPerSec: bounds.throughputPerSec[1],
    throughputLowerPerSec: bounds.throughputPerSec[0],
    responseTimeLowerSec: bounds.responseTimeSec[0],
    responseTimeUpperSec: bounds.responseTimeSec[1],
  };
}
