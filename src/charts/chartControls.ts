import { ModelInputError } from "../errors.js";
import { parameterTitle } from "./spec.js";

/** A slider or selector of a {@link sliderChart}: which value of one grid parameter is drawn. */
export interface ChartControl {
  /** The field of the rows the control picks a value of, e.g. `"servers"`. */
  field: string;
  /** The control's label. @defaultValue words for known parameter names, else `field` */
  label?: string;
  /**
   * `"range"` (a slider over the numbers; a position between two values of the grid shows the
   * nearest), `"select"` (a drop-down list) or `"radio"` (buttons).
   * @defaultValue "range" when every value is a number, else "select"
   */
  input?: "range" | "select" | "radio";
  /** The value drawn first, and in the static SVG. @defaultValue the smallest (the first name) */
  initial?: number | string;
}

/** What the controls put into a spec: the params, the filter of the grid's rows, the subtitle. */
export interface ControlParts {
  params: object[];
  /** A vega expression true for the rows of the values picked. */
  filter: string;
  /** A vega expression: every control's label and the value it picked. */
  subtitle: string;
}

/** A field name as a vega identifier. */
function identifier(field: string): string {
  return field.replace(/[^A-Za-z0-9_]/g, "_");
}

/** The distinct values of a field: numbers in ascending order, names as they first appear. */
function distinct(rows: readonly Record<string, unknown>[], field: string, at: string) {
  const seen = new Set<number | string>();
  rows.forEach((row, i) => {
    const v = row[field];
    if (!(typeof v === "string" || (typeof v === "number" && isFinite(v)))) {
      throw new ModelInputError(
        "sliderChart",
        `rows[${i}].${field}`,
        v,
        `a finite number or a string (${at})`,
      );
    }
    seen.add(v);
  });
  const values = [...seen];
  const numbers = values.filter((v) => typeof v === "number");
  if (numbers.length > 0 && numbers.length < values.length) {
    throw new ModelInputError("sliderChart", at, values, "a field of all numbers or all strings");
  }
  return numbers.length > 0 ? numbers.sort((a, b) => a - b) : values;
}

/** A vega expression mapping a slider's position to the grid value nearest it. */
function nearest(signal: string, values: readonly number[]): string {
  let expr = JSON.stringify(values[values.length - 1]);
  for (let i = values.length - 1; i > 0; i--) {
    const middle = (values[i - 1]! + values[i]!) / 2;
    expr = `${signal} < ${middle} ? ${JSON.stringify(values[i - 1])} : ${expr}`;
  }
  return expr;
}

/** The smallest gap between consecutive values, to 12 significant digits (float noise off). */
function smallestGap(values: readonly number[]): number {
  const gaps = values.slice(1).map((v, i) => v - values[i]!);
  return gaps.length === 0 ? 1 : Number(Math.min(...gaps).toPrecision(12));
}

/**
 * The vega-lite params of a chart's controls — per control, one bound to the input and one
 * holding the grid value it picks — with the filter that keeps the rows of the picked values
 * and a subtitle that names them.
 */
export function controlParts(
  rows: readonly Record<string, unknown>[],
  controls: readonly ChartControl[],
  plotted: readonly string[],
): ControlParts {
  if (!Array.isArray(controls as unknown) || controls.length === 0) {
    throw new ModelInputError("sliderChart", "controls", controls, "a non-empty array of controls");
  }
  const names = new Set<string>();
  const params: object[] = [];
  const tests: string[] = [];
  const words: string[] = [];
  controls.forEach((control, i) => {
    const at = `controls[${i}]`;
    const field = control.field;
    if (typeof field !== "string" || plotted.includes(field) || names.has(identifier(field))) {
      throw new ModelInputError(
        "sliderChart",
        `${at}.field`,
        field,
        "a field of the rows that no other control or axis uses",
      );
    }
    names.add(identifier(field));
    const values = distinct(rows, field, `${at}.field`);
    const numeric = values.every((v) => typeof v === "number");
    const input = control.input ?? (numeric ? "range" : "select");
    if (input === "range" && !numeric) {
      throw new ModelInputError(
        "sliderChart",
        `${at}.input`,
        input,
        `"select" or "radio" for a field with names`,
      );
    }
    if (!["range", "select", "radio"].includes(input)) {
      throw new ModelInputError(
        "sliderChart",
        `${at}.input`,
        input,
        `"range", "select" or "radio"`,
      );
    }
    const initial = control.initial ?? values[0]!;
    if (!values.includes(initial)) {
      throw new ModelInputError(
        "sliderChart",
        `${at}.initial`,
        initial,
        `one of the values of \`${field}\` in the rows`,
      );
    }
    const label = control.label ?? parameterTitle(field);
    const bound = `control_${identifier(field)}`;
    const shown = `shown_${identifier(field)}`;
    const bind =
      input === "range"
        ? {
            input,
            min: values[0],
            max: values[values.length - 1],
            step: smallestGap(values as number[]),
            name: `${label} `,
          }
        : { input, options: values, name: `${label} ` };
    params.push({ name: bound, value: initial, bind });
    params.push({
      name: shown,
      expr: input === "range" ? nearest(bound, values as number[]) : bound,
    });
    tests.push(`datum[${JSON.stringify(field)}] === ${shown}`);
    words.push(`${JSON.stringify(`${label}: `)} + ${shown}`);
  });
  return { params, filter: tests.join(" && "), subtitle: words.join(` + " · " + `) };
}
