/**
 * The one error every pywebperf model throws for invalid input.
 *
 * It is a `RangeError`, so code that already catches `RangeError` keeps working, and it carries
 * the model that rejected the input, the offending field and the value that was given.
 *
 * @example
 * ```ts
 * new ModelInputError("mmc", "servers", 2.5, "an integer >= 1").message; // => "mmc: `servers` must be an integer >= 1 (got 2.5)"
 * ```
 */
export class ModelInputError extends RangeError {
  /** The model (function) that rejected the input, e.g. `"mmc"`. */
  readonly model: string;
  /** The input field that is invalid, e.g. `"servers"`. */
  readonly field: string;
  /** The value that was given for the field. */
  readonly value: unknown;

  /**
   * @param model - Name of the model that rejected the input.
   * @param field - Name of the invalid field.
   * @param value - The value that was given.
   * @param expected - What the field must be, in words (e.g. `"an integer >= 1"`).
   */
  constructor(model: string, field: string, value: unknown, expected: string) {
    super(`${model}: \`${field}\` must be ${expected} (got ${describe(value)})`);
    this.name = "ModelInputError";
    this.model = model;
    this.field = field;
    this.value = value;
  }
}

/** The value as one line (a function's source too) of at most ~200 characters. */
function describe(value: unknown): string {
  const text = describeAll(value).replace(/\s*\n\s*/g, " ");
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function describeAll(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === undefined) {
    return String(value);
  }
  if (value === null) return "null";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
