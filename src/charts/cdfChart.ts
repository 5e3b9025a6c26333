import { ModelInputError } from "../errors.js";
import type { QueueResult } from "../queueing/types.js";
import { frame, type ChartOptions, type VegaLiteSpec } from "./spec.js";

/** Options of {@link cdfChart}. */
export interface CdfChartOptions extends ChartOptions {
  /** Right end of the time axis in ms. @defaultValue 1.2 × the p99.9 response time */
  maxMs?: number;
  /** Number of points per curve. @defaultValue 120 */
  points?: number;
}

/**
 * Latency as a distribution: the CDFs of the response time and of the wait of one model result,
 * with the mean and the p50/p95/p99 response times marked — why a mean alone hides the tail.
 *
 * @param result - A stable single-station result, e.g. from {@link mmc}.
 * @param options - Time range, resolution, titles and size.
 * @returns A vega-lite spec (plain JSON).
 * @throws {@link ModelInputError} when the result is not stable (its CDFs are 0 everywhere).
 * @example
 * ```ts
 * cdfChart(mmc({ arrivalRatePerSec: 80, serviceTimeSec: 0.02, servers: 2 }), { points: 10 }).layer[0].data.values.length; // => 20
 * ```
 */
export function cdfChart(result: QueueResult, options: CdfChartOptions = {}): VegaLiteSpec {
  if (!result.stable) {
    throw new ModelInputError("cdfChart", "result", result.model, "a stable result");
  }
  const top = options.maxMs ?? 1.2 * 1000 * result.responseTimeQuantileSec(0.999);
  const n = options.points ?? 120;
  const curves = [];
  for (let i = 0; i < n; i++) {
    const ms = (top * i) / (n - 1);
    curves.push({ ms, curve: "response time", p: result.responseTimeCdf(ms / 1000) });
    curves.push({ ms, curve: "wait", p: result.waitTimeCdf(ms / 1000) });
  }
  const marks = [
    { label: "mean", ms: result.meanResponseTimeSec * 1000 },
    ...[0.5, 0.95, 0.99].map((p) => ({
      label: `p${p * 100}`,
      ms: result.responseTimeQuantileSec(p) * 1000,
    })),
  ];
  const x = { field: "ms", type: "quantitative", title: "Time (ms)", scale: { domain: [0, top] } };
  return {
    ...frame(options, `Distribution of response time and wait — ${result.model}`),
    layer: [
      {
        data: { values: curves },
        mark: { type: "line", clip: true },
        encoding: {
          x,
          y: { field: "p", type: "quantitative", title: "P(time ≤ t)", scale: { domain: [0, 1] } },
          color: { field: "curve", type: "nominal", title: null },
        },
      },
      {
        data: { values: marks },
        mark: { type: "rule", strokeDash: [4, 3], color: "#666", clip: true },
        encoding: { x },
      },
      {
        data: { values: marks },
        mark: { type: "text", angle: 270, align: "left", dx: -4, dy: -6, y: 4, color: "#444" },
        encoding: { x, text: { field: "label" } },
      },
    ],
  };
}
