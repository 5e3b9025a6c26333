import type { HostShare } from "./hostLoad.js";
import type { HostEvaluation, TierEvaluation } from "./stackEvaluation.js";
import type { StackAtLoad } from "./tierResult.js";

/**
 * The shared hosts' results, in the order their first tier appears: the load of each machine's
 * cores by tier, the common wait, the capacity, and the memory of the tiers on it against the
 * machine's. `shares` by tier index, `tiers` the tiers' results. @internal
 */
export function hostResults(
  stack: StackAtLoad,
  shares: readonly (HostShare | undefined)[],
  tiers: readonly TierEvaluation[],
): HostEvaluation[] {
  const results: HostEvaluation[] = [];
  shares.forEach((share, i) => {
    if (share === undefined || share.host.leader !== i) return;
    const { host } = share;
    const members = shares.flatMap((s, k) => (s === share ? [k] : []));
    const machines = stack.counts[i]!.units;
    const memoryBytes = members.reduce((a, k) => a + tiers[k]!.memoryBytes, 0);
    const lambda = stack.arrivalRatePerSec;
    results.push({
      name: host.name,
      machines,
      coresPerMachine: host.cores,
      tiers: members.map((k) => stack.tiers[k]!.name),
      utilization: lambda * share.utilizationPerRequest,
      busyCoresByTier: share.busyCoresByTier,
      otherBusyCores: share.otherBusyCores,
      capacityPerSec: share.utilizationPerRequest > 0 ? 1 / share.utilizationPerRequest : Infinity,
      meanCpuWaitSec: share.wait.meanSec,
      memoryBytes,
      memoryBytesPerMachine: host.memoryBytes,
      fitsMemory: memoryBytes / machines <= host.memoryBytes,
    });
  });
  return results;
}
