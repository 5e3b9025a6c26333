import type { PlanSpike } from "./overload/planSpike.js";
import type { DeploymentInput } from "./deployment.js";
import type { PlanStep } from "./planStep.js";
import type { Redundancy, TierAfterLoss } from "./redundancy.js";
import type { SplitCheck } from "./sizeCandidates.js";
import type { StackEvaluation, StackInput, TierEvaluation } from "./stack.js";

/** One row of the vertical-vs-horizontal comparison. */
export interface AppMachinePlan {
  name: string;
  /** Its cores; for a pod (a machine with `cpuLimitCores`), its CPU limit. */
  cores: number;
  /** App servers (pods) needed. */
  servers: number;
  /** The deployment on each, scaled with its cores. */
  deployment: DeploymentInput;
  appCostPerMonth: number;
  totalCostPerMonth: number;
  meanResponseTimeSec: number;
  responseTimeQuantileSec: number;
  /** False when even 10,000 machines of this kind miss the SLO, or the deployment does not fit its memory. */
  feasible: boolean;
}

/** A tier of the plan and how far it is from its limit. */
export interface PlannedTier extends TierEvaluation {
  /** Requests per second at the top at which the tier reaches `maxUtilization`. */
  limitPerSec: number;
  /** `limitPerSec` ÷ the peak: how many times the peak the tier takes before its limit. */
  headroomFactor: number;
  /** The tier after the single loss (of any one server of any tier) that leaves it busiest. */
  afterWorstLoss: TierAfterLoss;
}

/** Result of {@link planCapacity}. */
export interface CapacityPlan {
  /** False when the SLO cannot be met by adding servers (its floor is the service times), or the app deployment does not fit its machine. */
  feasible: boolean;
  /** Why the plan is not feasible. */
  reason?: string;
  /**
   * What to check before trusting the plan, first of all a tier of more than 1,000 servers
   * (`"the app needs 2,819 servers: check the inputs — is cpuTimeSec 30 meant as 30 ms? …"`).
   */
  warnings: string[];
  /** The failures the plan survives within `maxUtilization` (see {@link PlanCapacityInput}). */
  redundancy: Redundancy;
  arrivalRatePerSec: number;
  peakArrivalRatePerSec: number;
  quantile: number;
  responseTimeSec: number;
  maxUtilization: number;
  /** The planned stack at the peak. */
  peak: StackEvaluation;
  /** The planned stack at the mean load. */
  mean: StackEvaluation;
  tiers: PlannedTier[];
  /** The stack as given (its servers, shards, replicas) at the peak, to compare. */
  current: StackEvaluation;
  /**
   * With the load's keep-alive `connections`, when the app servers pin them to more than one
   * process each: the SLO quantile end to end at the peak over the ways they can land on each
   * server's processes (10th, 50th and 90th percentiles), the likeliest split, and
   * `evenSplitOnly` when the plan meets the SLO only if they split evenly (then also a warning).
   */
  splits?: SplitCheck;
  /** The input's stack with the planned servers, shards and read replicas: evaluate it, or deploy it. */
  stack: StackInput;
  /**
   * Every step, in order: adding where the stack is maxed out, then for the SLO, then trimming,
   * then the minimums that hold a count up. Each says why in figures ({@link PlanReason});
   * {@link describePlanStep} puts that in words.
   */
  trace: PlanStep[];
  appMachines: AppMachinePlan[];
  costPerMonth: number;
  /** With `overload.spike`: what the spike does to the planned stack's app tier, and the others' load. */
  spike?: PlanSpike;
}
