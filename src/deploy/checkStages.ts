import { median } from "simple-statistics";
import type { Calibration } from "../fit/calibration.js";
import type { MeasuredStage } from "../fit/measuredStages.js";
import { centralNormalQuantile } from "../math/normalQuantile.js";
import { assertNonNegative, assertObject } from "../validate.js";
import type { MachineInput } from "./deployment.js";
import type { AnyDeploymentInput } from "./servers/serverInputs.js";
import { MODEL_ERROR_90 } from "./modelError.js";
import { readStages } from "./readStages.js";
import {
  CALIBRATION_FIELDS,
  predictCalibrated,
  type PredictionInterval,
} from "./predictCalibrated.js";

/** The figures {@link checkStages} compares. */
export type CheckedFigure = "throughputPerSec" | "meanResponseTimeSec" | "p99Sec";
const FIGURES: CheckedFigure[] = ["throughputPerSec", "meanResponseTimeSec", "p99Sec"];

/** One stage of a load test beside the model's prediction for it. */
export interface CheckedStage {
  users: number;
  window: MeasuredStage["window"];
  requests: number;
  measured: Partial<Record<CheckedFigure, number>>;
  /**
   * The prediction; its interval holds the calibration's uncertainty, the model's own error
   * against real servers ({@link MODEL_ERROR_90}) and the stage's sampling noise.
   */
  predicted: Record<CheckedFigure, PredictionInterval>;
  /** (predicted − measured) / measured, for the figures measured. */
  errors: Partial<Record<CheckedFigure, number>>;
  /** Whether the measured figure is inside the prediction interval. */
  inside: Partial<Record<CheckedFigure, boolean>>;
}

/** Result of {@link checkStages}. */
export interface StageCheck {
  stages: CheckedStage[];
  level: number;
  /** Median and largest |error| of each figure over the stages (absent when never measured). */
  errors: Partial<Record<CheckedFigure, { median: number; max: number }>>;
  /** Fraction of the measured figures inside their prediction intervals. */
  insideFraction: number;
}

/** Input of {@link checkStages}. */
export interface CheckStagesInput {
  /** From {@link calibrate}, with the load test's stages (locust or k6). */
  calibration: Pick<Calibration, "app" | "uncertainty" | "level" | "stages">;
  deployment: AnyDeploymentInput;
  machine: MachineInput;
  /** Locust's `wait_time`, or k6's `sleep()`, between a user's requests, mean seconds; 0 for none. */
  thinkTimeSec: number;
}

/** The z of a 90 % interval: {@link MODEL_ERROR_90} is a 90th percentile, scaled to `level`. */
const Z90 = centralNormalQuantile(0.9);

/** Locust keeps response times rounded: to 1 ms under 100 ms, 10 ms under 1 s, then 100 ms. */
function locustRoundingSec(t: number): number {
  return t < 0.1 ? 0.001 : t < 1 ? 0.01 : 0.1;
}

/**
 * Lines a load test's stages (each a closed loop of locust users with think time) up against
 * the model's predictions for the same deployment and load, with prediction intervals. Three
 * independent parts make an interval, added in quadrature: the calibration's uncertainty
 * ({@link predictCalibrated}); the model's own error against real servers
 * ({@link MODEL_ERROR_90}, measured on the lab's servers, scaled from 90 % to `level` as a
 * normal error would be); and the stage's sampling noise: its
 * throughput counts n requests (relative error 1/√n), its mean averages n times (sd/√n), and its
 * p99 is locust's over its last 10 seconds (n₁₀ requests: √(p(1−p)/n₁₀)/f(q), with the density
 * f from the predicted quantiles) and rounded as locust rounds — or k6's over all n points.
 *
 * @param input - {@link CheckStagesInput}.
 * @returns The stages, the errors' median and maximum, the fraction inside the intervals.
 * @throws {@link ModelInputError} when there is no stage or for a bad deployment, machine or think time.
 * @example
 * ```ts
 * // One locust stage of 8 users that measured 20 % less throughput than the model predicts.
 * const app = { cpuTimeSec: 0.01, ioTimeSec: 0.02 };
 * const question = { deployment: { kind: "daemon", processes: 1, threads: 8 }, machine: { cores: 2, memoryBytes: 4e9 } };
 * const e = evaluateDeployment({ ...question, app, load: { clients: 8, thinkTimeSec: 0.05 } });
 * const client = { source: "h.csv", format: "locust-history", where: "client", requests: 3000, throughputPerSec: 0.8 * e.throughputPerSec, meanResponseTimeSec: e.meanResponseTimeSec, quantilesSec: {} };
 * const stages = [{ users: 8, window: { fromSec: 0, toSec: 30 }, client }];
 * const c = checkStages({ ...question, thinkTimeSec: 0.05, calibration: { app, uncertainty: {}, level: 0.9, stages } });
 * c.stages[0].errors.throughputPerSec; // => 0.25
 * c.stages[0].inside.throughputPerSec; // => false
 * ```
 */
