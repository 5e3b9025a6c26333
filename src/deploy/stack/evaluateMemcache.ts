import type { TierConnections } from "../tierConnections.js";
import type { HostShare } from "./hostLoad.js";
import type { TierEvaluation } from "./stackEvaluation.js";
import type { MemcacheTier, PlacedTier } from "./tier.js";
import { linearTier, serverWait, type StackAtLoad, type TierCalls } from "./tierResult.js";

/**
 * The memcache tier: each shard a station of its cores fed its share of the lookups by at most
 * `callers` worker threads; a lookup's time is its wait, its CPU time and its time off the
 * cores. `dynamicShare` is the share of the requests at the top that reach the app servers;
 * `connections` those the app opens to each shard; on a shared host (`host`), a lookup waits the
 * host's common queue and the tier's utilization is the host's. @internal
 */
export function evaluateMemcache(
  stack: StackAtLoad,
  mc: PlacedTier<MemcacheTier>,
  dynamicShare: number,
  callers: number,
  connections: TierConnections,
  host?: HostShare,
): { result: TierEvaluation; calls: TierCalls } {
  const { tier } = mc;
  const lookups = tier.lookupsPerRequest;
  const own = serverWait(stack, mc, dynamicShare * lookups, tier.serviceTimeSec, callers);
  // On a shared host a lookup waits the host's common queue, and the host's load is the tier's.
  const w = host ? host.wait : own.wait;
  const meanSec = w.meanSec + tier.serviceTimeSec + tier.nonCpuTimeSec;
  const varianceSec2 = w.varianceSec2 + tier.serviceTimeSec ** 2 + tier.nonCpuTimeSec ** 2;
  return {
    result: linearTier(
      stack,
      mc,
      dynamicShare * lookups,
      host ? host.utilizationPerRequest : (own.perServer * tier.serviceTimeSec) / tier.cores,
      lookups > 0 ? meanSec : 0,
      connections,
    ),
    calls: { perDynamicRequest: lookups, meanSec, varianceSec2 },
  };
}
