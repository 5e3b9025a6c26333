import { ModelInputError } from "../errors.js";
import type { MeasuredStage } from "../fit/measuredStages.js";
import type { WindowMeasurement } from "../fit/windowMeasurement.js";
import { assertInteger, assertNonNegative, assertObject, assertScv } from "../validate.js";

const MEASUREMENT_FIELDS = [
  "source",
  "format",
  "where",
  "requests",
  "throughputPerSec",
  "meanResponseTimeSec",
  "standardDeviationSec",
  "spread",
  "quantilesSec",
  "quantilesFitted",
  "cpuSecPerRequest",
  "residentMemoryBytes",
] as const;

/** Validates one measurement of a stage (what calibrate puts in `client` and `server`). */
function readMeasurement(model: string, field: string, value: unknown): WindowMeasurement {
  const o = assertObject(model, value, field, [...MEASUREMENT_FIELDS]);
  for (const key of ["source", "format"] as const) {
    if (typeof o[key] !== "string")
      throw new ModelInputError(model, `${field}.${key}`, o[key], "a string");
  }
  if (o.where !== "client" && o.where !== "server") {
    throw new ModelInputError(model, `${field}.where`, o.where, '"client" or "server"');
  }
  assertInteger(model, `${field}.requests`, o.requests, 0, Number.MAX_SAFE_INTEGER);
  for (const key of [
    "throughputPerSec",
    "meanResponseTimeSec",
    "standardDeviationSec",
    "residentMemoryBytes",
  ] as const) {
    if (o[key] !== undefined) assertNonNegative(model, `${field}.${key}`, o[key]);
  }
  if (o.quantilesSec !== undefined) {
    const q = assertObject(model, o.quantilesSec, `${field}.quantilesSec`);
    for (const [p, v] of Object.entries(q)) {
      if (!(Number(p) > 0 && Number(p) <= 1)) {
        throw new ModelInputError(
          model,
          `${field}.quantilesSec`,
          p,
          'keys that are probabilities ("0.99")',
        );
      }
      assertNonNegative(model, `${field}.quantilesSec.${p}`, v);
    }
  }
  if (o.quantilesFitted !== undefined && typeof o.quantilesFitted !== "boolean") {
    throw new ModelInputError(model, `${field}.quantilesFitted`, o.quantilesFitted, "a boolean");
  }
  if (o.spread !== undefined) {
    const s = assertObject(model, o.spread, `${field}.spread`, [
      "scv",
      "lower",
      "upper",
      "identified",
      "how",
    ]);
    for (const key of ["scv", "lower", "upper"]) assertScv(model, `${field}.spread.${key}`, s[key]);
  }
  if (o.cpuSecPerRequest !== undefined) {
    const c = assertObject(model, o.cpuSecPerRequest, `${field}.cpuSecPerRequest`, [
      "value",
      "standardError",
    ]);
    assertNonNegative(model, `${field}.cpuSecPerRequest.value`, c.value);
    assertNonNegative(model, `${field}.cpuSecPerRequest.standardError`, c.standardError);
  }
  return value as WindowMeasurement;
}

/**
 * Validates the stages of a calibration for {@link checkStages}: users a positive integer, a
 * window of times in order, the client's measurement (and the server's, if any).
 */
export function readStages(model: string, value: unknown): MeasuredStage[] {
  const field = "calibration.stages";
  if (!Array.isArray(value) || value.length === 0) {
    throw new ModelInputError(
      model,
      field,
      value,
      "the stages of a load test (a locust _stats_history.csv, k6 --out json points)",
    );
  }
  return value.map((stage: unknown, i) => {
    const name = `${field}[${i}]`;
    const o = assertObject(model, stage, name, ["users", "window", "client", "server"]);
    assertInteger(model, `${name}.users`, o.users, 1, 1_000_000);
    const w = assertObject(model, o.window, `${name}.window`, ["fromSec", "toSec"]);
    const from = assertNonNegative(model, `${name}.window.fromSec`, w.fromSec);
    const to = assertNonNegative(model, `${name}.window.toSec`, w.toSec);
    if (!(to >= from)) {
      throw new ModelInputError(model, `${name}.window.toSec`, to, `at least fromSec (${from})`);
    }
    readMeasurement(model, `${name}.client`, o.client);
    if (o.server !== undefined) readMeasurement(model, `${name}.server`, o.server);
    return stage as MeasuredStage;
  });
}
