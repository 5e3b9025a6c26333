import { assertNonNegative, assertObject } from "../validate.js";

/**
 * Forced flow law, X_k = V_k·X: a resource's throughput is the system throughput times the
 * visits each request makes to it (e.g. 3 database queries per page view).
 *
 * @param input - X = `systemThroughputPerSec` (>= 0), V_k = `visits` (>= 0).
 * @returns X_k, the resource's throughput per second.
 * @throws {@link ModelInputError} for negative or non-finite inputs.
 * @see Lazowska, Zahorjan, Graham & Sevcik, Quantitative System Performance (1984), §3.4.
 * @example
 * ```ts
 * forcedFlowLaw({ systemThroughputPerSec: 120, visits: 3 }); // => 360
 * ```
 */
export function forcedFlowLaw(input: { systemThroughputPerSec: number; visits: number }): number {
  const o = assertObject("forcedFlowLaw", input, "input", ["systemThroughputPerSec", "visits"]);
  const x = assertNonNegative("forcedFlowLaw", "systemThroughputPerSec", o.systemThroughputPerSec);
  return x * assertNonNegative("forcedFlowLaw", "visits", o.visits);
}
