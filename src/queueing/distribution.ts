import { invertSurvival } from "../math/solve.js";
import { assertInteger, assertNumber, assertOpenProbability } from "../validate.js";
import type { DistributionCore, QueueResult } from "./types.js";

export type DistributionFunctions = Pick<
  QueueResult,
  | "stateProbability"
  | "responseTimeCdf"
  | "waitTimeCdf"
  | "responseTimeQuantileSec"
  | "waitTimeQuantileSec"
>;

/** The distribution of an overloaded queue: all mass has escaped to infinity. */
const UNSTABLE: DistributionCore = {
  stateProbability: () => 0,
  waitSurvival: () => 1,
  responseSurvival: () => 1,
  waitQuantile: () => Infinity,
  responseQuantile: () => Infinity,
  scaleSec: 1,
};

/** Wraps a model's distribution in the validated public functions of {@link QueueResult}. */
function distributionFunctions(model: string, core: DistributionCore): DistributionFunctions {
  const cdf = (field: string, survival: (t: number) => number) => (tSec: number) => {
    assertNumber(model, field, tSec);
    if (tSec < 0) return 0;
    if (tSec === Infinity) return core === UNSTABLE ? 0 : 1;
    return Math.min(1, Math.max(0, 1 - survival(tSec)));
  };
  const quantile =
    (closedForm: ((p: number) => number) | undefined, survival: (t: number) => number) =>
    (p: number) => {
      assertOpenProbability(model, "p", p);
      return closedForm ? closedForm(p) : invertSurvival(survival, 1 - p, core.scaleSec);
    };
  return {
    stateProbability(n: number) {
      assertInteger(model, "n", n, 0);
      return core.stateProbability(n);
    },
    responseTimeCdf: cdf("tSec", (t) => core.responseSurvival(t)),
    waitTimeCdf: cdf("tSec", (t) => core.waitSurvival(t)),
    responseTimeQuantileSec: quantile(core.responseQuantile, (t) => core.responseSurvival(t)),
    waitTimeQuantileSec: quantile(core.waitQuantile, (t) => core.waitSurvival(t)),
  };
}

/** The identity fields every model result starts with. */
export type ResultBase = Pick<QueueResult, "model" | "method" | "distribution" | "servers">;

/** The numeric fields of a result. */
export type QueueMetrics = Omit<QueueResult, keyof ResultBase | keyof DistributionFunctions>;

/**
 * Assembles a result. Every field is copied explicitly: object spread (`{...a, ...b}`) costs
 * about 10 µs per result on Node 20, fifty times the model itself.
 */
export function queueResult(
  name: string,
  base: ResultBase,
  m: QueueMetrics,
  core: DistributionCore,
): QueueResult {
  const f = distributionFunctions(name, core);
  return {
    model: base.model,
    method: base.method,
    distribution: base.distribution,
    servers: base.servers,
    stable: m.stable,
    utilization: m.utilization,
    offeredLoad: m.offeredLoad,
    throughputPerSec: m.throughputPerSec,
    probabilityOfWaiting: m.probabilityOfWaiting,
    blockingProbability: m.blockingProbability,
    meanInSystem: m.meanInSystem,
    meanQueueLength: m.meanQueueLength,
    meanResponseTimeSec: m.meanResponseTimeSec,
    meanWaitSec: m.meanWaitSec,
    varianceInSystem: m.varianceInSystem,
    responseTimeVarianceSec2: m.responseTimeVarianceSec2,
    stateProbability: f.stateProbability,
    responseTimeCdf: f.responseTimeCdf,
    waitTimeCdf: f.waitTimeCdf,
    responseTimeQuantileSec: f.responseTimeQuantileSec,
    waitTimeQuantileSec: f.waitTimeQuantileSec,
  };
}

/**
 * Result of an overloaded station: servers saturated, throughput at capacity, unbounded means
 * and variances, CDFs 0 everywhere and quantiles `Infinity`.
 */
export function unstableResult(
  name: string,
  base: ResultBase,
  offeredLoad: number,
  serviceTimeSec: number,
): QueueResult {
  const metrics: QueueMetrics = {
    stable: false,
    utilization: 1,
    offeredLoad,
    throughputPerSec: base.servers / serviceTimeSec,
    probabilityOfWaiting: 1,
    blockingProbability: 0,
    meanInSystem: Infinity,
    meanQueueLength: Infinity,
    meanResponseTimeSec: Infinity,
    meanWaitSec: Infinity,
    varianceInSystem: Infinity,
    responseTimeVarianceSec2: Infinity,
  };
  return queueResult(name, base, metrics, UNSTABLE);
}
