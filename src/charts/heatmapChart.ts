import { ModelInputError } from "../errors.js";
import { human } from "./format.js";
import { frame, type ChartOptions, type VegaLiteSpec } from "./spec.js";

/** One cell of a {@link heatmapChart}. */
export interface HeatmapCell {
  /** Column: a number or a name, e.g. the number of processes. */
  x: number | string;
  /** Row: a number or a name, e.g. the number of threads. */
  y: number | string;
  /** The value the cell's colour shows; a cell with `Infinity` or `NaN` is drawn grey. */
  value: number;
  /**
   * Text written in the cell in place of its value, e.g. `"overload"` for an infinite one.
   * @defaultValue the value to 4 significant digits ({@link human}); nothing for a non-finite value
   */
  label?: string;
}

/** Options of {@link heatmapChart}. */
export interface HeatmapChartOptions extends ChartOptions {
  /** Title of the x axis (the columns). */
  xTitle: string;
  /** Title of the y axis (the rows). */
  yTitle: string;
  /** Title of the colour legend, with the unit of the values, e.g. `"p99 (ms)"`. */
  valueTitle: string;
  /**
   * Top of the colour scale: larger values get the top colour (their text still shows the value).
   * @defaultValue the largest finite value
   */
  maxValue?: number;
  /**
   * A vega colour scheme.
   * @defaultValue "yelloworangered" — pale for low values, dark red for high ones (latency, memory)
   */
  scheme?: string;
  /** Reverse the scheme, dark for low values: for metrics where high is good, such as capacity. @defaultValue false */
  reverse?: boolean;
}

/** Distinct keys in order of first appearance. */
function keys(values: readonly (number | string)[]): string[] {
  return [...new Set(values.map(String))];
}

/**
 * A grid of coloured cells with the value written in each — e.g. the p99 response time or the
 * memory of every processes × threads configuration. Columns run left to right and rows bottom
 * to top in the order they first appear in `cells`. A cell whose value is not finite (an
 * overloaded configuration's `Infinity`) is drawn grey, with its `label` if it has one and no
 * text otherwise, so the spec stays plain JSON.
 *
 * @param cells - One entry per cell: column `x`, row `y`, `value`, optional `label`.
 * @param options - Axis and legend titles (required), colour scale, chart title and size.
 * @returns A vega-lite spec (plain JSON): grey cells, coloured cells, text.
 * @throws {@link ModelInputError} when `cells` is empty or `maxValue` is not a finite number.
 * @example
 * ```ts
 * heatmapChart([{ x: 1, y: 4, value: 0.2 }, { x: 2, y: 4, value: Infinity }], { xTitle: "Processes", yTitle: "Threads", valueTitle: "p99 (s)" }).layer[1].data.values.length; // => 1
 * ```
 */
export function heatmapChart(
  cells: readonly HeatmapCell[],
  options: HeatmapChartOptions,
): VegaLiteSpec {
  if (!Array.isArray(cells as unknown) || cells.length === 0) {
    throw new ModelInputError("heatmapChart", "cells", cells, "a non-empty array of cells");
  }
  if (options.maxValue !== undefined && !Number.isFinite(options.maxValue)) {
    throw new ModelInputError("heatmapChart", "maxValue", options.maxValue, "a finite number");
  }
  const columns = keys(cells.map((c) => c.x));
  const rows = keys(cells.map((c) => c.y));
  const finite = cells
    .filter((c) => Number.isFinite(c.value))
    .map((c) => ({
      x: String(c.x),
      y: String(c.y),
      value: c.value,
      text: c.label ?? human(c.value),
    }));
  const grey = cells
    .filter((c) => !Number.isFinite(c.value))
    .map((c) => ({ x: String(c.x), y: String(c.y), text: c.label ?? "" }));
  const values = finite.map((c) => c.value);
  const low = values.length > 0 ? Math.min(...values) : 0;
  const top = options.maxValue ?? (values.length > 0 ? Math.max(...values) : 1);
  const domain = [Math.min(low, top), top];
  const reverse = options.reverse ?? false;
  // White text on the dark end of the scale: the top 40 % (the bottom 40 % when reversed).
  const split = domain[0]! + (reverse ? 0.4 : 0.6) * (domain[1]! - domain[0]!);
  const encoding = {
    x: {
      field: "x",
      type: "ordinal",
      title: options.xTitle,
      scale: { domain: columns },
      axis: { labelAngle: 0 },
    },
    y: {
      field: "y",
      type: "ordinal",
      title: options.yTitle,
      scale: { domain: [...rows].reverse() },
    },
  };
  return {
    ...frame(
      options,
      `${options.valueTitle} by ${options.xTitle.toLowerCase()} and ${options.yTitle.toLowerCase()}`,
    ),
    layer: [
      { data: { values: grey }, mark: { type: "rect", color: "#d9d9d9" }, encoding },
      {
        data: { values: finite },
        mark: "rect",
        encoding: {
          ...encoding,
          color: {
            field: "value",
            type: "quantitative",
            title: options.valueTitle,
            scale: { scheme: options.scheme ?? "yelloworangered", domain, clamp: true, reverse },
          },
        },
      },
      {
        data: { values: [...finite, ...grey].filter((c) => c.text !== "") },
        mark: { type: "text", fontSize: 10 },
        encoding: {
          ...encoding,
          text: { field: "text" },
          color: {
            condition: {
              test: `isValid(datum.value) && datum.value ${reverse ? "<" : ">"} ${split}`,
              value: "white",
            },
            value: "black",
          },
        },
      },
    ],
  };
}
