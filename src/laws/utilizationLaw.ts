import { assertInteger, assertNonNegative, assertObject } from "../validate.js";

/**
 * Utilization law, U = X·S/c: the fraction of time each of a resource's c servers is busy, from
 * its throughput and the mean service time per completion.
 *
 * @param input - X = `throughputPerSec` (>= 0), S = `serviceTimeSec` (>= 0), c = `servers`
 *   (integer >= 1, default 1).
 * @returns U, per server; above 1 means the measured figures cannot all be right.
 * @throws {@link ModelInputError} for negative or non-finite inputs or fractional servers.
 * @see Lazowska, Zahorjan, Graham & Sevcik, Quantitative System Performance (1984), §3.2.
 * @example
 * ```ts
 * utilizationLaw({ throughputPerSec: 80, serviceTimeSec: 0.02, servers: 2 }); // => 0.8
 * ```
 */
export function utilizationLaw(input: {
  throughputPerSec: number;
  serviceTimeSec: number;
  servers?: number;
}): number {
  const o = assertObject("utilizationLaw", input, "input", [
    "throughputPerSec",
    "serviceTimeSec",
    "servers",
  ]);
  const x = assertNonNegative("utilizationLaw", "throughputPerSec", o.throughputPerSec);
  const s = assertNonNegative("utilizationLaw", "serviceTimeSec", o.serviceTimeSec);
  const c = o.servers === undefined ? 1 : assertInteger("utilizationLaw", "servers", o.servers, 1);
  return (x * s) / c;
}
