import { ModelInputError } from "../../errors.js";
import { readDeployment } from "../deployment.js";
import { modelDeployment } from "../servers/readServerDeployment.js";
import type { StackEvaluation } from "../stack/stackEvaluation.js";
import { overloadAnswer, type OverloadAnswer } from "./overloadAnswer.js";
import type { OverloadQuestion } from "./overloadInput.js";
import { overloadStation } from "./overloadStation.js";

/** A tier other than the app's during the spike: its utilization, and what it cannot take. */
export interface TierDuringSpike {
  name: string;
  /** The tier's utilization at the mean load times the spike's height (above 1: overloaded). */
  utilization: number;
  /** Requests per second the tier gets beyond its capacity during the spike (0 within it). */
  excessPerSec: number;
}

/** What a spike does to a planned stack (the `spike` of {@link CapacityPlan}). */
export interface PlanSpike {
  /** The spike's rate at the top of the stack, its multiple of the mean load, and its length. */
  arrivalRatePerSec: number;
  factor: number;
  durationSec: number;
  /** The app servers of the plan. */
  appServers: number;
  /**
   * One app server under its share of the spike ({@link evaluateDeployment}'s `overload`):
   * the station from its server's settings, the spike's refusals, late responses and recovery,
   * and the retries' fixed points.
   */
  app: OverloadAnswer;
  /** The app tier's responses in time per second over the spike and its recovery (all servers). */
  appGoodputPerSec: number;
  /** The other tiers at the spike's rate: a utilization above 1 is a tier the spike overloads too. */
  tiers: TierDuringSpike[];
}

/**
 * What a spike of `overload.spike` (a multiple of the mean load) does to the planned stack's
 * app tier: each app server, with its share of the mean load and the capacity and hold the stack
 * gives it (its calls below included, at the mean load), is the station of
 * {@link evaluateDeployment}'s `overload` built from its server's settings. Approximations
 * besides those of {@link OverloadAnswer}: the load balancer spreads the spike evenly over the
 * app servers; the hold of a request alone is taken as its hold at the mean load; the tiers
 * below keep their calm response times (when the spike overloads one of them, as `tiers` says,
 * the app's calls slow down too, which is not modelled); the other tiers are only scaled.
 * @internal
 */
export function planSpike(
  question: OverloadQuestion,
  spike: { arrivalRatePerSec: number; durationSec: number },
  mean: StackEvaluation,
  appAt: number,
  deploymentInput: unknown,
): PlanSpike {
  const model = "planCapacity";
  const tier = mean.tiers[appAt]!;
  const factor = spike.arrivalRatePerSec / mean.arrivalRatePerSec;
  const perServer = tier.throughputPerSec / tier.servers;
  if (!(perServer > 0)) {
    throw new ModelInputError(
      model,
      "overload.spike",
      spike,
      "absent when no request reaches the app tier (its share of the load is 0)",
    );
  }
  const d = readDeployment(
    model,
    "deployment",
    modelDeployment(model, "deployment", deploymentInput),
  );
  const station = overloadStation(
    model,
    deploymentInput,
    d,
    mean.app.capacityPerSec,
    mean.app.meanHoldSec,
    question.somaxconn,
  );
  const app = overloadAnswer(
    station,
    {
      ...question,
      spike: { arrivalRatePerSec: perServer * factor, durationSec: spike.durationSec },
    },
    perServer,
  );
  return {
    arrivalRatePerSec: spike.arrivalRatePerSec,
    factor,
    durationSec: spike.durationSec,
    appServers: tier.servers,
    app,
    appGoodputPerSec: app.spike!.goodputPerSec * tier.servers,
    tiers: mean.tiers
      .filter((_, i) => i !== appAt)
      .map((t) => ({
        name: t.name,
        utilization: t.utilization * factor,
        // Utilization grows with the load: the tier takes throughput ÷ utilization at most.
        excessPerSec:
          t.utilization * factor > 1
            ? t.throughputPerSec * factor - t.throughputPerSec / t.utilization
            : 0,
      })),
  };
}
