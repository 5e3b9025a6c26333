import { ModelInputError } from "./errors.js";

// Assertion helpers shared by every public model. Each check is written in the NaN-safe form
// `!(x >= 0)` so that NaN, undefined and non-numbers fail it. A -0 that passes comes back as 0
// (`+ 0`), so that no model divides by it into -Infinity.

/** Asserts a finite number >= 0. */
export function assertNonNegative(model: string, field: string, value: unknown): number {
  if (!(typeof value === "number" && value >= 0 && value < Infinity)) {
    throw new ModelInputError(model, field, value, "a finite number >= 0");
  }
  return value + 0;
}

/** Asserts a finite number > 0. */
export function assertPositive(model: string, field: string, value: unknown): number {
  if (!(typeof value === "number" && value > 0 && value < Infinity)) {
    throw new ModelInputError(model, field, value, "a finite number > 0");
  }
  return value;
}

/**
 * The longest time per request, per call or per think the Python and stack models take, seconds
 * (11.6 days). Past it the models' products of times and rates overflow, and no web request
 * takes that long.
 */
export const MAX_TIME_SEC = 1e6;

/**
 * Asserts a time in seconds within [`minSec`, {@link MAX_TIME_SEC}], or (`minSec`, …] when
 * `exclusive`: the range the Python and stack models answer without overflow.
 */
export function assertTimeSec(
  model: string,
  field: string,
  value: unknown,
  minSec: number,
  exclusive = false,
): number {
  const above = exclusive ? (value as number) > minSec : (value as number) >= minSec;
  if (!(typeof value === "number" && above && value <= MAX_TIME_SEC)) {
    const low = exclusive ? `> ${minSec}` : `>= ${minSec}`;
    throw new ModelInputError(
      model,
      field,
      value,
      `a time in seconds ${low} and <= ${MAX_TIME_SEC}`,
    );
  }
  return value + 0;
}

/** Asserts an integer >= `min`, optionally <= `max`. */
export function assertInteger(
  model: string,
  field: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (!(typeof value === "number" && Number.isInteger(value) && value >= min && value <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new ModelInputError(model, field, value, `an integer ${range}`);
  }
  return value + 0;
}

/** Asserts a probability strictly inside (0, 1), as quantile functions need. */
export function assertOpenProbability(model: string, field: string, value: unknown): number {
  if (!(typeof value === "number" && value > 0 && value < 1)) {
    throw new ModelInputError(model, field, value, "a number in (0, 1)");
  }
  return value;
}

/** Asserts a number that is not NaN (any time, including `Infinity`, is a valid CDF argument). */
export function assertNumber(model: string, field: string, value: unknown): number {
  if (!(typeof value === "number" && value === value)) {
    throw new ModelInputError(model, field, value, "a number");
  }
  return value;
}

/**
 * Asserts that the input (or the field named) is an object, so that field access gives a clear
 * error; with `known`, also that it has no other fields (see {@link assertKnownFields}).
 */
export function assertObject(
  model: string,
  value: unknown,
  field = "input",
  known?: readonly string[],
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ModelInputError(model, field, value, "an object");
  }
  const o = value as Record<string, unknown>;
  if (known !== undefined) assertKnownFields(model, o, known, field === "input" ? "" : field);
  return o;
}

/**
 * Refuses a field that is not in `known` (a misspelling would otherwise be ignored and its default
 * used), naming its full path (`deployment.thread`) and the nearest known field by edit distance:
 * ``evaluateDeployment: `deployment.thread` must be absent: did you mean `threads`? (got 8)``.
 * Own keys only, so `__proto__` and `constructor` given as keys are refused like any other; a
 * key whose value is `undefined` counts as absent, as it does for every optional field.
 */
export function assertKnownFields(
  model: string,
  object: object,
  known: readonly string[],
  path: string,
): void {
  for (const key of Object.keys(object)) {
    const value = (object as Record<string, unknown>)[key];
    if (known.includes(key) || value === undefined) continue; // undefined counts as absent
    const field = path === "" ? key : `${path}.${key}`;
    const near = nearest(key, known);
    const hint =
      near === undefined
        ? `absent: the known fields are ${known.map((k) => `\`${k}\``).join(", ")}`
        : `absent: did you mean \`${near}\`?`;
    throw new ModelInputError(model, field, value, hint);
  }
}

/** The known name nearest to `name` (case-insensitive edit distance at most ⌈len/3⌉, at least 2). */
function nearest(name: string, known: readonly string[]): string | undefined {
  const a = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(a.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(a, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance (insertions, deletions, substitutions), capped inputs of any length. */
function editDistance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Math.max(a.length, b.length);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The largest squared coefficient of variation accepted: a standard deviation 1000 times the
 * mean. Beyond it the two-moment laws (gamma shape 1/SCV) leave floating point.
 */
export const MAX_SCV = 1e6;

/** Asserts a squared coefficient of variation in [0, {@link MAX_SCV}]. */
export function assertScv(model: string, field: string, value: unknown): number {
  if (!(typeof value === "number" && value >= 0 && value <= MAX_SCV)) {
    throw new ModelInputError(model, field, value, "a number in [0, 1e6]");
  }
  return value + 0;
}

/** Asserts a fraction in [0, 1]. */
export function assertFraction(model: string, field: string, value: unknown): number {
  if (!(typeof value === "number" && value >= 0 && value <= 1)) {
    throw new ModelInputError(model, field, value, "a number in [0, 1]");
  }
  return value + 0;
}
