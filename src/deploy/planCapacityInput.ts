import type { OverloadInput } from "./overload/overloadInput.js";
import type { AppProfileInput } from "../python/appProfile.js";
import type { MachineInput } from "./deployment.js";
import type { Redundancy } from "./redundancy.js";
import type { StackInput } from "./stack.js";

/** A machine to compare for the app tier: vertical (bigger, faster) against horizontal (more). */
export interface AppMachineOption {
  name: string;
  cores: number;
  memoryBytes: number;
  /** Price of one such machine per month. */
  pricePerMonth: number;
  /** How much faster its cores run the application's bytecode than the scenario's machine. @defaultValue 1 */
  cpuSpeedup?: number;
}

/** Input of {@link planCapacity}. */
export interface PlanCapacityInput {
  stack: StackInput;
  /** The application on the app servers (see {@link evaluateStack}). */
  app: AppProfileInput;
  /** Each app server. */
  machine: MachineInput;
  /**
   * Mean arrival rate at the top of the stack, and the peak as a multiple of it ("plan for
   * spikes"); optionally the keep-alive `connections` that carry it to the app servers, all of
   * them together, at the mean and at the peak alike (each server gets ⌈connections ÷ servers⌉).
   * With them, the plan checks its app tier over the ways they can land on each server's
   * processes (`splits` of the result, see {@link evaluateStack}'s `spread`).
   */
  load: { arrivalRatePerSec: number; peakFactor?: number; connections?: number };
  /** End-to-end latency to meet at the peak. */
  slo: { responseTimeSec: number; quantile?: number };
  /** Price of one server per month, by tier name; a tier without a price costs 0. */
  prices?: Record<string, number>;
  /** Highest utilization any tier may reach at the peak. @defaultValue 0.8 */
  maxUtilization?: number;
  /**
   * Machines to compare for the app tier, each sized for the same peak with the other tiers as
   * planned. @defaultValue the scenario's machine, and 2× and 4× its cores and memory at 2× and
   * 4× the app tier's price
   */
  appMachines?: AppMachineOption[];
  /**
   * `"n+1"`: the plan must keep every tier within `maxUtilization` at the peak after the loss of
   * any one server of any one tier (an unsharded tier's server, a database replica or primary —
   * a shard needs a replica to survive — or a memcache shard, whose keys then miss). The SLO is
   * met with every server up; after a loss it is reported (`tiers[i].afterWorstLoss`), not
   * required. @defaultValue "none"
   */
  redundancy?: Redundancy;
  /**
   * A spike of the mean load (`spike: { factor: 3, durationSec: 60 }`) and the clients' timeout
   * and retries: the plan's `spike` says what it does to the app tier (see
   * {@link OverloadInput}). @defaultValue none
   */
  overload?: OverloadInput;
}
