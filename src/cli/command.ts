import type { QueueResult } from "../queueing/types.js";

/** How an option's text becomes a value: a number, a time (`20ms`), a size (`4GiB`) or text. */
export type OptionKind = "number" | "seconds" | "bytes" | "text";

/** One `--flag value` option of a command. */
export interface OptionSpec {
  /** Command-line name, without `--`. */
  flag: string;
  /** Field of the model input it fills. */
  field: string;
  kind: OptionKind;
  help: string;
  required: boolean;
}

/** A command: options in, a result out, printed as a table or JSON. */
export interface Command {
  name: string;
  summary: string;
  options: OptionSpec[];
  run(input: Record<string, number | string>): QueueResult | Record<string, number> | Printable;
}

/** A result that prints itself: the lines of a report and a JSON value. */
export interface Printable {
  text: string;
  json: unknown;
}

/** An option; required unless `required` is false. */
export const opt = (
  flag: string,
  field: string,
  kind: OptionKind,
  help: string,
  required = true,
): OptionSpec => ({ flag, field, kind, help, required });
