import type { AppProfileInput } from "../python/appProfile.js";
import {
  MAX_WORKERS,
  readDeployment,
  type DeploymentInput,
  type MachineInput,
} from "./deployment.js";
import type { AppMachinePlan } from "./capacityPlan.js";
import type { PlanInput } from "./readPlanInput.js";
import {
  evaluateTiers,
  findAppTier,
  type AppTier,
  type StackEvaluation,
  type TierCount,
} from "./stack.js";

/**
 * Vertical against horizontal: the app tier sized again on each of the input's app machines
 * (its deployment scaled with the cores, its CPU time with `cpuSpeedup`), the other tiers at
 * `counts`: the fewest servers within `maxUtilization` (also with one fewer under N+1, and at
 * least `minServers`) and, when `sloMet`, the SLO. @internal
 */
export function compareAppMachines(
  given: PlanInput,
  counts: readonly TierCount[],
  sloMet: boolean,
): AppMachinePlan[] {
  const { tiers, appAt, machine, app, prices, peakArrivalRatePerSec, maxUtilization } = given;
  const { targetSec, quantile, redundancy } = given;
  const quantileSec = (e: StackEvaluation): number => e.responseTimeQuantileSec(quantile);
  const asGiven = findAppTier(tiers).tier;
  const base = asGiven.deployment;
  return given.options.map((option): AppMachinePlan => {
    const factor = option.cores / given.machineCores;
    const deployment = scaleDeployment(base, factor);
    const scaled = readDeployment("planCapacity", `${tiers[appAt]!.field}.deployment`, deployment);
    const appTier: AppTier = {
      ...asGiven,
      deployment,
      workersPerServer: scaled.processes * scaled.slots,
    };
    // A pod stays on its node: its limits grow, not the node's cores (and its CPU is its limit).
    const pod = machine.cpuLimitCores !== undefined || machine.memoryLimitBytes !== undefined;
    const optionMachine: MachineInput = pod
      ? {
          ...machine,
          ...(machine.cpuLimitCores === undefined
            ? {}
            : { cpuLimitCores: machine.cpuLimitCores * factor }),
          ...(machine.memoryLimitBytes === undefined
            ? {}
            : { memoryLimitBytes: machine.memoryLimitBytes * factor }),
        }
      : { ...machine, cores: option.cores, memoryBytes: option.memoryBytes };
    const optionApp: AppProfileInput = {
      ...app,
      cpuTimeSec: given.cpuTimeSec / option.cpuSpeedup,
    };
    const optionPrices = { ...prices, [given.appName]: option.pricePerMonth };
    const withServers = (units: number) =>
      evaluateTiers(
        tiers.map((t, i) => (i === appAt ? appTier : t)),
        counts.map((c, i) => (i === appAt ? { units, replicas: 0 } : c)),
        optionApp,
        optionMachine,
        peakArrivalRatePerSec,
        optionPrices,
      );
    const within = (stack: StackEvaluation) => stack.tiers[appAt]!.utilization <= maxUtilization;
    // At least the minimum; under N+1, within the limit with one server fewer too.
    const enough = (units: number) => {
      const stack = withServers(units);
      return (
        units >= tiers[appAt]!.minUnits &&
        within(stack) &&
        (!sloMet || quantileSec(stack) <= targetSec) &&
        (redundancy === "none" || (units > 1 && within(withServers(units - 1))))
      );
    };
    // The fewest servers that are enough: double, then bisect (all limits fall as servers are added).
    let hi = 1;
    while (hi < 10_000 && !enough(hi)) hi *= 2;
    let lo = Math.floor(hi / 2);
    if (hi > 10_000) hi = 10_000;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (enough(mid)) hi = mid;
      else lo = mid;
    }
    const sized = withServers(hi);
    return {
      name: option.name,
      cores:
        pod && machine.cpuLimitCores !== undefined ? machine.cpuLimitCores * factor : option.cores,
      servers: hi,
      deployment,
      appCostPerMonth: hi * option.pricePerMonth,
      totalCostPerMonth: sized.costPerMonth,
      meanResponseTimeSec: sized.meanResponseTimeSec,
      responseTimeQuantileSec: quantileSec(sized),
      feasible: enough(hi) && sized.app.fitsMemory,
    };
  });
}

/** The same deployment on a machine with `factor` times the cores: processes scale, threads stay. */
function scaleDeployment(d: DeploymentInput, factor: number): DeploymentInput {
  if (d.kind === "threaded" || factor === 1) return d;
  const processes = Math.min(MAX_WORKERS, Math.max(1, Math.round((d.processes ?? 1) * factor)));
  const { processWeights: _weights, ...rest } = d;
  return { ...rest, processes };
}
