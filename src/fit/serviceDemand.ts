import { linearRegression } from "simple-statistics";
import { ModelInputError } from "../errors.js";
import { assertNonNegative, assertObject } from "../validate.js";

/** Input of {@link serviceDemand}: paired measurements from runs at different loads. */
export interface ServiceDemandInput {
  /** Completed requests per second in each run. */
  throughputPerSec: number[];
  /** Busy cores (CPU seconds per second: utilization × cores) of the server in each run. */
  busyCores: number[];
}

/** Result of {@link serviceDemand}. */
export interface ServiceDemand {
  /** CPU seconds per request: the slope. */
  demandSec: number;
  /** Its standard error (needs three runs or more; `Infinity` with two). */
  standardErrorSec: number;
  /** Busy cores at zero throughput: the intercept (background work, timers, the master). */
  backgroundCores: number;
  /** Share of the variance of the busy cores that throughput explains. */
  rSquared: number;
}

/**
 * CPU service demand by the utilization law, U = X·D + U₀, fitted by least squares over runs at
 * several loads (simple-statistics' `linearRegression`); the standard error of the slope is
 * √(SSE/(n − 2) / Σ(x − x̄)²). Unlike dividing one run's CPU time by its requests, it separates
 * the per-request cost from the background a server burns whatever the load.
 *
 * @param input - Throughput and busy cores of each run (at least two runs at different loads).
 * @returns The demand per request, its standard error, the background and R².
 * @throws {@link ModelInputError} for arrays of different lengths, fewer than two runs, or one load only.
 * @see Lazowska et al., Quantitative System Performance (1984), §3.2 (the utilization law).
 * @example
 * ```ts
 * serviceDemand({ throughputPerSec: [10, 20, 30], busyCores: [0.15, 0.25, 0.35] }).demandSec; // => 0.01
 * ```
 */
export function serviceDemand(input: ServiceDemandInput): ServiceDemand {
  const model = "serviceDemand";
  const o = assertObject(model, input, "input", ["throughputPerSec", "busyCores"]);
  const xs = o.throughputPerSec;
  const ys = o.busyCores;
  if (!Array.isArray(xs) || !Array.isArray(ys) || xs.length !== ys.length || xs.length < 2) {
    throw new ModelInputError(
      model,
      "busyCores",
      ys,
      "an array as long as throughputPerSec, with 2 runs or more",
    );
  }
  const raw = Array.from(xs as unknown[], (x, i): [number, number] => [
    assertNonNegative(model, `throughputPerSec[${i}]`, x),
    assertNonNegative(model, `busyCores[${i}]`, ys[i]),
  ]);
  // The fit runs on values scaled to at most 1, so that squares of 1e200 do not overflow.
  const xScale = Math.max(...raw.map(([x]) => x)) || 1;
  const yScale = Math.max(...raw.map(([, y]) => y)) || 1;
  const points = raw.map(([x, y]): [number, number] => [x / xScale, y / yScale]);
  const n = points.length;
  const mean = points.reduce((a, [x]) => a + x, 0) / n;
  const sxx = points.reduce((a, [x]) => a + (x - mean) * (x - mean), 0);
  if (!(sxx > 0)) {
    throw new ModelInputError(
      model,
      "throughputPerSec",
      xs,
      "runs at two different loads at least",
    );
  }
  const { m, b } = linearRegression(points);
  const meanY = points.reduce((a, [, y]) => a + y, 0) / n;
  let sse = 0;
  let sst = 0;
  for (const [x, y] of points) {
    sse += (y - (m * x + b)) ** 2;
    sst += (y - meanY) ** 2;
  }
  return {
    demandSec: (m * yScale) / xScale,
    standardErrorSec: n > 2 ? (Math.sqrt(sse / (n - 2) / sxx) * yScale) / xScale : Infinity,
    backgroundCores: b * yScale,
    rSquared: sst > 0 ? 1 - sse / sst : 1,
  };
}
