// Shared parts of the bad-input battery (issue 12): the bad values, how an outcome is judged,
// and a way to run code that might hang in a child process with a time limit.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ModelInputError } from "../../src/index.js";

/** Values that no numeric field may take: each must be refused with an error naming the field. */
export const NEVER_NUMBERS: readonly unknown[] = [
  Number.NaN,
  -1,
  -Infinity,
  "abc",
  "1",
  {},
  [],
  true,
];

/**
 * Values a numeric field may or may not take (an integer field refuses 2.5, a rate takes 1e308):
 * either an error naming the field or an answer without NaN.
 */
export const MAYBE_NUMBERS: readonly unknown[] = [
  Infinity,
  1e308,
  1e300,
  1e-300,
  -0,
  0,
  2.5,
  null,
  undefined,
];

/** Values of a text, boolean or enum field: refused naming the field, or a clean answer. */
export const OTHER_VALUES: readonly unknown[] = [
  Number.NaN,
  42,
  "abc",
  "",
  {},
  [],
  null,
  undefined,
  true,
];

/** How a call ended. */
export type Outcome = { error: unknown } | { result: unknown };

export function attempt(f: () => unknown): Outcome {
  try {
    return { result: f() };
  } catch (error) {
    return { error };
  }
}

const PROBES: [string, unknown][] = [
  ["responseTimeQuantileSec", 0.99],
  ["waitTimeQuantileSec", 0.5],
  ["responseTimeCdf", 1],
  ["waitTimeCdf", 1],
  ["stateProbability", 3],
];

/** Paths of the NaN numbers in a result, its closures asked at a few points too. */
export function nanPaths(value: unknown, path = "", depth = 0, out: string[] = []): string[] {
  if (depth > 6 || out.length > 5) return out;
  if (typeof value === "number") {
    if (Number.isNaN(value)) out.push(path || "(result)");
    return out;
  }
  if (typeof value !== "object" || value === null) return out;
  if (Array.isArray(value)) {
    value.slice(0, 50).forEach((v, i) => nanPaths(v, `${path}[${i}]`, depth + 1, out));
    return out;
  }
  const o = value as Record<string, unknown>;
  for (const [key, arg] of PROBES) {
    const f = o[key];
    if (typeof f !== "function") continue;
    const v = (f as (x: unknown) => unknown).call(o, arg);
    if (typeof v === "number" && Number.isNaN(v)) out.push(`${path}.${key}(${String(arg)})`);
  }
  for (const key of Object.keys(o)) nanPaths(o[key], path ? `${path}.${key}` : key, depth + 1, out);
  return out;
}

/**
 * Why an error is not the one the battery wants, or undefined when it is: a
 * {@link ModelInputError} from `model` naming `path` (or a part of it: `load` for a bad
 * `load.clients`), with a one-line message.
 */
export function wrongError(
  error: unknown,
  model: string | undefined,
  path: string,
): string | undefined {
  if (!(error instanceof ModelInputError)) {
    return `not a ModelInputError: ${String(error instanceof Error ? `${error.name}: ${error.message}` : error)}`;
  }
  if (model !== undefined && error.model !== model) return `model ${error.model}, not ${model}`;
  const field = error.field;
  const leaf = /[A-Za-z]+$/.exec(path)?.[0] ?? path;
  const related =
    field === path ||
    path.endsWith(`.${field}`) || // a function that delegates names its callee's field
    (field === "input" && !path.includes(".") && !path.includes("[")) || // a top-level field missing
    new RegExp(`\\b${leaf}\\b`).test(error.message) || // a bound between fields, naming this one
    path.startsWith(`${field}.`) ||
    path.startsWith(`${field}[`) ||
    field.startsWith(`${path}.`) ||
    field.startsWith(`${path}[`);
  if (!related) return `names \`${field}\`, not \`${path}\`: ${error.message}`;
  if (error.message.includes("\n")) return `a message of more than one line: ${error.message}`;
  if (!error.message.includes(`\`${field}\``))
    return `a message without the field: ${error.message}`;
  return undefined;
}

/** Why an outcome is not acceptable for a value that may be valid, or undefined. */
export function wrongMaybe(
  outcome: Outcome,
  model: string | undefined,
  path: string,
): string | undefined {
  if ("error" in outcome) return wrongError(outcome.error, model, path);
  const nan = nanPaths(outcome.result);
  return nan.length > 0 ? `an answer with NaN at ${nan.join(", ")}` : undefined;
}

/** A copy of `value` with `path` (`a.b[0].c`) set to `v` (deleted when `v` is undefined). */
export function withPath(value: unknown, path: readonly (string | number)[], v: unknown): unknown {
  const copy = clone(value) as Record<string | number, unknown>;
  let o = copy;
  for (const key of path.slice(0, -1)) o = o[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (v === undefined) delete o[last];
  else o[last] = v;
  return copy;
}

/** A deep copy of plain data; functions (a sweep's model) are kept as they are. */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
}

/** `["a", 0, "b"]` as `a[0].b`. */
export function pathText(path: readonly (string | number)[]): string {
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

/** Every leaf of a plain value (numbers, strings, booleans), and every object, with its path. */
export function walk(
  value: unknown,
  path: (string | number)[] = [],
  out: { leaves: [(string | number)[], unknown][]; objects: (string | number)[][] } = {
    leaves: [],
    objects: [],
  },
) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, [...path, i], out));
  } else if (typeof value === "object" && value !== null) {
    out.objects.push(path);
    for (const [k, v] of Object.entries(value)) walk(v, [...path, k], out);
  } else if (typeof value !== "function") {
    out.leaves.push([path, value]);
  }
  return out;
}

const ROOT = join(import.meta.dirname, "..", "..");

/**
 * Runs an ES module body in a child node process that imports the built library as `api`
 * (`npm test` builds dist/ first), with a time limit so that a hang fails instead of blocking
 * the suite. Returns what the body printed with `console.log`, or `"TIMEOUT"`.
 */
export function inChild(body: string, timeoutMs = 60_000): string {
  const code = `import * as api from ${JSON.stringify(join(ROOT, "dist", "index.js"))};\n${body}`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    encoding: "utf8",
    timeout: timeoutMs,
  });
  if (r.error !== undefined || r.signal !== null) return "TIMEOUT";
  if (r.status !== 0) return `EXIT ${r.status}: ${r.stderr.split("\n")[0]}`;
  return r.stdout.trim();
}

/** Runs the built CLI with a time limit. */
export function cli(args: readonly string[], timeoutMs = 60_000) {
  const r = spawnSync(process.execPath, [join(ROOT, "dist", "cli", "main.js"), ...args], {
    encoding: "utf8",
    timeout: timeoutMs,
  });
  return {
    status: r.signal !== null ? "TIMEOUT" : r.status,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}
