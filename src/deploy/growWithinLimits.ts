import { countedAt, movesOf, type Move } from "./planMoves.js";
import {
  afterMove,
  busiestUtilization,
  evaluateAtPeak,
  MAX_STEPS,
  planCost,
  recordStep,
  type PhaseResult,
  type PlanState,
  type Planning,
} from "./planState.js";
import type { UtilizationReason } from "./planStep.js";
import { overLimitWords, wholePercent } from "./planWords.js";
import type { PlanInput } from "./readPlanInput.js";

/** The tier a step must relieve, and the loss behind its utilization. */
interface BusyTier {
  /** Its index. */
  tier: number;
  /** Its utilization at its worst. */
  utilization: number;
  /** The tier whose lost server makes it worst: the tier itself when no loss is worse than none. */
  lossOf: number;
  /** Whether a loss, rather than the intact stack, is its worst. */
  afterLoss: boolean;
}

/** A move with the plan after it, and what it relieves per unit of cost. */
interface Candidate {
  move: Move;
  next: PlanState;
  score: number;
}

/**
 * The first phase of {@link planCapacity}, "whatever gets maxed out, add more": while any tier
 * is above `maxUtilization` at its worst, adds to the lowest such tier (or to the tier whose
 * loss makes it so) the move that relieves it most per unit of cost — for the database, a shard
 * or a read replica per shard — and, when that is servers or shards, as many as its load needs
 * at once. @internal
 */
export function growWithinLimits(planning: Planning, start: PlanState): PhaseResult {
  const { given, trace } = planning;
  const { maxUtilization } = given;
  let state = start;
  while (busiestUtilization(state) > maxUtilization) {
    if (trace.length >= MAX_STEPS) {
      return {
        state,
        infeasible: `still above ${wholePercent(maxUtilization)} after ${MAX_STEPS} steps`,
      };
    }
    const busy = lowestBusyTier(state, maxUtilization);
    const why = overLimit(given, state, busy);
    const writesAlone = writesUtilization(given, state, busy.tier);
    if (writesAlone > maxUtilization) {
      const shards = state.counts[busy.tier]!.units;
      return {
        state,
        infeasible: `${overLimitWords(why)}: its primary's writes alone take ${wholePercent(writesAlone)} and it may not have more than ${shards} shard${shards > 1 ? "s" : ""} (maxShards)`,
      };
    }
    const relief = bestRelief(planning, state, busy);
    if (!relief || !(relief.score > 0)) {
      return { state, infeasible: `${overLimitWords(why)} and no step relieves it` };
    }
    const step = atOnce(given, state, busy, relief);
    state = step.next;
    recordStep(planning, state, step.move, why);
  }
  return { state };
}

/**
 * The lowest tier above the limit: a busy database slows the app servers' calls and fills their
 * threads, so the app's utilization is only meaningful once the tiers below are within theirs
 * (nothing below the app depends on what is above it).
 */
function lowestBusyTier(state: PlanState, maxUtilization: number): BusyTier {
  const { utilization, worstLoss, losses } = state.atWorst;
  let tier = utilization.length - 1;
  while (utilization[tier]! <= maxUtilization) tier--;
  const loss = worstLoss[tier]!;
  return {
    tier,
    utilization: utilization[tier]!,
    lossOf: loss >= 0 ? losses[loss]!.tier : tier,
    afterLoss: loss >= 0,
  };
}

/** Why a step for `busy` is taken, in figures. */
function overLimit(given: PlanInput, state: PlanState, busy: BusyTier): UtilizationReason {
  const loss = state.atWorst.worstLoss[busy.tier]!;
  return {
    reason: "utilization",
    // A tier on a shared host is busy because the host's cores are: the host is named.
    busyTier: given.tiers[busy.tier]!.host?.name ?? state.atPeak.tiers[busy.tier]!.name,
    busyUtilization: busy.utilization,
    ...(loss >= 0 ? { lost: state.atWorst.losses[loss]!.what } : {}),
    maxUtilization: given.maxUtilization,
  };
}

/**
 * For a database at its most shards, the utilization its primaries' writes alone take:
 * replicas take reads off a primary but never its writes, so with endless replicas the primary
 * is left with the writes — if that is above the limit, nothing helps. 0 for any other tier.
 */
function writesUtilization(given: PlanInput, state: PlanState, tier: number): number {
  const { tiers } = given;
  if (tiers[tier]!.kind !== "database" || state.counts[tier]!.units < tiers[tier]!.maxUnits) {
    return 0;
  }
  const endlessReplicas = state.counts.map((x, i) => (i === tier ? { ...x, replicas: 1e9 } : x));
  return evaluateAtPeak(given, tiers, endlessReplicas).tiers[tier]!.utilization;
}

/**
 * The tier's own moves and, when another tier's loss is its worst, that tier's too (a memcache
 * shard more makes the misses of a lost one fewer): the one that takes most utilization off it
 * per unit of cost.
 */
function bestRelief(planning: Planning, state: PlanState, busy: BusyTier): Candidate | undefined {
  let best: Candidate | undefined;
  const { tiers } = planning.given;
  for (const move of movesOf(tiers, state.counts, true)) {
    // A tier on a shared host is relieved by a machine more of the host (its first tier's move).
    if (move.tier !== countedAt(tiers, busy.tier) && move.tier !== countedAt(tiers, busy.lossOf)) {
      continue;
    }
    const next = afterMove(planning.given, state, move);
    const gain =
      Math.min(busy.utilization, 1e9) - Math.min(next.atWorst.utilization[busy.tier]!, 1e9);
    const score = gain / (planCost(planning, next.atPeak) - planCost(planning, state.atPeak));
    if (!best || score > best.score) best = { move, next, score };
  }
  return best;
}

/**
 * When servers (or shards) are the answer, a tier whose load spreads over them needs about
 * units × utilization / limit — units − 1 of them after the loss of its own — : they are added
 * at once rather than one step each (trimming takes back any the app tier, whose utilization is
 * not quite proportional, did not need).
 */
function atOnce(given: PlanInput, state: PlanState, busy: BusyTier, best: Candidate): Candidate {
  const at = countedAt(given.tiers, busy.tier);
  const tier = given.tiers[at]!;
  const units = state.counts[at]!.units;
  const own = busy.lossOf === busy.tier && busy.afterLoss && tier.kind !== "database" ? 1 : 0;
  const needed = Number.isFinite(busy.utilization)
    ? Math.min(
        Math.ceil(((units - own) * busy.utilization) / given.maxUtilization) + own,
        tier.maxUnits,
      ) - units
    : 1;
  if (
    best.move.tier !== at ||
    (best.move.action !== "add server" &&
      best.move.action !== "add shard" &&
      best.move.action !== "add host machine")
  ) {
    return best;
  }
  const jump = movesOf(given.tiers, state.counts, true, { tier: at, units: needed }).find(
    (move) => move.tier === at && move.count === needed && needed > 1,
  );
  return jump ? { move: jump, next: afterMove(given, state, jump), score: best.score } : best;
}
