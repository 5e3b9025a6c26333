import { movesOf } from "./planMoves.js";
import {
  afterMove,
  planCost,
  recordStep,
  withinLimits,
  type PlanState,
  type Planning,
} from "./planState.js";

/**
 * The third phase of {@link planCapacity}, for a plan within its limits and SLO: removes
 * whatever is no longer needed — a server, shard or read replica per shard whose removal keeps
 * every limit and the SLO — the biggest saving first, never below a minimum. @internal
 */
export function trimPlan(planning: Planning, start: PlanState): PlanState {
  const { given } = planning;
  const { maxUtilization, quantile, targetSec } = given;
  let state = start;
  for (;;) {
    const from = state;
    const candidates = movesOf(given.tiers, from.counts, false)
      .map((move) => ({ move, next: afterMove(given, from, move) }))
      .sort((a, b) => planCost(planning, a.next.atPeak) - planCost(planning, b.next.atPeak));
    const cheapest = candidates.find((c) => withinLimits(given, c.next, true));
    if (!cheapest) return state;
    state = cheapest.next;
    recordStep(planning, state, cheapest.move, {
      reason: "trim",
      maxUtilization,
      quantile,
      targetSec,
    });
  }
}
