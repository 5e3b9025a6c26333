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

const FLAGS = new Set(["json", "help"]);

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
    if (FLAGS.has(name)) {
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

/** Reads a time in seconds, with an optional unit: `"0.02"`, `"20ms"`, `"1.5s"`, `"250us"`. */
export function readSeconds(name: string, text: string): number {
  const value = parseSeconds(text);
  if (value === undefined) {
    throw new UsageError(`--${name} must be a time such as 0.02, 20ms or 1.5s (got '${text}')`);
  }
  return value;
}

/** Reads a size in bytes, with an optional unit: `"4GiB"`, `"512MiB"`, `"2GB"`, `"1048576"`. */
export function readBytes(name: string, text: string): number {
  const value = parseBytes(text);
  if (value === undefined) {
    throw new UsageError(`--${name} must be a size such as 4GiB, 512MiB or 2GB (got '${text}')`);
  }
  return value;
}
