import { parse as parseYaml } from "yaml";
import { ModelInputError } from "../errors.js";
import { parseKubernetesQuantity } from "../fit/kubernetesQuantity.js";
import { parseBytes, parseSeconds } from "../units.js";
import { assertKnownFields } from "../validate.js";

// A scenario file's text as a checked document: its syntax, nesting, units and top-level fields.
// The planner's scenarios (scenario.ts) and the pods' (`pywebperf pods`) are read by it.

/** The deepest nesting of objects and arrays a scenario may have (a real one has about 5). */
export const MAX_SCENARIO_DEPTH = 64;

/**
 * Times and sizes may be written with units: a string under a key ending in `Sec` (not
 * `PerSec`, a rate) is a time (`"20ms"`), under a key with `Bytes` in it a size (`"4GiB"`).
 * A number without its unit where a unit slip is likely is put in `refused` (see `unitGuard`).
 * Returns a converted copy.
 */
function withUnits(value: unknown, path: string, refused: ModelInputError[], depth = 1): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_SCENARIO_DEPTH) {
    throw new ModelInputError("scenario", path, "…", `nested at most ${MAX_SCENARIO_DEPTH} deep`);
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => withUnits(v, `${path}[${i}]`, refused, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = path === "" ? key : `${path}.${key}`;
    const time = TIME_KEY.test(key);
    const bare = time || key.includes("Bytes") ? unitGuard(key, field, v) : undefined;
    if (bare) refused.push(bare);
    if (typeof v === "string" && time) {
      const seconds = parseSeconds(v);
      if (seconds === undefined) {
        throw new ModelInputError("scenario", field, v, "a time such as 0.02, 20ms or 1.5s");
      }
      set(out, key, seconds);
    } else if (typeof v === "string" && key.includes("Bytes")) {
      const bytes = parseBytes(v) ?? wholeBytes(v);
      if (bytes === undefined) {
        throw new ModelInputError(
          "scenario",
          field,
          v,
          "a size such as 4GiB, 512MiB, 512Mi or 2GB",
        );
      }
      set(out, key, bytes);
    } else if (typeof v === "string" && key.endsWith("Cores")) {
      set(out, key, parseKubernetesQuantity(v, field));
    } else {
      set(out, key, withUnits(v, field, refused, depth + 1));
    }
  }
  return out;
}

/** A key whose value is a time: ending in `Sec`, but not `PerSec` (a rate). */
const TIME_KEY = /(?<!Per)Sec$/;

/**
 * Refuses a number written without its unit (a bare number, or a string of digits alone) where
 * a unit slip is likely: above 1 under a key ending in `cpuTimeSec` (a request's CPU time is
 * milliseconds), above 10 under any other time key, and above 0 but below 1 MiB under a key
 * with `Bytes` in it (a machine's memory is GiB). The message names the values likely meant.
 * Written with a unit (`"30s"`, `"8B"`), the value is taken as written. Returns the error, or
 * undefined when the value passes.
 */
function unitGuard(key: string, field: string, value: unknown): ModelInputError | undefined {
  const bare =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*[-+0-9.eE]+\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (Number.isNaN(bare)) return undefined;
  const shown = String(bare);
  if (TIME_KEY.test(key)) {
    const limitSec = key.endsWith("cpuTimeSec") ? 1 : 10;
    if (!(bare > limitSec)) return undefined;
    return unitError(
      field,
      value,
      `a time with its unit when above ${limitSec} s`,
      `write "${shown}ms" if milliseconds were meant, or "${shown}s" to keep ${shown} seconds`,
    );
  }
  if (!(bare > 0 && bare < 2 ** 20)) return undefined;
  const likely = bare <= 256 ? "GiB" : "MiB";
  return unitError(
    field,
    value,
    "a size with its unit when below 1 MiB",
    `write "${shown}${likely}" if ${likely === "GiB" ? "gibibytes" : "mebibytes"} were meant, or "${shown}B" to keep ${shown} bytes`,
  );
}

/** A scenario error whose message goes on past the value given, with what to write instead. */
function unitError(field: string, value: unknown, expected: string, hint: string): ModelInputError {
  const e = new ModelInputError("scenario", field, value, expected);
  e.message = `${e.message}: ${hint}`;
  return e;
}

/** An own property even for the key `__proto__`, which plain assignment would take as the prototype. */
function set(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * The deepest nesting of `[` and `{` in a JSON text (outside strings), stopping once past
 * `limit`, so that a deeply nested file is refused before anything recurses over it.
 */
function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 || c === 123) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return deepest;
}

/** A Kubernetes quantity of whole bytes (`512Mi`, `1G`), or undefined. */
function wholeBytes(text: string): number | undefined {
  try {
    const value = parseKubernetesQuantity(text);
    return Number.isInteger(value) ? value : undefined;
  } catch (e) {
    if (e instanceof ModelInputError) return undefined;
    throw e;
  }
}

/**
 * A scenario file's text as a document: JSON or YAML, no binary content, nested at most
 * {@link MAX_SCENARIO_DEPTH} deep, an object with no top-level field outside `fields` (errors
 * from model `scenario`, naming the path). Times and sizes written with units become seconds
 * and bytes, cores written as Kubernetes quantities (`500m`) cores; the first number refused
 * for a likely unit slip comes back in `refused` for the caller to report. @internal
 */
export function readDocument(
  text: string,
  format: "json" | "yaml",
  fields: readonly string[],
  expected: string,
): { value: unknown; refused: ModelInputError | undefined } {
  if (format !== "json" && format !== "yaml") {
    throw new ModelInputError("scenario", "format", format, '"json" or "yaml"');
  }
  if (typeof text !== "string") throw new ModelInputError("scenario", "text", text, "a string");
  if (text.includes("\u0000")) {
    throw new ModelInputError(
      "scenario",
      "(file)",
      "binary content",
      `a ${format.toUpperCase()} text`,
    );
  }
  if (format === "json" && jsonDepth(text, MAX_SCENARIO_DEPTH) > MAX_SCENARIO_DEPTH) {
    throw new ModelInputError(
      "scenario",
      "(file)",
      `${text.length} characters`,
      `nested at most ${MAX_SCENARIO_DEPTH} deep`,
    );
  }
  let raw: unknown;
  try {
    raw = format === "json" ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new ModelInputError(
      "scenario",
      "(file)",
      `${text.length} characters`,
      `valid ${format.toUpperCase()}: ${why}`,
    );
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ModelInputError("scenario", "(file)", raw, expected);
  }
  assertKnownFields("scenario", raw, fields, "");
  const refused: ModelInputError[] = [];
  const value = withUnits(raw, "", refused);
  return { value, refused: refused[0] };
}
