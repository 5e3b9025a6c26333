import { ModelInputError } from "../errors.js";
import { controlParts, type ChartControl } from "./chartControls.js";
import { csvData } from "./csvData.js";
import { frame, type ChartOptions, type VegaLiteSpec } from "./spec.js";

/** A reference line of a {@link sliderChart}: horizontal at `y` (a target) or vertical at `x` (a load). */
export interface ChartRule {
  /** Where a horizontal line crosses the y axis, in the y field's units. */
  y?: number;
  /** Where a vertical line crosses the x axis, in the x field's units. */
  x?: number;
  /** Text written at the line's end, e.g. `"target 100 ms"`. */
  label: string;
}

/** Options of {@link sliderChart}. */
export interface SliderChartOptions extends ChartOptions {
  /** The field of the rows on the x axis, plotted as it is. */
  x: string;
  /** The field of the rows on the y axis, plotted as it is; rows where it is not finite are left out. */
  y: string;
  /** A field whose values are drawn as separate lines, with a legend. @defaultValue one line */
  series?: string;
  xTitle: string;
  yTitle: string;
  /** The sliders and selectors: one per grid parameter not on an axis or in `series`. */
  controls: readonly ChartControl[];
  /** Top of the y axis, the same for every value of the controls. @defaultValue the largest finite y of the grid */
  maxY?: number;
  /** Dashed reference lines, drawn whatever the controls pick. */
  rules?: readonly ChartRule[];
}

/** A plotted number to 6 significant digits: the data travels in the notebook, float noise need not. */
const compact = (v: number) => Number(v.toPrecision(6));

/**
 * A line chart over a precomputed grid with sliders and selectors: each control picks the value
 * of one grid parameter (workers, threads, load…) and the chart draws the rows that have the
 * values picked, so a reader moves a slider in JupyterLab (or any vega-lite front end) without
 * running anything. The controls are vega-lite `params` bound to inputs, and the rows are picked
 * by a `filter` on them; a static rendering ({@link renderSvg}, the docs, GitHub) draws the
 * controls' initial values and names them in the subtitle. The axes span the whole grid, so
 * that moving a control moves the line, not the axes. A slider over uneven values (1, 2, 4, 8)
 * shows the grid value nearest its position, named in the subtitle.
 *
 * @param rows - The grid, e.g. from {@link sweepGrid}: every row carries the controls' fields and the x, y (and series) fields.
 * @param options - The x, y and series fields with their titles, the controls, rules, `maxY`, title and size.
 * @returns A vega-lite spec (plain JSON): the rows as CSV text (compact in a notebook), x and y
 *   rounded to 6 significant digits, rows with a non-finite x or y left out.
 * @throws {@link ModelInputError} when `rows` is empty, a row lacks a control's value, a control
 *   is on an axis or repeated, or its `initial` is not a value of the grid.
 * @example
 * ```ts
 * const rows = sweepGrid({ servers: [1, 2], arrivalRatePerSec: [10, 20] }, (p) => ({ rho: (p.arrivalRatePerSec * 0.02) / p.servers }));
 * sliderChart(rows, { x: "arrivalRatePerSec", y: "rho", xTitle: "req/s", yTitle: "utilization", controls: [{ field: "servers", initial: 2 }] }).params[0].value; // => 2
 * ```
 */
export function sliderChart(
  rows: readonly Record<string, unknown>[],
  options: SliderChartOptions,
): VegaLiteSpec {
  if (!Array.isArray(rows as unknown) || rows.length === 0) {
    throw new ModelInputError("sliderChart", "rows", rows, "a non-empty array of grid rows");
  }
  const { x, y, series } = options;
  const plotted = series === undefined ? [x, y] : [x, y, series];
  const parts = controlParts(rows, options.controls, plotted);
  const picked = [
    ...options.controls.map((c) => c.field),
    ...(series === undefined ? [] : [series]),
  ];
  const values = rows
    .filter((r) => isFinite(r[x] as number) && isFinite(r[y] as number))
    .map((r) => ({
      ...Object.fromEntries(picked.map((f) => [f, r[f]])),
      [x]: compact(r[x] as number),
      [y]: compact(r[y] as number),
    }));
  const xs = values.map((v) => v[x] as number);
  const top = options.maxY ?? Math.max(0, ...values.map((v) => v[y] as number));
  const names = series === undefined ? [] : [...new Set(values.map((v) => v[series]))];
  const line = {
    transform: [{ filter: parts.filter }],
    mark: { type: "line", point: true, clip: true, tooltip: true },
    encoding: {
      x: {
        field: x,
        type: "quantitative",
        title: options.xTitle,
        scale: { domain: [Math.min(...xs), Math.max(...xs)], nice: false },
      },
      y: { field: y, type: "quantitative", title: options.yTitle, scale: { domain: [0, top] } },
      ...(series === undefined
        ? {}
        : {
            color: {
              field: series,
              type: "nominal",
              title: null,
              scale: { domain: names },
              legend: { orient: "bottom" },
            },
          }),
    },
  };
  const base = frame(options, `${options.yTitle} against ${options.xTitle.toLowerCase()}`);
  return {
    ...base,
    title: { text: base.title, subtitle: { expr: parts.subtitle } },
    params: parts.params,
    data: csvData(values, [...picked, x, y]),
    layer: [line, ...(options.rules ?? []).map(ruleLayer)],
  };
}

/** A dashed reference line with its label, on data of its own (the controls do not filter it). */
function ruleLayer(rule: ChartRule, i: number): object {
  const horizontal = rule.y !== undefined;
  const at = horizontal ? rule.y : rule.x;
  if (!isFinite(at as number) || (rule.x !== undefined) === horizontal) {
    throw new ModelInputError(
      "sliderChart",
      `rules[${i}]`,
      rule,
      "one finite `x` or `y` with a label",
    );
  }
  const position = horizontal ? "y" : "x";
  return {
    data: { values: [{ at, label: rule.label }] },
    layer: [
      {
        mark: { type: "rule", strokeDash: [6, 4], color: "#555" },
        encoding: { [position]: { field: "at", type: "quantitative" } },
      },
      {
        mark: horizontal
          ? { type: "text", align: "right", baseline: "bottom", dy: -2, x: "width", color: "#555" }
          : { type: "text", align: "left", baseline: "top", dx: 3, y: 0, color: "#555" },
        encoding: { [position]: { field: "at", type: "quantitative" }, text: { field: "label" } },
      },
    ],
  };
}
