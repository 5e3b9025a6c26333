import { ModelInputError } from "../errors.js";
import type { Calibration, FittedValue } from "../fit/calibration.js";
import { MIN_CPU_TIME_SEC, readAppProfile, type AppProfileInput } from "../python/appProfile.js";
import { assertNonNegative, assertObject, assertScv, assertTimeSec } from "../validate.js";
import type { MachineInput } from "./deployment.js";
import type { AnyDeploymentInput } from "./servers/serverInputs.js";
import {
  evaluateDeployment,
  type DeploymentEvaluation,
  type LoadInput,
} from "./evaluateDeployment.js";

/** A predicted figure and its interval. */
export interface PredictionInterval {
  estimate: number;
  lower: number;
  upper: number;
}

/** Input of {@link predictCalibrated}. */
export interface PredictCalibratedInput {
  deployment: AnyDeploymentInput;
  machine: MachineInput;
  load: LoadInput;
  /** From {@link calibrate} (all of it, or its profile, uncertainty and the intervals' probability). */
  calibration: Pick<Calibration, "app" | "uncertainty" | "level">;
}

/** Result of {@link predictCalibrated}. */
export interface CalibratedPrediction {
  /** The deployment evaluated with the calibrated profile as it is. */
  evaluation: DeploymentEvaluation;
  /** Probability of the intervals (the calibration's). */
  level: number;
  throughputPerSec: PredictionInterval;
  capacityPerSec: PredictionInterval;
  meanResponseTimeSec: PredictionInterval;
  /** Keyed "0.5", "0.9", "0.99". */
  quantilesSec: Record<string, PredictionInterval>;
}

/** The figures {@link predictCalibrated} gives intervals for, from one evaluation. */
function figures(e: DeploymentEvaluation): number[] {
  return [
    e.throughputPerSec,
    e.capacityPerSec,
    e.meanResponseTimeSec,
    ...QUANTILES.map((p) => (e.stable ? e.responseTimeQuantileSec(p) : Infinity)),
  ];
}
const QUANTILES = [0.5, 0.9, 0.99];

/**
 * A deployment evaluated with a calibrated profile, each figure with the interval the
 * calibration's uncertainty gives it. The fitted quantities are independent: the time of a
 * request alone (`responseTimeSec`), the CPU time within it (the I/O time is the rest), and the
 * spread (both SCVs). Each is moved to the ends of its interval, one at a time, and the
 * figure's changes are added in quadrature, upward and downward apart (a first-order
 * propagation that keeps the asymmetry near saturation; an end that overloads the deployment
 * makes the upper bounds of the times infinite).
 *
 * @param input - {@link PredictCalibratedInput}.
 * @returns The evaluation and the intervals of throughput, capacity, mean and quantiles.
 * @throws {@link ModelInputError} as {@link evaluateDeployment} does, or for a missing calibration.
 * @example
 * ```ts
 * const calibration = { level: 0.9, app: { cpuTimeSec: 0.01, ioTimeSec: 0.02 }, uncertainty: { cpuTimeSec: { value: 0.01, standardError: 0.001, lower: 0.0084, upper: 0.0116, from: "m.prom" } } };
 * const p = predictCalibrated({ deployment: { kind: "daemon", processes: 1, threads: 8 }, machine: { cores: 2, memoryBytes: 4e9 }, load: { arrivalRatePerSec: 20 }, calibration });
 * p.capacityPerSec.lower < p.capacityPerSec.estimate; // => true
 * ```
 */
