import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../validate.js";

/**
 * Interactive response-time law, R = N/X − Z: the mean response time of a closed loop of N
 * clients that think for Z between requests and complete X requests per second — how to read a
 * load test with N connections.
 *
 * @param input - N = `population` (integer >= 1), X = `throughputPerSec` (> 0),
 *   Z = `thinkTimeSec` (>= 0, default 0).
 * @returns R in seconds; negative values mean the three measurements are inconsistent.
 * @throws {@link ModelInputError} for invalid inputs.
 * @see Lazowska, Zahorjan, Graham & Sevcik, Quantitative System Performance (1984), §3.6.
 * @example
 * ```ts
 * interactiveResponseTime({ population: 50, throughputPerSec: 400, thinkTimeSec: 0.1 }); // => 0.025
 * ```
 */
export function interactiveResponseTime(input: {
  population: number;
  throughputPerSec: number;
  thinkTimeSec?: number;
}): number {
  const model = "interactiveResponseTime";
  const o = assertObject(model, input, "input", ["population", "throughputPerSec", "thinkTimeSec"]);
  const n = assertInteger(model, "population", o.population, 1);
  const x = assertPositive(model, "throughputPerSec", o.throughputPerSec);
  const z =
    o.thinkTimeSec === undefined ? 0 : assertNonNegative(model, "thinkTimeSec", o.thinkTimeSec);
  return n / x - z;
}
