import type { Sweep } from "./sweep.js";
import {
  finiteRows,
  frame,
  parameterTitle,
  parameterValue,
  type ChartOptions,
  type VegaLiteSpec,
} from "./spec.js";

/** Options of {@link latencyChart}. */
export interface LatencyChartOptions extends ChartOptions {
  /** Top of the latency axis in ms; higher values are clipped. @defaultValue the largest finite p99 */
  maxLatencyMs?: number;
  /** A latency target (SLO) in ms, drawn as a horizontal rule. */
  targetMs?: number;
}

const SERIES = [
  ["mean", "meanResponseTimeSec"],
  ["p50", "p50Sec"],
  ["p95", "p95Sec"],
  ["p99", "p99Sec"],
] as const;

/**
 * The "hockey stick": mean, p50, p95 and p99 response time against the swept parameter, with the
 * band between p95 and p99 shaded. Points past saturation (`Infinity`) are left out, so a sweep
 * into overload draws up to the wall.
 *
 * @param data - A {@link sweep} result.
 * @param options - Titles, size, `maxLatencyMs` clip and `targetMs` rule.
 * @returns A vega-lite spec (plain JSON).
 * @example
 * ```ts
 * latencyChart(sweep({ model: mm1, input: { arrivalRatePerSec: 0, serviceTimeSec: 0.02 }, parameter: "arrivalRatePerSec", values: [10, 20] })).layer.length; // => 2
 * ```
 */
export function latencyChart(data: Sweep, options: LatencyChartOptions = {}): VegaLiteSpec {
  const p = data.parameter;
  const lines = data.rows.flatMap((r) =>
    SERIES.map(([series, field]) => ({ x: parameterValue(p, r.x), series, ms: r[field] * 1000 })),
  );
  const band = data.rows.map((r) => ({
    x: parameterValue(p, r.x),
    p95: r.p95Sec * 1000,
    p99: r.p99Sec * 1000,
  }));
  const finiteLines = finiteRows(lines, "ms");
  const finiteBand = finiteRows(band, "p99");
  const top = options.maxLatencyMs ?? Math.max(0, ...finiteLines.map((l) => l.ms));
  const x = { field: "x", type: "quantitative", title: options.xTitle ?? parameterTitle(p) };
  const y = {
    field: "ms",
    type: "quantitative",
    title: "Response time (ms)",
    scale: { domain: [0, top] },
  };
  const layer: object[] = [
    {
      data: { values: finiteBand },
      mark: { type: "area", opacity: 0.15, color: "#d62728", clip: true },
      encoding: { x, y: { ...y, field: "p95" }, y2: { field: "p99" } },
    },
    {
      data: { values: finiteLines },
      mark: { type: "line", point: true, clip: true },
      encoding: {
        x,
        y,
        color: {
          field: "series",
          type: "nominal",
          title: "Response time",
          sort: SERIES.map(([s]) => s),
        },
      },
    },
  ];
  if (options.targetMs !== undefined) {
    layer.push({
      data: { values: [{ target: options.targetMs }] },
      mark: { type: "rule", strokeDash: [6, 4], color: "#555" },
      encoding: { y: { field: "target", type: "quantitative" } },
    });
  }
  return { ...frame(options, `Response time against ${parameterTitle(p).toLowerCase()}`), layer };
}
