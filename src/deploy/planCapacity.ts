import { compareAppMachines } from "./appMachines.js";
import type { CapacityPlan, PlannedTier } from "./capacityPlan.js";
import { connectionWarnings } from "./connectionWarnings.js";
import { growForSlo } from "./growForSlo.js";
import { growWithinLimits } from "./growWithinLimits.js";
import { recordMinimums } from "./recordMinimums.js";
import type { PlanCapacityInput } from "./planCapacityInput.js";
import {
  startPlanning,
  stateOf,
  topLoad,
  worstAtPeak,
  type PhaseResult,
  type Planning,
} from "./planState.js";
import type { PlanStep } from "./planStep.js";
import { implausibleWarnings } from "./planWarnings.js";
import { planSplitCheck, splitWarnings } from "./planSplits.js";
import { readPlanInput, type PlanInput } from "./readPlanInput.js";
import { afterWorstLosses, type LossView } from "./redundancy.js";
import {
  evaluateTiers,
  type StackEvaluation,
  type StackInput,
  type Tier,
  type TierCount,
  type TierInput,
} from "./stack.js";
import { trimPlan } from "./trimPlan.js";
import { planSpike } from "./overload/planSpike.js";

/**
 * Plans the cheapest server counts per tier for a peak load, the way the talk says to: "whatever
 * resource gets maxed out, add more". Starting from one server per tier (one shard, no
 * replicas), or the tier's minimums (`minServers`, `minShards`, `minReplicas`, never trimmed
 * below), it adds capacity while any tier is above `maxUtilization` at the peak — with
 * `redundancy: "n+1"`, also after the loss of any one server of any one tier — the lowest such
 * tier first (a slow database fills the app servers' threads, so the tiers below are settled
 * first) — choosing, for the database, between a shard and a read replica per shard by the
 * utilization each removes per unit of cost — then, while the SLO quantile is missed, the step
 * that cuts the quantile most per unit of cost anywhere, then removes what is no longer needed,
 * cheapest savings first. Every step is in `trace`, with why in figures ({@link describePlanStep}
 * words it). Greedy, so not proven optimal; the trimming pass removes any server whose removal
 * keeps the plan within its limits. Finally the app tier is sized again on each of
 * `appMachines` (vertical against horizontal). A tier of more than 1,000 servers is named in
 * `warnings`, with the inputs behind its load (a unit slip is likelier), and so is a memcache or
 * database tier that gets more connections than it accepts (`connections.fits`): the count is
 * reported, not planned around. With the keep-alive connections of the load
 * (`load.connections`) and app servers that pin them to their processes, `splits` gives the SLO
 * quantile over the ways they can land, and a warning names a plan that meets the SLO only when
 * they split evenly (the worst tenth of the splits over the target): reported too.
 *
 * @param input - The stack, app, machine, load with its peak factor, SLO, prices and limits.
 * @param onProgress - Called after each step (for a progress line on a terminal).
 * @returns The plan, its trace, how far each tier is from its limit, the stack as given at the
 *   peak, and the app-machine comparison.
 * @throws {@link ModelInputError} naming the path of a bad field.
 * @example
 * ```ts
 * const plan = planCapacity({ stack: { tiers: [{ kind: "app", deployment: { kind: "prefork", processes: 4 } }] }, app: { cpuTimeSec: 0.02, ioTimeSec: 0 }, machine: { cores: 4, memoryBytes: 8 * 2 ** 30 }, load: { arrivalRatePerSec: 300 }, slo: { responseTimeSec: 1 } });
 * plan.tiers[0].servers; // => 2
 * // N+1: 140 req/s × 10 ms on one-core web servers is 70 % on 2, but 140 % on the one left.
 * const ha = planCapacity({ stack: { tiers: [{ kind: "web", proxyTimeSec: 0.01, coresPerServer: 1 }, { kind: "app", deployment: { kind: "prefork", processes: 4 } }] }, app: { cpuTimeSec: 0.001, ioTimeSec: 0 }, machine: { cores: 4, memoryBytes: 8 * 2 ** 30 }, load: { arrivalRatePerSec: 140 }, slo: { responseTimeSec: 1 }, redundancy: "n+1" });
 * ha.tiers[0].servers; // => 3
 * ```
 */
