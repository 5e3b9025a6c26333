import type { StackEvaluation, Tier, TierCount } from "./stack.js";

/**
 * How many failures a plan must survive: `"none"`, or `"n+1"` — the loss of any one server of
 * any one tier (an app, web, load-balancer or cache server, a memcache shard, a database
 * replica or primary).
 */
export type Redundancy = "none" | "n+1";

/** One server lost, and the stack without it. @internal */
export interface ServerLoss {
  /** The tier that lost it (its index). */
  tier: number;
  /** What was lost, in words: `"one app server"`, `"one memcache shard"`. */
  what: string;
  /** The tiers without it: as they were, but for memcache, whose lost shard's keys now miss. */
  tiers: readonly Tier[];
  /** The counts without it; undefined when the tier had none to spare, and is down. */
  counts: readonly TierCount[] | undefined;
}

/**
 * Every single loss the stack may suffer, one per tier, each the worst of its tier's:
 *
 * - a tier of identical servers (cache, load balancer, web, app): one server fewer; down when it
 *   had one;
 * - the database: one replica fewer in a shard — a lost primary counts the same, a replica
 *   being promoted in its place — so a shard without replicas is down. Shards are alike, so the
 *   stack is evaluated with every shard so reduced: the busiest server's utilization is the
 *   degraded shard's; the latency, and the app servers' wait on the database, are an upper bound;
 * - memcache: one shard fewer, its keys missing: its share of the lookups, 1/shards, becomes
 *   database reads (the other shards' load is unchanged). With one shard, every lookup misses.
 * - a tier on a shared host: one machine of the host fewer, with a server of every tier on it
 *   (a co-located database shard's data taken to be served by the machines left).
 * @internal
 */
function singleLosses(tiers: readonly Tier[], counts: readonly TierCount[]): ServerLoss[] {
  return tiers.map((t, i): ServerLoss => {
    const c = counts[i]!;
    const without = (x: TierCount) => counts.map((y, j) => (j === i ? x : y));
    if (t.host !== undefined) {
      // One machine of a shared host, with a server of every tier on it (its first tier's count
      // stands for them all); its database shard's data is taken to be served by the others.
      const first = t.host.leader;
      const n = counts[first]!.units;
      return {
        tier: i,
        what: `one ${t.host.name} machine`,
        tiers,
        counts:
          n > 1
            ? counts.map((y, j) => (j === first ? { units: n - 1, replicas: 0 } : y))
            : undefined,
      };
    }
    if (t.kind === "database") {
      return {
        tier: i,
        what: `one ${t.name} replica or primary`,
        tiers,
        counts: c.replicas > 0 ? without({ units: c.units, replicas: c.replicas - 1 }) : undefined,
      };
    }
    if (t.kind === "memcache") {
      // Lookups per request to the shards left, (s − 1)/s of them, spread over s − 1 shards:
      // each shard's load is unchanged, and the hits fall by 1/s (a lookup stands for a read).
      const left = (c.units - 1) / c.units;
      const shrunk: Tier = { ...t, lookupsPerRequest: t.lookupsPerRequest * left };
      return {
        tier: i,
        what: `one ${t.name} shard`,
        tiers: tiers.map((x, j) => (j === i ? shrunk : x)),
        counts: without({ units: Math.max(1, c.units - 1), replicas: 0 }),
      };
    }
    return {
      tier: i,
      what: `one ${t.name} server`,
      tiers,
      counts: c.units > 1 ? without({ units: c.units - 1, replicas: c.replicas }) : undefined,
    };
  });
}

/** A plan's state under single losses: each tier at its worst. @internal */
export interface LossView {
  /** Per tier: its highest utilization, intact or after any one loss (∞ for a tier down). */
  utilization: number[];
  /** Per tier: the loss behind it (an index into `losses`), or -1 when that is the intact stack. */
  worstLoss: number[];
  losses: ServerLoss[];
  /** The stack after each loss; undefined for a tier down. */
  after: (StackEvaluation | undefined)[];
}

/**
 * Each tier's utilization at its worst: intact, or after the loss of any one server of any one
 * tier (`"n+1"`); with `"none"` the intact stack's, and no losses.
 * @internal
 */
export function lossView(
  redundancy: Redundancy,
  tiers: readonly Tier[],
  counts: readonly TierCount[],
  intact: StackEvaluation,
  evaluate: (tiers: readonly Tier[], counts: readonly TierCount[]) => StackEvaluation,
): LossView {
  const utilization = intact.tiers.map((t) => t.utilization);
  const worstLoss = utilization.map(() => -1);
  if (redundancy === "none") return { utilization, worstLoss, losses: [], after: [] };
  const losses = singleLosses(tiers, counts);
  const after = losses.map((l) => (l.counts ? evaluate(l.tiers, l.counts) : undefined));
  losses.forEach((l, k) => {
    const e = after[k];
    utilization.forEach((u, j) => {
      const v = e ? e.tiers[j]!.utilization : j === l.tier ? Infinity : 0;
      if (v > u) {
        utilization[j] = v;
        worstLoss[j] = k;
      }
    });
  });
  return { utilization, worstLoss, losses, after };
}

/** A tier after the single loss that is worst for it (see {@link CapacityPlan}). */
export interface TierAfterLoss {
  /** What was lost, in words (`"one database replica or primary"`: a primary lost, a replica is promoted). */
  lost: string;
  /** This tier's servers after the loss (its own count less one if the loss was its own). */
  servers: number;
  /** This tier's utilization after the loss; ∞ when the loss takes the tier down. */
  utilization: number;
  /** The SLO quantile of the end-to-end response time after the loss, seconds; ∞ when down. */
  responseTimeQuantileSec: number;
}

/**
 * For each tier, the figures after the single loss that leaves it busiest (of the losses in an
 * `"n+1"` view of the same counts).
 * @internal
 */
export function afterWorstLosses(
  view: LossView,
  intact: StackEvaluation,
  quantile: number,
): TierAfterLoss[] {
  return intact.tiers.map((t, j): TierAfterLoss => {
    // With no loss worse than none, the tier's worst is its own server lost (the first of them).
    const k = view.worstLoss[j]! >= 0 ? view.worstLoss[j]! : j;
    const loss = view.losses[k]!;
    const e = view.after[k];
    return {
      lost: loss.what,
      servers: t.servers - (loss.tier === j ? 1 : 0),
      utilization: e ? e.tiers[j]!.utilization : loss.tier === j ? Infinity : 0,
      responseTimeQuantileSec: e ? e.responseTimeQuantileSec(quantile) : Infinity,
    };
  });
}
