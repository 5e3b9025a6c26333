import type { Move } from "./planMoves.js";
import type { PlanReason, PlanStep } from "./planStep.js";
import type { PlanInput } from "./readPlanInput.js";
import { lossView, type LossView, type Redundancy } from "./redundancy.js";
import { hostCounts } from "./stack/tier.js";
import { evaluateTiers, type StackEvaluation, type Tier, type TierCount } from "./stack.js";
import type { TopLoad } from "./stack/evaluateTiers.js";

// What the phases of the planner share: the input read, the plan so far and how to weigh it,
// and the trace.

/** More steps than this and the planner gives up (the plan is then not feasible). @internal */
export const MAX_STEPS = 5000;

/** A plan's counts, its stack at the peak, and each tier at its worst under the redundancy asked. @internal */
export interface PlanState {
  counts: TierCount[];
  atPeak: StackEvaluation;
  atWorst: LossView;
}

/** The planner at work: its input, the cost per machine that breaks ties, and the trace so far. @internal */
export interface Planning {
  given: PlanInput;
  /**
   * Added to the cost for each machine, so that free tiers are not grown for nothing: a
   * thousandth of the lowest positive price (of 1 when every tier is free).
   */
  tieBreakPerMachine: number;
  trace: PlanStep[];
  /** Called after each step. */
  onProgress: ((step: PlanStep) => void) | undefined;
}

/** Where a phase left the plan, and why it could go no further when it could not. @internal */
export interface PhaseResult {
  state: PlanState;
  /** Why the plan is not feasible; undefined when the phase reached its goal. */
  infeasible?: string;
}

/** A planner for `given`, with an empty trace. @internal */
export function startPlanning(
  given: PlanInput,
  onProgress: ((step: PlanStep) => void) | undefined,
): Planning {
  const positive = Object.values(given.prices).filter((p) => p > 0);
  const tieBreakPerMachine = 1e-3 * (positive.length > 0 ? Math.min(...positive) : 1);
  return { given, tieBreakPerMachine, trace: [], onProgress };
}

/** The stack of `tiers` at `counts`, at the peak. @internal */
export function evaluateAtPeak(
  given: PlanInput,
  tiers: readonly Tier[],
  counts: readonly TierCount[],
): StackEvaluation {
  return evaluateTiers(
    tiers,
    counts,
    given.app,
    given.machine,
    given.peakArrivalRatePerSec,
    given.prices,
    topLoad(given),
  );
}

/** The keep-alive connections of the plan's load, as {@link evaluateTiers} takes them. @internal */
export function topLoad(given: PlanInput): TopLoad {
  return given.connections === undefined ? {} : { connections: given.connections };
}

/**
 * Each tier at `counts` at its worst under `redundancy` (the input's, or `"n+1"` to report the
 * losses of a plan not made to survive them), its intact stack at the peak being `atPeak`.
 * @internal
 */
export function worstAtPeak(
  given: PlanInput,
  redundancy: Redundancy,
  counts: readonly TierCount[],
  atPeak: StackEvaluation,
): LossView {
  const evaluate = (tiers: readonly Tier[], at: readonly TierCount[]) =>
    evaluateAtPeak(given, tiers, at);
  return lossView(redundancy, given.tiers, counts, atPeak, evaluate);
}

/** The plan at `counts`: its stack at the peak, and each tier at its worst under the redundancy asked. @internal */
export function stateOf(given: PlanInput, asked: TierCount[]): PlanState {
  // The tiers on a shared host follow its first tier: one server (shard) per machine.
  const counts = hostCounts(given.tiers, asked);
  const atPeak = evaluateAtPeak(given, given.tiers, counts);
  return { counts, atPeak, atWorst: worstAtPeak(given, given.redundancy, counts, atPeak) };
}

/** The plan after `move`. @internal */
export function afterMove(given: PlanInput, state: PlanState, move: Move): PlanState {
  return stateOf(
    given,
    state.counts.map((count, i) => (i === move.tier ? move.apply(count) : count)),
  );
}

/** What the planner minimizes: the cost per month, and the tie-break for each machine. @internal */
export function planCost(planning: Planning, atPeak: StackEvaluation): number {
  return (
    atPeak.costPerMonth +
    planning.tieBreakPerMachine * atPeak.tiers.reduce((a, t) => a + t.servers, 0)
  );
}

/** The SLO quantile of the end-to-end response time, seconds. @internal */
export function quantileSecOf(given: PlanInput, evaluation: StackEvaluation): number {
  return evaluation.responseTimeQuantileSec(given.quantile);
}

/** The highest utilization of any tier at its worst. @internal */
export function busiestUtilization(state: PlanState): number {
  return Math.max(...state.atWorst.utilization);
}

/** Whether every tier is within `maxUtilization` at its worst and, when `withSlo`, the SLO is met. @internal */
export function withinLimits(given: PlanInput, state: PlanState, withSlo: boolean): boolean {
  return (
    busiestUtilization(state) <= given.maxUtilization &&
    (!withSlo || quantileSecOf(given, state.atPeak) <= given.targetSec)
  );
}

/** Adds to the trace the step `move` that led to `state`, and why. @internal */
export function recordStep(
  planning: Planning,
  state: PlanState,
  move: Move,
  why: PlanReason,
): void {
  const tier = state.atPeak.tiers[move.tier]!;
  const host = planning.given.tiers[move.tier]!.host;
  const step: PlanStep = {
    tier: tier.name,
    ...(host ? { host: host.name } : {}),
    kind: tier.kind,
    action: move.action,
    count: move.count,
    ...why,
    servers: tier.servers,
    shards: tier.shards,
    readReplicas: tier.readReplicas,
    utilization: tier.utilization,
    responseTimeQuantileSec: quantileSecOf(planning.given, state.atPeak),
    costPerMonth: state.atPeak.costPerMonth,
  };
  planning.trace.push(step);
  planning.onProgress?.(step);
}