export function planCapacity(
  input: PlanCapacityInput,
  onProgress?: (step: PlanStep) => void,
): CapacityPlan {
  const given = readPlanInput(input);
  const { tiers, app, machine, peakArrivalRatePerSec: peak, prices } = given;
  const planning = startPlanning(given, onProgress);
  const planned = planCounts(planning);
  const { counts, atPeak } = planned.state;
  const sloMet = planned.infeasible === undefined;
  const memory = sloMet && !atPeak.app.fitsMemory;
  // The tiers on a host machine share its memory: their sum must fit.
  const crowded = sloMet ? atPeak.hosts.find((h) => !h.fitsMemory) : undefined;
  const reason = memory
    ? `the app deployment needs ${Math.round(atPeak.app.pssBytes / 2 ** 20)} MiB and does not fit ${
        machine.memoryLimitBytes === undefined
          ? "its machine's memory"
          : `the pod's memory limit of ${Math.round(machine.memoryLimitBytes / 2 ** 20)} MiB: its workers are OOM-killed`
      }`
    : crowded
      ? `the tiers on host ${crowded.name} need ${Math.round(crowded.memoryBytes / crowded.machines / 2 ** 20)} MiB a machine and do not fit its ${Math.round(crowded.memoryBytesPerMachine / 2 ** 20)} MiB`
      : planned.infeasible;
  const splits = planSplitCheck(given, atPeak);
  const mean = evaluateTiers(
    tiers,
    counts,
    app,
    machine,
    given.arrivalRatePerSec,
    prices,
    topLoad(given),
  );
  const spike = given.overload?.spike;
  return {
    feasible: reason === undefined,
    ...(reason === undefined ? {} : { reason }),
    warnings: [
      ...implausibleWarnings(tiers, atPeak.tiers, app, peak),
      ...connectionWarnings(atPeak.tiers),
      ...splitWarnings(given, splits),
    ],
    redundancy: given.redundancy,
    arrivalRatePerSec: given.arrivalRatePerSec,
    peakArrivalRatePerSec: peak,
    quantile: given.quantile,
    responseTimeSec: given.targetSec,
    maxUtilization: given.maxUtilization,
    peak: atPeak,
    mean,
    tiers: plannedTiers(given, planned.state.atWorst, counts, atPeak),
    current: evaluateTiers(
      tiers,
      tiers.map((t) => t.count),
      app,
      machine,
      peak,
      prices,
      topLoad(given),
    ),
    ...(splits === undefined ? {} : { splits }),
    stack: plannedStack(given.stackInput, tiers, counts),
    trace: planning.trace,
    // Vertical against horizontal: the app tier again on each machine, the rest as planned.
    appMachines: compareAppMachines(given, counts, sloMet),
    costPerMonth: atPeak.costPerMonth,
    ...(spike === undefined
      ? {}
      : {
          spike: planSpike(
            given.overload!,
            spike,
            mean,
            given.appAt,
            (given.stackInput.tiers[given.appAt] as { deployment?: unknown }).deployment,
          ),
        }),
  };
}

/**
 * The counts of the plan, phase by phase from the minimums (one server per tier, one shard, no
 * replicas unless the input asks more): grow within the limits, grow for the SLO, trim, and say
 * where a minimum holds a count up.
 */
function planCounts(planning: Planning): PhaseResult {
  const { given } = planning;
  const start = stateOf(
    given,
    given.tiers.map((t) => ({ units: t.minUnits, replicas: t.minReplicas })),
  );
  let grown = growWithinLimits(planning, start);
  if (grown.infeasible === undefined) grown = growForSlo(planning, grown.state);
  const sloMet = grown.infeasible === undefined;
  const state = sloMet ? trimPlan(planning, grown.state) : grown.state;
  recordMinimums(planning, state, sloMet);
  return { ...grown, state };
}

/** Each planned tier with how far it is from its limit and its worst single loss (whether or not the plan was made to survive it). */
function plannedTiers(
  given: PlanInput,
  atWorst: LossView,
  counts: readonly TierCount[],
  atPeak: StackEvaluation,
): PlannedTier[] {
  const { redundancy, quantile, maxUtilization, peakArrivalRatePerSec: peak } = given;
  const losses = redundancy === "n+1" ? atWorst : worstAtPeak(given, "n+1", counts, atPeak);
  const afterLosses = afterWorstLosses(losses, atPeak, quantile);
  return atPeak.tiers.map((t, i) => {
    const limitPerSec = t.loadAtUtilizationPerSec(maxUtilization);
    return {
      ...t,
      limitPerSec,
      headroomFactor: peak > 0 ? limitPerSec / peak : Infinity,
      afterWorstLoss: afterLosses[i]!,
    };
  });
}

/**
 * The input's stack with the planned servers, shards and read replicas, and the planned machines
 * of each shared host (its first tier's count).
 */
function plannedStack(
  stack: StackInput,
  tiers: readonly Tier[],
  counts: readonly TierCount[],
): StackInput {
  const hosts = stack.hosts?.map((h) => {
    const first = tiers.find((t) => t.host?.name === h.name)!.host!.leader;
    return { ...h, machines: counts[first]!.units };
  });
  return {
    ...(hosts === undefined ? {} : { hosts }),
    tiers: stack.tiers.map((t, i): TierInput => {
      const count = counts[i]!;
      if (tiers[i]!.host !== undefined) return t;
      if (t.kind === "memcache") return { ...t, shards: count.units };
      if (t.kind === "database") {
        return { ...t, shards: count.units, readReplicas: count.replicas };
      }
      return { ...t, servers: count.units };
    }),
  };
}
