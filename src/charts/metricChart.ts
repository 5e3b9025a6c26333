import type { Sweep, SweepMetric } from "./sweep.js";
import {
  finiteRows,
  frame,
  metricTitle,
  plottedValue,
  parameterTitle,
  parameterValue,
  type ChartOptions,
  type VegaLiteSpec,
} from "./spec.js";

/** Options of {@link sweepChart}. */
export interface SweepChartOptions extends ChartOptions {
  /** The metrics to draw, one line each. */
  metrics: readonly SweepMetric[];
  /** Title of the y axis. @defaultValue the metric's name with its unit */
  yTitle?: string;
}

/**
 * Any metrics of a sweep against its parameter, one line each — the generic chart behind
 * {@link utilizationChart} and {@link throughputChart}. Unbounded points are left out.
 *
 * @param data - A {@link sweep} result.
 * @param options - `metrics` to draw, titles and size.
 * @returns A vega-lite spec (plain JSON).
 * @example
 * ```ts
 * sweepChart(sweep({ model: mm1, input: { arrivalRatePerSec: 0, serviceTimeSec: 0.02 }, parameter: "arrivalRatePerSec", values: [10, 20] }), { metrics: ["meanWaitSec"] }).encoding.y.title; // => "Mean wait (ms)"
 * ```
 */
export function sweepChart(data: Sweep, options: SweepChartOptions): VegaLiteSpec {
  const p = data.parameter;
  const values = finiteRows(
    data.rows.flatMap((r) =>
      options.metrics.map((m) => ({
        x: parameterValue(p, r.x),
        metric: metricTitle(m),
        value: plottedValue(m, r[m]),
      })),
    ),
    "value",
  );
  const yTitle =
    options.yTitle ??
    (options.metrics.length === 1 ? metricTitle(options.metrics[0] ?? "utilization") : "Value");
  return {
    ...frame(options, `${yTitle} against ${parameterTitle(p).toLowerCase()}`),
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "x", type: "quantitative", title: options.xTitle ?? parameterTitle(p) },
      y: { field: "value", type: "quantitative", title: yTitle },
      color: { field: "metric", type: "nominal", title: null },
    },
  };
}

/**
 * Utilization per server (%) against the swept parameter.
 * @example
 * ```ts
 * utilizationChart(sweep({ model: mmc, input: { arrivalRatePerSec: 0, serviceTimeSec: 0.02, servers: 2 }, parameter: "arrivalRatePerSec", values: [40, 80] })).data.values[1].value; // => 80
 * ```
 */
export function utilizationChart(data: Sweep, options: ChartOptions = {}): VegaLiteSpec {
  return sweepChart(data, { ...options, metrics: ["utilization"] });
}

/**
 * Throughput (requests/s) against the swept parameter, e.g. against the number of clients of a
 * closed loop ({@link finiteSource} swept over `population`).
 * @example
 * ```ts
 * throughputChart(sweep({ model: finiteSource, input: { population: 1, thinkTimeSec: 0, serviceTimeSec: 0.01, servers: 2 }, parameter: "population", values: [1, 2, 4] })).data.values[2].value; // => 200
 * ```
 */
export function throughputChart(data: Sweep, options: ChartOptions = {}): VegaLiteSpec {
  return sweepChart(data, { ...options, metrics: ["throughputPerSec"] });
}
