import { isSharded, type Move } from "./planMoves.js";
import { recordStep, stateOf, withinLimits, type PlanState, type Planning } from "./planState.js";
import type { MinimumReason } from "./planStep.js";
import type { TierCount } from "./stack.js";

/** A count held at a minimum of the input, with the counts one fewer. */
interface HeldCount {
  tier: number;
  field: MinimumReason["field"];
  keptAt: number;
  fewer: TierCount[];
}

/**
 * The last phase of {@link planCapacity}: a `"keep minimum"` step for each count that a
 * minimum of the input (`minServers`, `minShards`, `minReplicas`), not the limits, holds up —
 * one fewer would still be within `maxUtilization` and, when `sloMet`, the SLO. @internal
 */
export function recordMinimums(planning: Planning, state: PlanState, sloMet: boolean): void {
  const { given } = planning;
  for (const held of heldCounts(planning, state.counts)) {
    if (!withinLimits(given, stateOf(given, held.fewer), sloMet)) continue;
    const keep: Move = { tier: held.tier, action: "keep minimum", count: 0, apply: (x) => x };
    recordStep(planning, state, keep, {
      reason: "minimum",
      field: held.field,
      keptAt: held.keptAt,
      maxUtilization: given.maxUtilization,
      quantile: given.quantile,
      targetSec: given.targetSec,
      sloChecked: sloMet,
    });
  }
}

/** The counts at a minimum above the default (servers or shards above 1, replicas above 0). */
function heldCounts(planning: Planning, counts: readonly TierCount[]): HeldCount[] {
  const held: HeldCount[] = [];
  planning.given.tiers.forEach((tier, i) => {
    // A shared host's minimum is held by its first tier, for every tier on it.
    if (tier.host !== undefined && tier.host.leader !== i) return;
    const now = counts[i]!;
    const fewer = (x: TierCount) => counts.map((y, j) => (j === i ? x : y));
    if (tier.minUnits > 1 && now.units === tier.minUnits) {
      held.push({
        tier: i,
        field: tier.host ? "minMachines" : isSharded(tier) ? "minShards" : "minServers",
        keptAt: now.units,
        fewer: fewer({ units: now.units - 1, replicas: now.replicas }),
      });
    }
    if (tier.minReplicas > 0 && now.replicas === tier.minReplicas) {
      held.push({
        tier: i,
        field: "minReplicas",
        keptAt: now.replicas,
        fewer: fewer({ units: now.units, replicas: now.replicas - 1 }),
      });
    }
  });
  return held;
}
