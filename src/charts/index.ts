/**
 * Charts for pywebperf, imported from `pywebperf/charts`: vega-lite specs of sweeps, latency
 * distributions, deployments and stacks; SVG rendering in plain Node; display helpers for tslab
 * notebooks.
 *
 * The spec builders return plain JSON and need nothing else. {@link renderSvg} and
 * {@link showChart} load vega and vega-lite, which are optional peer dependencies of pywebperf:
 * install them with `npm install vega vega-lite` to render charts. The data behind the curves
 * ({@link sweep}, {@link range}) comes from the main entry, `pywebperf`.
 *
 * @module pywebperf/charts
 */

export type { VegaLiteSpec, ChartOptions } from "./spec.js";
export { latencyChart, type LatencyChartOptions } from "./latencyChart.js";
export {
  sweepChart,
  utilizationChart,
  throughputChart,
  type SweepChartOptions,
} from "./metricChart.js";
export { cdfChart, type CdfChartOptions } from "./cdfChart.js";
export { compareChart, type CompareChartOptions } from "./compareChart.js";
export { xyChart, type XySeries, type XyChartOptions } from "./xyChart.js";
export { tierUtilizationChart, type TierUtilizationChartOptions } from "./tierChart.js";
export { heatmapChart, type HeatmapCell, type HeatmapChartOptions } from "./heatmapChart.js";
export { renderSvg, ChartsUnavailableError } from "./renderSvg.js";
export { showChart, showTable, type NotebookDisplay } from "./display.js";
export {
  perMonth,
  tierMachines,
  stackTable,
  planTraceTable,
  planTiersTable,
  type StringTable,
  type PlanTableOptions,
} from "./planTables.js";
export { stepPoints } from "./stepPoints.js";
export { sliderChart, type SliderChartOptions, type ChartRule } from "./sliderChart.js";
export type { ChartControl } from "./chartControls.js";
