import type { SweepMetric } from "./sweep.js";

// What every chart shares: the spec type, axis titles for swept parameters, unit conversions.

/** A vega-lite specification (v5 schema, which vega-lite 5 and 6 and JupyterLab render). */
export interface VegaLiteSpec {
  $schema: string;
  [key: string]: unknown;
}

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** Options every chart takes. */
export interface ChartOptions {
  /** Chart title. */
  title?: string;
  /** Title of the x axis. @defaultValue derived from the swept parameter's name */
  xTitle?: string;
  /** Width in pixels. @defaultValue 480 */
  width?: number;
  /** Height in pixels. @defaultValue 280 */
  height?: number;
}

const TITLES: Record<string, string> = {
  arrivalRatePerSec: "Arrival rate (requests/s)",
  serviceTimeSec: "Service time (ms)",
  servers: "Servers (workers)",
  population: "Clients in the loop (N)",
  thinkTimeSec: "Think time (ms)",
  capacity: "Capacity K",
  serviceTimeScv: "Service-time SCV",
  arrivalScv: "Inter-arrival SCV",
};

/** Axis title for a swept parameter: known names get words, `…Sec` fields are shown in ms. */
export function parameterTitle(parameter: string): string {
  return TITLES[parameter] ?? (isSeconds(parameter) ? `${parameter} (ms)` : parameter);
}

/** A parameter value as plotted: seconds become milliseconds. */
export function parameterValue(parameter: string, x: number): number {
  return isSeconds(parameter) ? x * 1000 : x;
}

export function isSeconds(field: string): boolean {
  return /(?<!Per)Sec$/.test(field);
}

/** The frame of a single-view chart. */
export function frame(options: ChartOptions, defaultTitle: string): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title: options.title ?? defaultTitle,
    width: options.width ?? 480,
    height: options.height ?? 280,
  };
}

/** Rows whose plotted value is a finite number (unbounded points past saturation are left out). */
export function finiteRows<T extends Record<string, unknown>>(rows: T[], field: keyof T): T[] {
  return rows.filter((r) => Number.isFinite(r[field]));
}

const METRIC_TITLES: Record<SweepMetric, string> = {
  utilization: "Utilization (%)",
  throughputPerSec: "Throughput (requests/s)",
  blockingProbability: "Blocked (%)",
  meanInSystem: "Mean requests in system",
  meanWaitSec: "Mean wait (ms)",
  meanResponseTimeSec: "Mean response time (ms)",
  p50Sec: "p50 response time (ms)",
  p95Sec: "p95 response time (ms)",
  p99Sec: "p99 response time (ms)",
};

/** A metric as plotted: seconds in ms, fractions in percent. */
export function plottedValue(metric: SweepMetric, value: number): number {
  if (isSeconds(metric)) return value * 1000;
  if (metric === "utilization" || metric === "blockingProbability") return value * 100;
  return value;
}

/** Axis title of a sweep metric, with the plotted unit. */
export function metricTitle(metric: SweepMetric): string {
  return METRIC_TITLES[metric];
}
