import type { PlanAction } from "./planStep.js";
import type { Tier, TierCount } from "./stack.js";

/** A change of one tier's count. @internal */
export interface Move {
  /** The tier changed (its index). */
  tier: number;
  action: PlanAction;
  /** Servers or shards (or read replicas per shard) added or removed. */
  count: number;
  /** The tier's count after the change. */
  apply(count: TierCount): TierCount;
}

/** Whether a tier counts shards (memcache, database) rather than servers. @internal */
export function isSharded(tier: Tier): boolean {
  return tier.kind === "memcache" || tier.kind === "database";
}

/**
 * The moves from `counts`: one server, shard or replica per shard more (with `grow`) or less in
 * any tier — a machine more or less of a shared host, made on its first tier — within its
 * maximum and minimums; with `jump`, also `jump.units` more servers or
 * shards at once in tier `jump.tier`. @internal
 */
export function movesOf(
  tiers: readonly Tier[],
  counts: readonly TierCount[],
  grow: boolean,
  jump?: { tier: number; units: number },
): Move[] {
  const moves: Move[] = [];
  tiers.forEach((tier, i) => {
    const now = counts[i]!;
    const sharded = isSharded(tier);
    const host = tier.host;
    // A shared host grows by whole machines, its first tier's count standing for all of them.
    if (host !== undefined && host.leader !== i) return;
    const units = (count: number): Move => ({
      tier: i,
      action: host
        ? grow
          ? "add host machine"
          : "remove host machine"
        : grow
          ? sharded
            ? "add shard"
            : "add server"
          : sharded
            ? "remove shard"
            : "remove server",
      count,
      apply: (x) => ({ ...x, units: x.units + (grow ? count : -count) }),
    });
    const replicas: Move = {
      tier: i,
      action: grow ? "add read replicas" : "remove read replicas",
      count: 1,
      apply: (x) => ({ ...x, replicas: x.replicas + (grow ? 1 : -1) }),
    };
    if (grow) {
      if (now.units < tier.maxUnits) moves.push(units(1));
      if (jump?.tier === i && jump.units > 1 && now.units + jump.units <= tier.maxUnits) {
        moves.push(units(jump.units));
      }
      if (tier.kind === "database" && !host) moves.push(replicas);
    } else {
      if (now.units > tier.minUnits) moves.push(units(1));
      if (now.replicas > tier.minReplicas) moves.push(replicas);
    }
  });
  return moves;
}

/** The tier whose count stands for `at`'s: its shared host's first tier, or itself. @internal */
export function countedAt(tiers: readonly Tier[], at: number): number {
  return tiers[at]!.host?.leader ?? at;
}
