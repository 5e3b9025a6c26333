import {
  frame,
  metricTitle,
  parameterTitle,
  parameterValue,
  plottedValue,
  type ChartOptions,
  type VegaLiteSpec,
} from "./spec.js";
import type { Sweep, SweepMetric } from "./sweep.js";

/** Options of {@link compareChart}. */
export interface CompareChartOptions extends ChartOptions {
  /** The metric on the y axis. */
  metric: SweepMetric;
  /** What goes on the x axis: the swept parameter or the resulting utilization (in %). @defaultValue "parameter" */
  x?: "parameter" | "utilization";
  /** Top of the y axis (in the plotted unit: ms for times, % for fractions); higher values are clipped. */
  maxY?: number;
  /** A target on the y axis (same unit), drawn as a horizontal rule. */
  target?: number;
}

/**
 * Several sweeps of one metric in one chart, one line per sweep — e.g. p99 against utilization
 * for 1, 2, 8 and 32 workers. Unbounded points are left out.
 *
 * @param series - `{ label, sweep }` for each line.
 * @param options - The `metric`, the x axis, clipping, a target rule, titles and size.
 * @returns A vega-lite spec (plain JSON).
 * @example
 * ```ts
 * const one = sweep({ model: mm1, input: { arrivalRatePerSec: 0, serviceTimeSec: 0.02 }, parameter: "arrivalRatePerSec", values: [10, 25] });
 * compareChart([{ label: "1 worker", sweep: one }], { metric: "meanResponseTimeSec", x: "utilization" }).layer[0].data.values[1].x; // => 50
 * ```
 */
export function compareChart(
  series: readonly { label: string; sweep: Sweep }[],
  options: CompareChartOptions,
): VegaLiteSpec {
  const byUtilization = options.x === "utilization";
  const parameter = series[0]?.sweep.parameter ?? "";
  const values = series.flatMap(({ label, sweep }) =>
    sweep.rows
      .map((r) => ({
        x: byUtilization ? r.utilization * 100 : parameterValue(sweep.parameter, r.x),
        series: label,
        y: plottedValue(options.metric, r[options.metric]),
      }))
      .filter((r) => Number.isFinite(r.y)),
  );
  const xTitle =
    options.xTitle ?? (byUtilization ? "Utilization per server (%)" : parameterTitle(parameter));
  const yTitle = metricTitle(options.metric);
  const top = options.maxY ?? Math.max(0, ...values.map((v) => v.y));
  const layer: object[] = [
    {
      data: { values },
      mark: { type: "line", point: true, clip: true },
      encoding: {
        x: { field: "x", type: "quantitative", title: xTitle },
        y: { field: "y", type: "quantitative", title: yTitle, scale: { domain: [0, top] } },
        color: { field: "series", type: "nominal", title: null, sort: series.map((s) => s.label) },
      },
    },
  ];
  if (options.target !== undefined) {
    layer.push({
      data: { values: [{ target: options.target }] },
      mark: { type: "rule", strokeDash: [6, 4], color: "#555" },
      encoding: { y: { field: "target", type: "quantitative" } },
    });
  }
  return { ...frame(options, `${yTitle} against ${xTitle.toLowerCase()}`), layer };
}