export function checkStages(input: CheckStagesInput): StageCheck {
  const model = "checkStages";
  const o = assertObject(model, input, "input", [
    "calibration",
    "deployment",
    "machine",
    "thinkTimeSec",
  ]);
  const thinkTimeSec = assertNonNegative(model, "thinkTimeSec", o.thinkTimeSec);
  const c = assertObject(model, o.calibration, "calibration", CALIBRATION_FIELDS);
  const stagesIn = readStages(model, c.stages);
  const calibration = input.calibration;
  const z = centralNormalQuantile(calibration.level);
  const stages = stagesIn.map((stage): CheckedStage => {
    const p = predictCalibrated({
      deployment: input.deployment,
      machine: input.machine,
      load: { clients: stage.users, thinkTimeSec },
      calibration,
    });
    const e = p.evaluation;
    const n = Math.max(1, stage.client.requests);
    const sd = Math.sqrt(e.responseTimeVarianceSec2);
    const q = (x: number) => (e.stable ? e.responseTimeQuantileSec(x) : Infinity);
    const p99 = p.quantilesSec["0.99"] as PredictionInterval;
    // Locust's history percentiles cover its last 10 s and are rounded; k6's points are all kept.
    const locust = stage.client.format === "locust-history";
    const windowed = locust ? Math.max(1, Math.min(n, e.throughputPerSec * 10)) : n;
    const dqdp = (q(0.995) - q(0.985)) / 0.01;
    const noise: Record<CheckedFigure, number> = {
      throughputPerSec: (z * p.throughputPerSec.estimate) / Math.sqrt(n),
      meanResponseTimeSec: (z * sd) / Math.sqrt(n),
      p99Sec: Math.hypot(
        z * Math.sqrt((0.99 * 0.01) / windowed) * dqdp,
        locust ? locustRoundingSec(p99.estimate) / 2 : 0,
      ),
    };
    const raw: Record<CheckedFigure, PredictionInterval> = {
      throughputPerSec: p.throughputPerSec,
      meanResponseTimeSec: p.meanResponseTimeSec,
      p99Sec: p99,
    };
    const predicted = Object.fromEntries(
      FIGURES.map((f) => {
        const r = raw[f];
        const model = (MODEL_ERROR_90[f] * r.estimate * z) / Z90;
        const widen = (half: number) => Math.hypot(half, noise[f], model);
        return [
          f,
          {
            estimate: r.estimate,
            lower: Math.max(0, r.estimate - widen(r.estimate - r.lower)),
            upper: r.upper === Infinity ? Infinity : r.estimate + widen(r.upper - r.estimate),
          },
        ];
      }),
    ) as Record<CheckedFigure, PredictionInterval>;
    const measured: Partial<Record<CheckedFigure, number>> = {};
    if (stage.client.throughputPerSec !== undefined) {
      measured.throughputPerSec = stage.client.throughputPerSec;
    }
    if (stage.client.meanResponseTimeSec !== undefined) {
      measured.meanResponseTimeSec = stage.client.meanResponseTimeSec;
    }
    const m99 = stage.client.quantilesSec?.["0.99"];
    if (m99 !== undefined) measured.p99Sec = m99;
    const errors: CheckedStage["errors"] = {};
    const inside: CheckedStage["inside"] = {};
    for (const f of FIGURES) {
      const m = measured[f];
      if (m === undefined || !(m > 0)) continue;
      errors[f] = (predicted[f].estimate - m) / m;
      inside[f] = m >= predicted[f].lower && m <= predicted[f].upper;
    }
    return {
      users: stage.users,
      window: stage.window,
      requests: stage.client.requests,
      measured,
      predicted,
      errors,
      inside,
    };
  });
  const summary: StageCheck["errors"] = {};
  for (const f of FIGURES) {
    const list = stages
      .map((s) => s.errors[f])
      .filter((x): x is number => x !== undefined)
      .map(Math.abs);
    if (list.length === 0) continue;
    summary[f] = { median: median(list), max: Math.max(...list) };
  }
  const flags = stages.flatMap((s) => Object.values(s.inside));
  return {
    stages,
    level: calibration.level,
    errors: summary,
    insideFraction: flags.length === 0 ? 0 : flags.filter(Boolean).length / flags.length,
  };
}
