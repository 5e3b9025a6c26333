import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../validate.js";

/**
 * Service demand law, D = c·U/X: the busy time a resource spends per system-level request, from
 * its measured utilization and the system throughput (D = V·S, visits times service time).
 *
 * @param input - U = `utilization` per server (>= 0), X = `systemThroughputPerSec` (> 0),
 *   c = `servers` (integer >= 1, default 1).
 * @returns D in seconds of resource time per request.
 * @throws {@link ModelInputError} for negative or non-finite inputs, zero throughput or
 *   fractional servers.
 * @see Lazowska, Zahorjan, Graham & Sevcik, Quantitative System Performance (1984), §3.5.
 * @example
 * ```ts
 * serviceDemandLaw({ utilization: 0.6, systemThroughputPerSec: 50, servers: 2 }); // => 0.024
 * ```
 */
export function serviceDemandLaw(input: {
  utilization: number;
  systemThroughputPerSec: number;
  servers?: number;
}): number {
  const o = assertObject("serviceDemandLaw", input, "input", [
    "utilization",
    "systemThroughputPerSec",
    "servers",
  ]);
  const u = assertNonNegative("serviceDemandLaw", "utilization", o.utilization);
  const x = assertPositive("serviceDemandLaw", "systemThroughputPerSec", o.systemThroughputPerSec);
  const c =
    o.servers === undefined ? 1 : assertInteger("serviceDemandLaw", "servers", o.servers, 1);
  return (c * u) / x;
}
