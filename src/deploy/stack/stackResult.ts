import { gammaSurvival } from "../../math/gamma.js";
import { invertSurvival } from "../../math/solve.js";
import { assertOpenProbability } from "../../validate.js";
import type { ConnectionPoolEvaluation } from "../connectionPool.js";
import type { DeploymentEvaluation } from "../evaluateDeployment.js";
import { lazily } from "./lazily.js";
import type { HostEvaluation, StackEvaluation, TierEvaluation } from "./stackEvaluation.js";

/** The mean and variance of a time. @internal */
export interface TimeMoments {
  meanSec: number;
  varianceSec2: number;
}

/** A path through the stack: its share of requests and the mean and variance of its time. @internal */
export interface Path extends TimeMoments {
  share: number;
}

/** What the end-to-end view of a stack is made of. @internal */
export interface StackParts {
  arrivalRatePerSec: number;
  /** Every tier's result, in the stack's order. */
  tiers: TierEvaluation[];
  /** The app servers' deployment, and whether it and its calls below are stable. */
  app: DeploymentEvaluation;
  appStable: boolean;
  /** Share of the requests that reach the app servers. */
  dynamicShare: number;
  /** The paths of the requests answered above the app servers (cache hits, static files). */
  frontPaths: Path[];
  /** The time a dynamic request spends above the app servers. */
  above: TimeMoments;
  connectionPool: ConnectionPoolEvaluation;
  hosts: HostEvaluation[];
  /** Whether the app servers are a closed loop of clients (evaluateStack's `load.clients`). */
  closedApp: boolean;
}

/**
 * The stack's end-to-end view: stability, the mean and quantiles of the response time over the
 * paths a request may take, the bottleneck and capacity (computed when read), cost and memory.
 * @internal
 */
export function stackResult(parts: StackParts): StackEvaluation {
  const { tiers: evaluated, app: appEval, above, dynamicShare: dynamic } = parts;
  // A dynamic request: the tiers above, then the app's response-time law — itself a mixture of
  // requests that found a free thread and requests that waited — one path for each.
  const paths: Path[] = [...parts.frontPaths];
  if (dynamic > 0) {
    for (const c of appEval.responseTimeComponents) {
      paths.push({
        share: dynamic * c.weight,
        meanSec: above.meanSec + c.meanSec,
        varianceSec2: above.varianceSec2 + c.varianceSec2,
      });
    }
  }
  // A closed loop at the app servers is stable whatever their utilization: the tiers below decide.
  const stable =
    evaluated.every((t) => t.utilization < 1 || (parts.closedApp && t.kind === "app")) &&
    parts.appStable;
  const mean = stable ? paths.reduce((a, p) => a + p.share * p.meanSec, 0) : Infinity;
  const survival = (t: number): number =>
    paths.reduce((a, p) => a + p.share * gammaSurvival(p.meanSec, p.varianceSec2, t), 0);
  // With nothing but the app servers on the way, the stack's law is the deployment's (exact
  // where that is, e.g. M/M/1 and M/M/c).
  const appOnly = dynamic === 1 && above.meanSec === 0 && above.varianceSec2 === 0;
  const quantile = (p: number): number => {
    assertOpenProbability("evaluateStack", "p", p);
    if (!stable) return Infinity;
    if (appOnly) return appEval.responseTimeQuantileSec(p);
    return invertSurvival(survival, 1 - p, Math.max(mean, 1e-9));
  };
  const result = {
    stable,
    arrivalRatePerSec: parts.arrivalRatePerSec,
    tiers: evaluated,
    hosts: parts.hosts,
    bottleneck: "",
    capacityPerSec: 0,
    meanResponseTimeSec: mean,
    responseTimeQuantileSec: quantile,
    app: appEval,
    connectionPool: parts.connectionPool,
    connectionsFit: evaluated.every((t) => t.connections === undefined || t.connections.fits),
    costPerMonth: evaluated.reduce((a, t) => a + t.costPerMonth, 0),
    memoryBytes: evaluated.reduce((a, t) => a + t.memoryBytes, 0),
  };
  lazily(result, "bottleneck", () => bottleneckName(firstToSaturate(evaluated), parts.hosts));
  return lazily(result, "capacityPerSec", () => firstToSaturate(evaluated).capacityPerSec);
}

/**
 * The name of the bottleneck: the tier, or the host it runs on when the host's cores saturate
 * with it (within 0.1 %: an app tier on a host saturates with the host's cores, its capacity
 * found by bisection on a deployment model whose saturation is approached, not reached).
 */
function bottleneckName(tier: TierEvaluation, hosts: readonly HostEvaluation[]): string {
  const host = hosts.find(
    (h) => h.tiers.includes(tier.name) && h.capacityPerSec <= tier.capacityPerSec * (1 + 1e-3),
  );
  return host === undefined ? tier.name : host.name;
}

/**
 * The tier that saturates first, the lowest of equals (a slow database is the cause of a
 * saturated app tier, not the other way round).
 */
function firstToSaturate(evaluated: readonly TierEvaluation[]): TierEvaluation {
  let b = evaluated[evaluated.length - 1]!;
  for (let i = evaluated.length - 2; i >= 0; i--) {
    if (evaluated[i]!.capacityPerSec < b.capacityPerSec) b = evaluated[i]!;
  }
  return b;
}
