import { ModelInputError } from "../errors.js";
import { frame, type ChartOptions, type VegaLiteSpec } from "./spec.js";

/**
 * The legend's longest label, in pixels. Rendered without a canvas (renderSvg in Node), vega
 * estimates a label's width at 0.8 × the font size per character, about half again its real width,
 * so a limit of 320 px cut labels of 40 characters that would have fitted.
 */
const LABEL_LIMIT_PX = 480;

/** One line of an {@link xyChart}. */
export interface XySeries {
  /** Legend label. */
  label: string;
  /** The points, in x order; points with a non-finite y are left out. */
  points: readonly { x: number; y: number }[];
  /**
   * `"line"` (models: a solid line), `"dashed"` (bounds, targets), `"points"` (measurements:
   * filled dots, no line), or `"step"` (a quantity that jumps between whole units, such as the
   * cost of whole machines: level from each point to the next). The legend draws each series in
   * its style. @defaultValue "line"
   */
  style?: "line" | "dashed" | "points" | "step";
}

/** Options of {@link xyChart}. */
export interface XyChartOptions extends ChartOptions {
  xTitle: string;
  yTitle: string;
  /** Top of the y axis; higher values are clipped. @defaultValue the largest finite y */
  maxY?: number;
}

/**
 * A chart of any series of (x, y) points — measured data, model curves and bounds together, e.g.
 * throughput against concurrency with its asymptotic bounds, or a fitted scalability curve over
 * the measurements it was fitted to.
 *
 * @param series - One entry per line or set of points.
 * @param options - Axis titles (required), clipping, title and size.
 * @returns A vega-lite spec (plain JSON).
 * @throws {@link ModelInputError} when `series` is empty.
 * @example
 * ```ts
 * xyChart([{ label: "measured", points: [{ x: 1, y: 10 }, { x: 2, y: Infinity }], style: "points" }], { xTitle: "clients", yTitle: "req/s" }).layer[0].data.values.length; // => 1
 * ```
 */
export function xyChart(series: readonly XySeries[], options: XyChartOptions): VegaLiteSpec {
  if (!Array.isArray(series as unknown) || series.length === 0) {
    throw new ModelInputError("xyChart", "series", series, "a non-empty array of series");
  }
  const values = series.map((s) =>
    s.points
      .filter((p) => Number.isFinite(p.y) && Number.isFinite(p.x))
      .map((p) => ({ x: p.x, y: p.y, series: s.label })),
  );
  const top = options.maxY ?? Math.max(0, ...values.flat().map((v) => v.y));
  const labels = series.map((s) => s.label);
  const styles = series.map((s) => s.style ?? "line");
  // Colour, dash and symbol all encode the series, so that vega-lite draws one legend whose
  // symbols show each series as it is drawn: a solid or dashed stroke for a line, a dot for points.
  const legendScale = <T>(range: (style: XySeries["style"]) => T) => ({
    domain: labels,
    range: styles.map(range),
  });
  const bySeries = { field: "series", type: "nominal", title: null, sort: labels };
  const encoding = {
    // The padding keeps a point at either end of the axis whole instead of cut in half; without
    // `nice`, it does not round the axis out to a tick below zero.
    x: {
      field: "x",
      type: "quantitative",
      title: options.xTitle,
      scale: { padding: 8, nice: false },
    },
    y: { field: "y", type: "quantitative", title: options.yTitle, scale: { domain: [0, top] } },
    color: {
      ...bySeries,
      scale: { domain: labels },
      legend: { orient: "bottom", direction: "vertical", labelLimit: LABEL_LIMIT_PX },
    },
    strokeDash: { ...bySeries, scale: legendScale((s) => (s === "dashed" ? [6, 4] : [1, 0])) },
    shape: { ...bySeries, scale: legendScale((s) => (s === "points" ? "circle" : "stroke")) },
  };
  const layer = styles.map((style, i) => {
    const mark =
      style === "points"
        ? { type: "point", filled: true, size: 60, clip: true }
        : style === "step"
          ? { type: "line", interpolate: "step-after", clip: true }
          : { type: "line", clip: true };
    return { data: { values: values[i] }, mark, encoding };
  });
  return { ...frame(options, `${options.yTitle} against ${options.xTitle.toLowerCase()}`), layer };
}