export function predictCalibrated(input: PredictCalibratedInput): CalibratedPrediction {
  const model = "predictCalibrated";
  const o = assertObject(model, input, "input", ["deployment", "machine", "load", "calibration"]);
  // The whole result of calibrate is welcome; its other fields are not used here.
  const c = assertObject(model, o.calibration, "calibration", CALIBRATION_FIELDS);
  const u = readUncertainty(model, c.uncertainty);
  const level = c.level as number;
  if (!(typeof level === "number" && level > 0 && level < 1)) {
    throw new ModelInputError(model, "calibration.level", c.level, "a probability in (0, 1)");
  }
  readAppProfile(model, "calibration.app", c.app);
  const app = c.app as AppProfileInput;
  const evaluate = (a: AppProfileInput) =>
    evaluateDeployment({
      deployment: input.deployment,
      app: a,
      machine: input.machine,
      load: input.load,
    });
  const evaluation = evaluate(app);
  const base = figures(evaluation);
  const r1 = app.cpuTimeSec + app.ioTimeSec;
  const variants: AppProfileInput[] = [];
  const withTimes = (r: number, cpu: number): AppProfileInput => {
    const cpuSec = Math.min(Math.max(cpu, MIN_CPU_TIME_SEC), r);
    return { ...app, cpuTimeSec: cpuSec, ioTimeSec: Math.max(0, r - cpuSec) };
  };
  const ends: [number, number][] = [];
  if (u.responseTimeSec) {
    const f = u.responseTimeSec;
    ends.push([variants.length, variants.length + 1]);
    variants.push(withTimes(Math.max(f.lower, MIN_CPU_TIME_SEC), app.cpuTimeSec));
    variants.push(withTimes(f.upper, app.cpuTimeSec));
  }
  if (u.cpuTimeSec) {
    const f = u.cpuTimeSec;
    ends.push([variants.length, variants.length + 1]);
    variants.push(withTimes(r1, f.lower));
    variants.push(withTimes(r1, f.upper));
  }
  if (u.cpuTimeScv) {
    const f = u.cpuTimeScv;
    const io = u.ioTimeScv ?? f;
    ends.push([variants.length, variants.length + 1]);
    variants.push({ ...app, cpuTimeScv: f.lower, ioTimeScv: io.lower });
    variants.push({ ...app, cpuTimeScv: f.upper, ioTimeScv: io.upper });
  }
  const moved = variants.map((a) => figures(evaluate(a)));
  const interval = (k: number): PredictionInterval => {
    const estimate = base[k] as number;
    let up = 0;
    let down = 0;
    for (const [i, j] of ends) {
      const a = (moved[i] as number[])[k] as number;
      const b = (moved[j] as number[])[k] as number;
      const high = Math.max(0, a - estimate, b - estimate);
      const low = Math.max(0, estimate - a, estimate - b);
      up += high * high;
      down += low * low;
    }
    const upper = Number.isFinite(up) ? estimate + Math.sqrt(up) : Infinity;
    return { estimate, lower: Math.max(0, estimate - Math.sqrt(down)), upper };
  };
  return {
    evaluation,
    level,
    throughputPerSec: interval(0),
    capacityPerSec: interval(1),
    meanResponseTimeSec: interval(2),
    quantilesSec: Object.fromEntries(QUANTILES.map((p, i) => [String(p), interval(3 + i)])),
  };
}

/** The fields of a calibration (the result of calibrate) the prediction functions accept. */
export const CALIBRATION_FIELDS = [
  "app",
  "uncertainty",
  "level",
  "measured",
  "sources",
  "notIdentified",
  "warnings",
  "stages",
];

const TIMES = ["responseTimeSec", "cpuTimeSec", "ioTimeSec"] as const;
const SCVS = ["cpuTimeScv", "ioTimeScv"] as const;

/** Validates a calibration's uncertainty: each field's value inside its interval, in range. */
function readUncertainty(model: string, value: unknown): Calibration["uncertainty"] {
  const field = "calibration.uncertainty";
  const o = assertObject(model, value, field, [...TIMES, ...SCVS]);
  const result: Calibration["uncertainty"] = {};
  for (const key of [...TIMES, ...SCVS]) {
    if (o[key] === undefined) continue;
    const name = `${field}.${key}`;
    const f = assertObject(model, o[key], name, [
      "value",
      "standardError",
      "lower",
      "upper",
      "from",
    ]);
    const check = (k: string) =>
      key.endsWith("Sec")
        ? assertTimeSec(model, `${name}.${k}`, f[k], 0)
        : assertScv(model, `${name}.${k}`, f[k]);
    const [lower, v, upper] = [check("lower"), check("value"), check("upper")];
    if (!(lower <= v && v <= upper)) {
      throw new ModelInputError(
        model,
        `${name}.lower`,
        lower,
        `at most value ${v}, at most upper ${upper}`,
      );
    }
    if (f.standardError !== undefined)
      assertNonNegative(model, `${name}.standardError`, f.standardError);
    if (typeof f.from !== "string")
      throw new ModelInputError(model, `${name}.from`, f.from, "a string");
    result[key] = o[key] as FittedValue;
  }
  return result;
}
