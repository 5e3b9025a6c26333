import { parseBytes, parseSeconds } from "../units.js";

/** A user error on the command line: printed as one line, exit status 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Parsed `--name value` options and bare flags of one command. */
export interface ParsedArgs {
  options: Map<string, string>;
  flags: Set<string>;
}

/** The options that take no value: output, help, and the on/off settings of the commands. */
const BARE_FLAGS = new Set(["json", "help", "raw-units", "preload", "lazy-apps"]);
/** The bare flags every command takes. */
export const GLOBAL_FLAGS = new Set(["json", "help", "raw-units"]);

/** Splits `--name value`, `--name=value` and `--flag` arguments; rejects anything else. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "-h") {
      flags.add("help");
      continue;
    }
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unexpected argument '${arg}'`);
    const name = m[1] ?? "";
    if (BARE_FLAGS.has(name)) {
      flags.add(name);
    } else if (m[2] !== undefined) {
      options.set(name, m[2]);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) {
        throw new UsageError(`option --${name} needs a value`);
      }
      options.set(name, value);
      i++;
    }
  }
  return { options, flags };
}

/** Reads a plain number (`"80"`, `"1e3"`). */
export function readNumber(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || Number.isNaN(value)) {
    throw new UsageError(`--${name} must be a number (got '${text}')`);
  }
  return value;
}

/** A number with no unit after it: `"20"`, `"0.5"`, `"1e3"`. */
const isBare = (text: string): boolean => /^\s*[-+0-9.eE]+\s*$/.test(text);

/**
 * Reads a time in seconds, with an optional unit: `"0.02"`, `"20ms"`, `"1.5s"`, `"250us"`.
 * A plain number above `bareMax` seconds is refused as a likely slip for milliseconds unless
 * `raw` (`--raw-units`): `--service-time 20` is 20 s, and more often meant as 20 ms.
 */
export function readSeconds(name: string, text: string, bareMax = Infinity, raw = false): number {
  const value = parseSeconds(text);
  if (value === undefined) {
    throw new UsageError(`--${name} must be a time such as 0.02, 20ms or 1.5s (got '${text}')`);
  }
  if (!raw && isBare(text) && value > bareMax) {
    const n = text.trim();
    throw new UsageError(
      `--${name} ${n} reads as ${n} seconds: write ${n}ms if milliseconds were meant, or ${n}s (or --raw-units) to keep seconds`,
    );
  }
  return value;
}

/** Below this many bytes a plain number for a memory size is a likely slip for GiB or MiB. */
const BARE_BYTES_MIN = 2 ** 20;

/**
 * Reads a size in bytes, with an optional unit: `"4GiB"`, `"512MiB"`, `"2GB"`, `"1048576"`.
 * A plain number above 0 and under 1 MiB is refused as a likely slip for GiB or MiB unless `raw`
 * (`--raw-units`): `--memory 8` is 8 bytes, and more often meant as 8 GiB.
 */
export function readBytes(name: string, text: string, raw = false): number {
  const value = parseBytes(text);
  if (value === undefined) {
    throw new UsageError(`--${name} must be a size such as 4GiB, 512MiB or 2GB (got '${text}')`);
  }
  if (!raw && isBare(text) && value > 0 && value < BARE_BYTES_MIN) {
    const n = text.trim();
    throw new UsageError(
      `--${name} ${n} reads as ${n} bytes: write ${n}GiB or ${n}MiB if that was meant, or ${n}B (or --raw-units) to keep bytes`,
    );
  }
  return value;
}
