import { ModelInputError } from "../errors.js";
import { assertObject } from "../validate.js";

/** The values each parameter of a {@link sweepGrid} takes, by name: numbers or names. */
export type GridAxes = Record<string, readonly (number | string)[]>;

/** One point of a grid: a value for every parameter of the axes. */
export type GridPoint<A extends GridAxes> = { [K in keyof A]: A[K][number] };

/** The most points a grid may have: a chart's data travels inside the notebook that shows it. */
const MAX_POINTS = 100_000;

/**
 * Evaluates a function at every combination of a few parameters — the precomputed data behind
 * a chart whose sliders pick one combination ({@link pywebperf/charts!sliderChart | sliderChart}). Each row holds the point's
 * parameters and what `compute` returned for it; the first axis varies slowest.
 *
 * @param axes - The values of each parameter, e.g. `{ servers: [4, 8], arrivalRatePerSec: [100, 200] }`.
 * @param compute - The figures at one point, e.g. `(p) => ({ p99Ms: … })`.
 * @returns One row per combination: the point's parameters and the figures, in grid order.
 * @throws {@link ModelInputError} when an axis is not a non-empty array of finite numbers or
 *   strings, when there is no axis, or when the grid would have more than 100000 points.
 * @example
 * ```ts
 * sweepGrid({ servers: [1, 2], arrivalRatePerSec: [10, 20] }, (p) => ({ rho: p.arrivalRatePerSec * 0.02 / p.servers }))[3]; // => {"servers":2,"arrivalRatePerSec":20,"rho":0.2}
 * ```
 */
export function sweepGrid<A extends GridAxes, R extends object>(
  axes: A,
  compute: (point: GridPoint<A>) => R,
): (GridPoint<A> & R)[] {
  const o = assertObject("sweepGrid", axes, "axes");
  const names = Object.keys(o);
  if (names.length === 0) {
    throw new ModelInputError("sweepGrid", "axes", axes, "an object of at least one parameter");
  }
  if (typeof compute !== "function") {
    throw new ModelInputError("sweepGrid", "compute", compute, "a function of a grid point");
  }
  let size = 1;
  for (const name of names) {
    const values = o[name];
    const valid = (v: unknown) => typeof v === "string" || (typeof v === "number" && isFinite(v));
    if (!Array.isArray(values) || values.length === 0 || !values.every(valid)) {
      throw new ModelInputError(
        "sweepGrid",
        `axes.${name}`,
        values,
        "a non-empty array of finite numbers or strings",
      );
    }
    size *= values.length;
  }
  if (size > MAX_POINTS) {
    throw new ModelInputError("sweepGrid", "axes", size, `a grid of at most ${MAX_POINTS} points`);
  }
  let points: Record<string, number | string>[] = [{}];
  for (const name of names) {
    const values = o[name] as readonly (number | string)[];
    points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  }
  return points.map((p) => {
    const point = p as GridPoint<A>;
    return { ...point, ...compute(point) };
  });
}
