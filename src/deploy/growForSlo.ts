import { movesOf, type Move } from "./planMoves.js";
import {
  afterMove,
  evaluateAtPeak,
  MAX_STEPS,
  planCost,
  quantileSecOf,
  recordStep,
  type PhaseResult,
  type PlanState,
  type Planning,
} from "./planState.js";
import { quantileName, wholeMilliseconds } from "./planWords.js";
import type { PlanInput } from "./readPlanInput.js";

/**
 * The second phase of {@link planCapacity}: while the SLO quantile misses its target, the step
 * anywhere that cuts the quantile most per unit of cost — unless no number of servers can meet
 * it. @internal
 */
export function growForSlo(planning: Planning, start: PlanState): PhaseResult {
  const { given, trace } = planning;
  const { targetSec, quantile } = given;
  const name = quantileName(quantile);
  let state = start;
  if (!(quantileSecOf(given, state.atPeak) > targetSec)) return { state };
  const floorSec = quantileFloorSec(given);
  if (floorSec > targetSec) {
    return {
      state,
      infeasible: `${name} cannot go below ${wholeMilliseconds(floorSec)} > ${wholeMilliseconds(targetSec)} however many servers are added: the service times alone take that long`,
    };
  }
  while (quantileSecOf(given, state.atPeak) > targetSec) {
    if (trace.length >= MAX_STEPS) {
      return {
        state,
        infeasible: `${name} still above ${wholeMilliseconds(targetSec)} after ${MAX_STEPS} steps`,
      };
    }
    const nowSec = quantileSecOf(given, state.atPeak);
    const best = fastestCut(planning, state, nowSec);
    if (!best || !(nowSec - quantileSecOf(given, best.next.atPeak) > nowSec * 1e-6)) {
      return {
        state,
        infeasible: `${name} ${wholeMilliseconds(nowSec)} > ${wholeMilliseconds(targetSec)} and no added server brings it down: the service times alone take that long`,
      };
    }
    state = best.next;
    recordStep(planning, state, best.move, {
      reason: "slo",
      quantile,
      quantileBeforeSec: nowSec,
      targetSec,
    });
  }
  return { state };
}

/**
 * The least the SLO quantile can be: with a million servers in each tier (shards capped by
 * `maxShards`, a million read replicas then instead) nothing waits, and what is left is the
 * service times.
 */
function quantileFloorSec(given: PlanInput): number {
  const endless = given.tiers.map((t) =>
    t.maxUnits >= 1e6
      ? { units: 1e6, replicas: 0 }
      : { units: t.maxUnits, replicas: t.kind === "database" ? 1e6 : 0 },
  );
  return quantileSecOf(given, evaluateAtPeak(given, given.tiers, endless));
}

/** The move anywhere that cuts the quantile (now `nowSec`) most per unit of cost. */
function fastestCut(
  planning: Planning,
  state: PlanState,
  nowSec: number,
): { move: Move; next: PlanState } | undefined {
  let best: { move: Move; next: PlanState; score: number } | undefined;
  for (const move of movesOf(planning.given.tiers, state.counts, true)) {
    const next = afterMove(planning.given, state, move);
    const score =
      (nowSec - quantileSecOf(planning.given, next.atPeak)) /
      (planCost(planning, next.atPeak) - planCost(planning, state.atPeak));
    if (!best || score > best.score) best = { move, next, score };
  }
  return best;
}
