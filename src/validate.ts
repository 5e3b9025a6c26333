import { ModelInputError } from "./errors.js";

// Assertion helpers shared by every public model. Each check is written in the NaN-safe form
// `!(x >= 0)` so that NaN, undefined and non-numbers fail it.

/** Asserts a finite number >= 0. */
export function assertNonNegative(model: string, field: string, value: unknown): number {
  if (!(typeof value === "number" && value >= 0 && value < Infinity)) {
    throw new ModelInputError(model, field, value, "a finite number >= 0");
  }
  return value;
}

/** Asserts a finite number > 0. */
export function assertPositive(model: string, field: string, value: unknown): number {
  if (!(typeof value === "number" && value > 0 && value < Infinity)) {
    throw new ModelInputError(model, field, value, "a finite number > 0");
  }
  return value;
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
  return value;
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

/** Asserts that the input (or the field named) is an object, so that field access gives a clear error. */
export function assertObject(
  model: string,
  value: unknown,
  field = "input",
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ModelInputError(model, field, value, "an object");
  }
  return value as Record<string, unknown>;
}

/** Asserts a fraction in [0, 1]. */
export function assertFraction(model: string, field: string, value: unknown): number {
  if (!(typeof value === "number" && value >= 0 && value <= 1)) {
    throw new ModelInputError(model, field, value, "a number in [0, 1]");
  }
  return value;
}
