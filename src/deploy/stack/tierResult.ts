import { cappedStationWait, type StationWait } from "../../queueing/cappedStationWait.js";
import { assertPositive } from "../../validate.js";
import type { TierConnections } from "../tierConnections.js";
import { lazily } from "./lazily.js";
import type { TierEvaluation } from "./stackEvaluation.js";
import type { PlacedTier, ServerTier, Tier, TierCount } from "./tier.js";

/** A stack's validated tiers at given counts, load at the top and prices. @internal */
export interface StackAtLoad {
  tiers: readonly Tier[];
  counts: readonly TierCount[];
  /** Requests per second arriving at the top. */
  arrivalRatePerSec: number;
  prices: Readonly<Record<string, number>>;
}

/** A tier's calls per dynamic request and the mean and variance of one call's time. @internal */
export interface TierCalls {
  perDynamicRequest: number;
  meanSec: number;
  varianceSec2: number;
}

/** No calls: the time below a tier the stack does not have. @internal */
export const NO_CALLS: TierCalls = { perDynamicRequest: 0, meanSec: 0, varianceSec2: 0 };

/** The figures a tier's result is made of. */
interface TierFigures {
  /** Operations per request arriving at the top. */
  visitsPerRequest: number;
  utilization: number;
  /** The load at the top at which the tier reaches utilization `u`. */
  loadAt: (u: number) => number;
  meanResponseTimeSec: number;
  memoryBytes: number;
  connections?: TierConnections;
}

/** The result of the tier at index `at`, its capacity computed when first read. @internal */
export function tierResult(stack: StackAtLoad, at: number, figures: TierFigures): TierEvaluation {
  const t = stack.tiers[at]!;
  const count = stack.counts[at]!;
  const servers = count.units * (1 + count.replicas);
  const { loadAt, visitsPerRequest } = figures;
  const result = {
    name: t.name,
    kind: t.kind,
    servers,
    shards: t.kind === "memcache" || t.kind === "database" ? count.units : 1,
    readReplicas: count.replicas,
    visitsPerRequest,
    throughputPerSec: visitsPerRequest * stack.arrivalRatePerSec,
    utilization: figures.utilization,
    capacityPerSec: 0,
    loadAtUtilizationPerSec: (u: number) => loadAt(assertPositive("evaluateStack", "u", u)),
    meanResponseTimeSec: figures.meanResponseTimeSec,
    memoryBytes: figures.memoryBytes,
    costPerMonth: servers * (Object.hasOwn(stack.prices, t.name) ? stack.prices[t.name]! : 0),
    connections: figures.connections,
  };
  return lazily(result, "capacityPerSec", () => loadAt(1));
}

/**
 * The result of a tier of servers whose busiest one's utilization grows in proportion to the
 * load, `perRequest` × λ. @internal
 */
export function linearTier(
  stack: StackAtLoad,
  placed: PlacedTier<ServerTier>,
  visitsPerRequest: number,
  perRequest: number,
  meanResponseTimeSec: number,
  connections?: TierConnections,
): TierEvaluation {
  const count = stack.counts[placed.at]!;
  return tierResult(stack, placed.at, {
    visitsPerRequest,
    utilization: perRequest * stack.arrivalRatePerSec,
    loadAt: (u) => (perRequest > 0 ? u / perRequest : Infinity),
    meanResponseTimeSec,
    memoryBytes: count.units * (1 + count.replicas) * placed.tier.memoryBytesPerServer,
    ...(connections === undefined ? {} : { connections }),
  });
}

/**
 * The share of the requests at the top that each server of `placed` gets (`share` of them spread
 * evenly over its servers or shards), and its wait: a station of its cores, its calls from at
 * most `callers`. @internal
 */
export function serverWait(
  stack: StackAtLoad,
  placed: PlacedTier<ServerTier>,
  share: number,
  serviceTimeSec: number,
  callers?: number,
): { perServer: number; wait: StationWait } {
  const perServer = share / stack.counts[placed.at]!.units;
  const wait = cappedStationWait({
    arrivalRatePerSec: stack.arrivalRatePerSec * perServer,
    serviceTimeSec,
    servers: placed.tier.cores,
    ...(callers === undefined ? {} : { callers }),
  });
  return { perServer, wait };
}
