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

/**
 * The error the readers of users' files (access logs, locust and k6 output, Prometheus scrapes,
 * OpenTelemetry metrics) throw for content they cannot read: it names the source (a file name,
 * or what the caller calls the text) and the 1-based line, so that the CLI can print
 * `FILE:LINE: what is wrong`. Like {@link ModelInputError} it is a `RangeError`.
 *
 * @example
 * ```ts
 * new DataFormatError("access.log", 12, "no response time in the last field").message; // => "access.log:12: no response time in the last field"
 * ```
 */
export class DataFormatError extends RangeError {
  /** The file (or named text) that could not be read. */
  readonly source: string;
  /** The 1-based line the problem is on; 0 when it concerns the whole text. */
  readonly line: number;

  /**
   * @param source - The file name, or a name for the text.
   * @param line - The 1-based line number; 0 for the text as a whole.
   * @param problem - What is wrong, in words.
   */
  constructor(source: string, line: number, problem: string) {
    super(`${source}${line > 0 ? `:${line}` : ""}: ${problem}`);
    this.name = "DataFormatError";
    this.source = source;
    this.line = line;
  }
}
