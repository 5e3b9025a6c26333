import { parse as parseYaml } from "yaml";
import { ModelInputError } from "../errors.js";
import { GiB, parseBytes, parseSeconds } from "../units.js";
import { assertKnownFields } from "../validate.js";
import type { PlanCapacityInput } from "./planCapacityInput.js";
import { PLAN_FIELDS, readPlanInput } from "./readPlanInput.js";

/** The deepest nesting of objects and arrays a scenario may have (a real one has about 5). */
const MAX_SCENARIO_DEPTH = 64;

/** A scenario: the whole planning question, as {@link planCapacity} takes it, with an optional description. */
export type Scenario = PlanCapacityInput & { description?: string };

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
      const bytes = parseBytes(v);
      if (bytes === undefined) {
        throw new ModelInputError("scenario", field, v, "a size such as 4GiB, 512MiB or 2GB");
      }
      set(out, key, bytes);
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

/**
 * The error to report for a scenario with a bare number refused: the planner's own, when it
 * finds the same field bad anyway (out of range) or a misspelt field (the bare number may be
 * under it); else the refusal.
 */
function plannerErrorFirst(scenario: Scenario, refusal: ModelInputError): ModelInputError {
  try {
    readPlanInput(scenario);
  } catch (e) {
    if (!(e instanceof ModelInputError)) throw e;
    if (e.field === refusal.field || e.message.includes("must be absent")) return e;
  }
  return refusal;
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

/**
 * Reads a scenario file — the stack, the app profile, the app machine, the load, the SLO and the
 * prices in one JSON or YAML document — into the input of {@link planCapacity}. Times and sizes
 * may carry units (`hitTimeSec: 200us`, `memoryBytes: 8GiB`). The document's structure is
 * checked here (syntax, units, unknown top-level fields); the values are checked by
 * {@link planCapacity}, whose errors name the path of the bad field.
 *
 * @param text - The file's contents.
 * @param format - `"json"` or `"yaml"`.
 * @returns The scenario.
 * @throws {@link ModelInputError} for a syntax error, binary content, nesting deeper than
 *   64 (`MAX_SCENARIO_DEPTH`), a bad unit or an unknown field (with the nearest known one).
 * @example
 * ```ts
 * parseScenario("load: { arrivalRatePerSec: 100 }\nslo: { responseTimeSec: 250ms }", "yaml").slo.responseTimeSec; // => 0.25
 * ```
 */
export function parseScenario(text: string, format: "json" | "yaml"): Scenario {
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
    throw new ModelInputError(
      "scenario",
      "(file)",
      raw,
      "an object with stack, app, machine, load, slo and prices",
    );
  }
  assertKnownFields("scenario", raw, PLAN_FIELDS, "");
  const refused: ModelInputError[] = [];
  const scenario = withUnits(raw, "", refused) as Scenario;
  if (refused[0]) throw plannerErrorFirst(scenario, refused[0]);
  return scenario;
}

/**
 * The talk's classic stack — HTTP cache, load balancer, web servers, stateless app servers
 * (mod_wsgi daemon mode, "just a few threads per daemon"), memcache, database — with
 * illustrative figures: 400 requests/s on average and spikes of 3×, a p99 of 250 ms, and
 * monthly prices of the order of cloud machines. `pywebperf plan` plans it when given no file.
 */
export const CLASSIC_STACK: Scenario = {
  description:
    "The talk's classic stack: HTTP cache, web servers, app servers, memcache, database (illustrative figures)",
  stack: {
    tiers: [
      {
        kind: "http-cache",
        hitRatio: 0.25,
        hitTimeSec: 0.0002,
        missTimeSec: 0.0003,
        coresPerServer: 4,
        memoryBytesPerServer: GiB(16),
      },
      { kind: "load-balancer", serviceTimeSec: 0.0001, coresPerServer: 2 },
      {
        kind: "web",
        staticFraction: 0.5,
        staticTimeSec: 0.0005,
        proxyTimeSec: 0.0004,
        coresPerServer: 4,
        memoryBytesPerServer: GiB(4),
      },
      {
        kind: "app",
        servers: 2,
        deployment: { kind: "daemon", processes: 4, threads: 4 },
      },
      {
        kind: "memcache",
        hitRatio: 0.9,
        lookupsPerRequest: 8,
        // memcached's CPU per get is microseconds (1.4.10's release notes: 3.7 million keys/s of
        // multigets on four cores); most of what a lookup costs the app is the network round trip.
        cpuTimeSec: 0.00001,
        nonCpuTimeSec: 0.0001,
        coresPerServer: 4, // memcached -t, 4 threads by default
        memoryBytesPerServer: GiB(32),
      },
      {
        kind: "database",
        queriesPerRequest: 12,
        writeFraction: 0.1,
        serviceTimeSec: 0.004,
        coresPerServer: 8,
        memoryBytesPerServer: GiB(64),
      },
    ],
  },
  app: { cpuTimeSec: 0.02, ioTimeSec: 0.01, burstsPerRequest: 10 },
  machine: { cores: 4, memoryBytes: GiB(8) },
  load: { arrivalRatePerSec: 400, peakFactor: 3 },
  slo: { responseTimeSec: 0.25, quantile: 0.99 },
  prices: {
    "http-cache": 150,
    "load-balancer": 50,
    web: 80,
    app: 160,
    memcache: 120,
    database: 700,
  },
};
