import type { TierKind } from "./stack.js";

/** What one planning step did. */
export type PlanAction =
  | "add server"
  | "add shard"
  | "add read replicas"
  | "remove server"
  | "remove shard"
  | "remove read replicas"
  | "add host machine"
  | "remove host machine"
  | "keep minimum";

/** What every step of the plan's trace holds: the change, and the tier and stack after it. */
export interface PlanStepFigures {
  /** The tier changed (or, for `"keep minimum"`, held); for a shared host, the first tier on it. */
  tier: string;
  /** The shared host whose machines the step changed or held, with every tier on it. */
  host?: string;
  kind: TierKind;
  action: PlanAction;
  /** Servers or shards (or read replicas per shard) added or removed: 1, or more in one jump; 0 when kept. */
  count: number;
  /** The tier's servers, shards and read replicas per shard after the step. */
  servers: number;
  shards: number;
  readReplicas: number;
  /** The tier's utilization after the step. */
  utilization: number;
  /** The SLO quantile of the response time after the step, seconds. */
  responseTimeQuantileSec: number;
  costPerMonth: number;
}

/**
 * Capacity added because a tier was above the utilization limit at the peak (in words:
 * `database at 108 % > 80 %`, or under N+1 `app at 326 % after the loss of one app server > 80 %`).
 */
export interface UtilizationReason {
  reason: "utilization";
  /**
   * The tier above the limit: the step's tier, or one whose worst loss is a server of the step's
   * tier (a memcache shard more makes the misses of a lost one fewer).
   */
  busyTier: string;
  /** Its utilization before the step, after the loss `lost` when given; ∞ when that loss takes it down. */
  busyUtilization: number;
  /** The single loss after which `busyTier` is busiest (`"one app server"`), when that is worse than none. */
  lost?: string;
  /** The limit, `maxUtilization`. */
  maxUtilization: number;
}

/** Capacity added because the SLO quantile was missed (in words: `p99 612 ms > 500 ms`). */
export interface SloReason {
  reason: "slo";
  /** The SLO's quantile, 0.99 for the p99. */
  quantile: number;
  /** That quantile of the end-to-end response time before the step, seconds. */
  quantileBeforeSec: number;
  /** The SLO's target for it, seconds. */
  targetSec: number;
}

/** Capacity removed as no longer needed (in words: `still within 80 % and p99 ≤ 500 ms`). */
export interface TrimReason {
  reason: "trim";
  /** The limits the stack is still within: `maxUtilization`, and the SLO's quantile and target. */
  maxUtilization: number;
  quantile: number;
  targetSec: number;
}

/**
 * A count held up by a minimum of the input rather than by the limits (action `"keep minimum"`;
 * in words: `kept at 2 by minReplicas (one fewer would be within 80 % and p99 ≤ 500 ms)`).
 */
export interface MinimumReason {
  reason: "minimum";
  /** The input field that sets the minimum. */
  field: "minServers" | "minShards" | "minReplicas" | "minMachines";
  /** The count it holds: servers, shards, or read replicas per shard. */
  keptAt: number;
  /** The limits one fewer would still be within: `maxUtilization`, and the SLO when `sloChecked`. */
  maxUtilization: number;
  quantile: number;
  targetSec: number;
  /** False when the plan cannot meet the SLO, so one fewer was held against the utilization limit alone. */
  sloChecked: boolean;
}

/** Why the planner took a step, in figures; `reason` says which kind. */
export type PlanReason = UtilizationReason | SloReason | TrimReason | MinimumReason;

/**
 * One step of the plan's trace: what changed, the figures after it, and why
 * (`step.reason === "utilization"`, `"slo"`, `"trim"` or `"minimum"`, with the figures behind it).
 * {@link describePlanStep} gives the why in words.
 */
export type PlanStep = PlanStepFigures & PlanReason;
