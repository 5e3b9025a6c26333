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
   * @defaultValue the value to 4 significant digits ({@link human}); "∞" for `Infinity`; nothing for `NaN`
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
   * Top of the colour scale: larger values get the top colour (their text still shows the value),
   * and the legend's top label reads "≥ maxValue".
   * @defaultValue the largest finite value
   */
  maxValue?: number;
  /**
   * Centre a diverging colour scale on this value, e.g. the SLO or the memory available: cells
   * under it in one hue, deeper the further under, cells over it in the other, and the middle
   * colour at the target itself. The legend marks it, named by `targetLabel`.
   * @defaultValue none: a sequential scale from the smallest value to the largest
   */
  target?: number;
  /**
   * What the target is, written in the legend beside its tick, e.g. `"SLO 250 ms"`.
   * @defaultValue `"target"`
   */
  targetLabel?: string;
  /**
   * A vega colour scheme.
   * @defaultValue "yelloworangered" — pale for low values, dark red for high ones (latency, memory);
   * "blueorange" with a `target` — blue under it, orange over it
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
 * to top in the order they first appear in `cells`. A cell whose value is not finite is drawn
 * grey rather than in the top colour: an overloaded configuration's `Infinity` is written "∞"
 * (or its `label`), a `NaN` has no text unless labelled; the spec stays plain JSON.
 *
 * With a `target` (an SLO, the memory available) the colour scale diverges from it: the middle
 * colour sits at the target (`domainMid`), values under it grade into one hue and values over it
 * into the other, and the legend shows the target as a labelled tick. Values clamped at
 * `maxValue` keep their own text, and the legend's top reads "≥ maxValue".
 *
 * @param cells - One entry per cell: column `x`, row `y`, `value`, optional `label`.
 * @param options - Axis and legend titles (required), colour scale, target, chart title and size.
 * @returns A vega-lite spec (plain JSON): grey cells, coloured cells, text.
 * @throws {@link ModelInputError} when `cells` is empty, or `maxValue` or `target` is not a finite number.
 * @example
 * ```ts
 * heatmapChart([{ x: 1, y: 4, value: 0.2 }, { x: 2, y: 4, value: Infinity }], { xTitle: "Processes", yTitle: "Threads", valueTitle: "p99 (s)" }).layer[1].data.values.length; // => 1
 * // Centred on an SLO of 250 ms: the middle of the colour scale is the SLO.
 * heatmapChart([{ x: 1, y: 4, value: 190 }, { x: 2, y: 4, value: 400 }], { xTitle: "Processes", yTitle: "Threads", valueTitle: "p99 (ms)", target: 250 }).layer[1].encoding.color.scale.domainMid; // => 250
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
  if (options.target !== undefined && !Number.isFinite(options.target)) {
    throw new ModelInputError("heatmapChart", "target", options.target, "a finite number");
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
    .map((c) => ({
      x: String(c.x),
      y: String(c.y),
      text: c.label ?? (c.value === Infinity ? "∞" : ""),
    }));
  const { scale, legend, dark } = valueColour(
    finite.map((c) => c.value),
    options,
  );
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
            scale,
            ...legend,
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
              test: `isValid(datum.value) && ${dark}`,
              value: "white",
            },
            value: "black",
          },
        },
      },
    ],
  };
}

/**
 * The colour scale of a heatmap's values: sequential, or diverging around `options.target`; its
 * legend with the target and a clamped top named; and the test for cells dark enough to need
 * white text.
 */
function valueColour(values: number[], options: HeatmapChartOptions) {
  const target = options.target;
  const low = Math.min(...values, ...(target === undefined ? [] : [target]));
  const high = Math.max(...values, ...(target === undefined ? [] : [target]));
  const top = options.maxValue ?? (Number.isFinite(high) ? high : 1);
  const bottom = Number.isFinite(low) ? Math.min(low, top) : 0;
  const domain = [bottom, target === undefined ? top : Math.max(top, target)];
  const reverse = options.reverse ?? false;
  const dark =
    target === undefined
      ? // White text on the dark end of the scale: the top 40 % (the bottom 40 % when reversed).
        `datum.value ${reverse ? "<" : ">"} ${domain[0]! + (reverse ? 0.4 : 0.6) * (domain[1]! - domain[0]!)}`
      : // Both ends of a diverging scale are dark: the outer 40 % of each half.
        `(datum.value < ${target - 0.6 * (target - domain[0]!)} || datum.value > ${target + 0.6 * (domain[1]! - target)})`;
  const scale =
    target === undefined
      ? { scheme: options.scheme ?? "yelloworangered", domain, clamp: true, reverse }
      : { scheme: options.scheme ?? "blueorange", domain, domainMid: target, clamp: true, reverse };
  // Legend ticks named in words: the target, and the top when values above it were clamped to it.
  const named: string[] = [];
  if (target !== undefined) {
    named.push(
      `datum.value === ${target} ? ${JSON.stringify(`${human(target)}: ${options.targetLabel ?? "target"}`)}`,
    );
  }
  if (values.some((v) => v > domain[1]!)) {
    named.push(`datum.value === ${domain[1]!} ? ${JSON.stringify(`≥ ${human(domain[1]!)}`)}`);
  }
  const legend =
    named.length === 0
      ? {}
      : {
          legend: {
            values: [
              ...new Set([domain[0]!, ...(target === undefined ? [] : [target]), domain[1]!]),
            ],
            labelExpr: [...named, "datum.label"].join(" : "),
            labelOverlap: false,
          },
        };
  return { scale, legend, dark };
}
