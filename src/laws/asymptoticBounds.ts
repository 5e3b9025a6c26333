/**
 * The asymptotic-bounds kernels behind `closedBounds`, `openBounds`,
 * `closedNetworkBounds` and `openNetworkBounds`: the arithmetic from the total demand
 * and the bottleneck's demand alone. Internal; inputs are validated by the callers.
 */

/** Asymptotic bounds of a closed system at one population. */
export interface ClosedAsymptoticBounds {
  /** 1/D_max, the throughput no population can exceed. */
  maxThroughputPerSec: number;
  /** N* = (D + Z)/D_max (1 when D_max overflowed to ∞: one request saturates the bottleneck). */
  saturationPopulation: number;
  /** [N/(N·D + Z), min(N/(D + Z), 1/D_max)]. */
  throughputPerSec: [number, number];
  /** [max(D, N·D_max − Z), N·D]. */
  responseTimeSec: [number, number];
}

/**
 * Asymptotic bounds of a closed system: N clients with think time Z, a total demand D over the
 * queueing resources and D_max at the bottleneck (its demand per server).
 *
 * ```text
 * N/(N·D + Z) <= X(N) <= min(N/(D + Z), 1/D_max)     max(D, N·D_max − Z) <= R(N) <= N·D
 * ```
 * @see Lazowska, Zahorjan, Graham & Sevcik, Quantitative System Performance (1984), §5.2–5.3.
 */
export function closedAsymptoticBounds(
  totalDemandSec: number,
  maxDemandSec: number,
  thinkTimeSec: number,
  population: number,
): ClosedAsymptoticBounds {
  const d = totalDemandSec;
  const dmax = maxDemandSec;
  const z = thinkTimeSec;
  const n = population;
  const xmax = 1 / dmax;
  return {
    maxThroughputPerSec: xmax,
    saturationPopulation: dmax === Infinity ? 1 : (d + z) / dmax,
    throughputPerSec: [n / (n * d + z), Math.min(n / (d + z), xmax)],
    responseTimeSec: [Math.max(d, n * dmax - z), n * d],
  };
}

/** Asymptotic bounds of an open system at one arrival rate. */
export interface OpenAsymptoticBounds {
  /** 1/D_max: no arrival rate above this can be sustained. */
  maxThroughputPerSec: number;
  /** λ·D_max < 1. */
  stable: boolean;
}

/**
 * Asymptotic bounds of an open system at arrival rate λ with D_max at the bottleneck (its
 * demand per server): X <= 1/D_max, stable iff λ·D_max < 1. (The other bound, R >= D, is the
 * total demand itself.)
 * @see Lazowska, Zahorjan, Graham & Sevcik, Quantitative System Performance (1984), §5.2.
 */
export function openAsymptoticBounds(
  maxDemandSec: number,
  arrivalRatePerSec: number,
): OpenAsymptoticBounds {
  return {
    maxThroughputPerSec: 1 / maxDemandSec,
    stable: arrivalRatePerSec * maxDemandSec < 1,
  };
}
