import { UsageError } from "./args.js";

/** The arguments of a command over data files: the files, options (repeatable ones listed), flags. */
export interface DataArgs {
  files: string[];
  options: Map<string, string>;
  /** Every value of each repeatable option, in order. */
  repeated: Map<string, string[]>;
  flags: Set<string>;
}

/**
 * Splits `FILE… --name value --flag` for calibrate and check: bare arguments are files; an
 * option must be one of `known` (a value) or `flags` (none); those in `repeatable` may come
 * more than once (`--label handler=/a --label method=GET`).
 */
export function parseDataArgs(
  argv: readonly string[],
  known: readonly string[],
  flags: readonly string[],
  repeatable: readonly string[] = [],
): DataArgs {
  const result: DataArgs = { files: [], options: new Map(), repeated: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "-h") {
      result.flags.add("help");
      continue;
    }
    if (!arg.startsWith("--")) {
      result.files.push(arg);
      continue;
    }
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    const name = m?.[1] ?? arg;
    if (flags.includes(name) || name === "help") {
      if (m?.[2] !== undefined) throw new UsageError(`--${name} takes no value`);
      result.flags.add(name);
      continue;
    }
    if (!m || (!known.includes(name) && !repeatable.includes(name))) {
      const all = [...known, ...repeatable, ...flags].map((k) => `--${k}`).join(", ");
      throw new UsageError(`unknown option ${arg.split("=")[0]} (options: ${all})`);
    }
    let value = m[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) {
        throw new UsageError(`option --${name} needs a value`);
      }
      i++;
    }
    if (repeatable.includes(name)) {
      result.repeated.set(name, [...(result.repeated.get(name) ?? []), value]);
    } else {
      if (result.options.has(name)) throw new UsageError(`option --${name} given twice`);
      result.options.set(name, value);
    }
  }
  return result;
}

/** `--label k=v` values as a label filter. */
export function readLabels(values: readonly string[]): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const labels: Record<string, string> = {};
  for (const v of values) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)=(.*)$/.exec(v);
    if (!m) throw new UsageError(`--label must be name=value, e.g. handler=/items (got '${v}')`);
    labels[m[1] as string] = m[2] as string;
  }
  return labels;
}
