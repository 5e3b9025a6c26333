import type { QueueResult } from "../queueing/types.js";

/**
 * How an option's text becomes a value: a number, a time (`20ms`), a size (`4GiB`), text, or
 * a bare flag that takes no value (`--preload`).
 */
export type OptionKind = "number" | "seconds" | "bytes" | "text" | "flag";

/** One `--flag value` option of a command. */
export interface OptionSpec {
  /** Command-line name, without `--`. */
  flag: string;
  /** Field of the model input it fills. */
  field: string;
  kind: OptionKind;
  help: string;
  required: boolean;
  /**
   * For a time: the largest plain number taken as seconds without a unit or `--raw-units`
   * (10 unless given; 1 for a CPU time per request). Above it the number is refused as a likely
   * slip for milliseconds.
   */
  bareSecondsMax?: number;
  /** Reads the text instead of `kind`'s reader (Kubernetes quantities: `500m`, `512Mi`). */
  read?: (flag: string, text: string) => number;
}

/** A command: options in, a result out, printed as a table or JSON. */
export interface Command {
  name: string;
  summary: string;
  options: OptionSpec[];
  run(
    input: Record<string, number | string | boolean>,
  ): QueueResult | Record<string, number> | Printable;
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
