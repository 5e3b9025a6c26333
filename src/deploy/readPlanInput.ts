import { ModelInputError } from "../errors.js";
import { readAppProfile, type AppProfileInput } from "../python/appProfile.js";
import {
  assertFraction,
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
} from "../validate.js";
import { MAX_CORES, readMachine, type Machine, type MachineInput } from "./deployment.js";
import { checkAppMachine } from "./stack/readHosts.js";
import type { AppMachineOption, PlanCapacityInput } from "./planCapacityInput.js";
import type { Redundancy } from "./redundancy.js";
import { readOverload, type OverloadQuestion } from "./overload/overloadInput.js";
import { readSlo } from "./sizeDeployment.js";
import { readPrices, readStack, type StackInput, type Tier } from "./stack.js";

/** The fields of {@link PlanCapacityInput}, and of a scenario file's top level. @internal */
export const PLAN_FIELDS: readonly string[] = [
  "description",
  "stack",
  "app",
  "machine",
  "load",
  "slo",
  "prices",
  "maxUtilization",
  "appMachines",
  "redundancy",
  "overload",
];

/** The input of {@link planCapacity}, validated, with its defaults. @internal */
export interface PlanInput {
  stackInput: StackInput;
  tiers: Tier[];
  app: AppProfileInput;
  machine: MachineInput;
  machineCores: number;
  /** The app's CPU time per request on the scenario's machine, seconds. */
  cpuTimeSec: number;
  /** The mean load, and the peak planned for (the mean × `peakFactor`). */
  arrivalRatePerSec: number;
  peakArrivalRatePerSec: number;
  /** The keep-alive connections that carry the load to the app servers, all together, if known. */
  connections: number | undefined;
  /** The SLO: its quantile's target, seconds, and the quantile. */
  targetSec: number;
  quantile: number;
  redundancy: Redundancy;
  maxUtilization: number;
  prices: Record<string, number>;
  /** The app tier: its index and name. */
  appAt: number;
  appName: string;
  options: Required<AppMachineOption>[];
  /** Past capacity: a spike of the mean load and the clients' behaviour; undefined without. */
  overload: OverloadQuestion | undefined;
}

/**
 * Validates the input of {@link planCapacity} (errors from model `planCapacity`, naming the
 * path of the bad field). @internal
 */
export function readPlanInput(value: unknown): PlanInput {
  const model = "planCapacity";
  const input = assertObject(model, value, "input", PLAN_FIELDS);
  const tiers = readStack(model, input.stack);
  const machine = input.machine as MachineInput;
  const machineRead = readMachine(model, "machine", machine, true);
  checkAppMachine(model, tiers, machineRead);
  const profile = readAppProfile(model, "app", input.app);
  const app = input.app as AppProfileInput;
  const load = assertObject(model, input.load, "load", [
    "arrivalRatePerSec",
    "peakFactor",
    "connections",
  ]);
  const rate = assertNonNegative(model, "load.arrivalRatePerSec", load.arrivalRatePerSec);
  const connections =
    load.connections === undefined
      ? undefined
      : assertInteger(model, "load.connections", load.connections, 1, 1_000_000);
  const peakFactor =
    load.peakFactor === undefined ? 1 : assertPositive(model, "load.peakFactor", load.peakFactor);
  if (peakFactor < 1) {
    throw new ModelInputError(model, "load.peakFactor", peakFactor, "a number >= 1");
  }
  const { target, quantile } = readSlo(model, input.slo);
  const redundancy = input.redundancy === undefined ? "none" : input.redundancy;
  if (redundancy !== "none" && redundancy !== "n+1") {
    throw new ModelInputError(model, "redundancy", input.redundancy, '"none" or "n+1"');
  }
  const maxUtilization =
    input.maxUtilization === undefined
      ? 0.8
      : assertFraction(model, "maxUtilization", input.maxUtilization);
  if (!(maxUtilization > 0)) {
    throw new ModelInputError(model, "maxUtilization", maxUtilization, "a number in (0, 1]");
  }
  const prices = readPrices(model, input.prices, tiers);
  const appAt = tiers.findIndex((t) => t.kind === "app");
  const appName = tiers[appAt]!.name;
  const options = appOnHost(model, tiers[appAt]!, input.appMachines)
    ? []
    : readAppMachines(
        model,
        input.appMachines,
        machineRead,
        Object.hasOwn(prices, appName) ? prices[appName]! : 0,
      );
  const peak = rate * peakFactor;
  if (!Number.isFinite(peak)) {
    throw new ModelInputError(
      model,
      "load.peakFactor",
      peakFactor,
      "a factor that keeps the peak finite",
    );
  }
  return {
    stackInput: input.stack as StackInput,
    tiers,
    app,
    machine,
    machineCores: machineRead.cores,
    cpuTimeSec: profile.cpuTimeSec,
    arrivalRatePerSec: rate,
    peakArrivalRatePerSec: peak,
    connections,
    targetSec: target,
    quantile,
    redundancy,
    maxUtilization,
    prices,
    appAt,
    appName,
    options,
    overload: readPlanOverload(model, input.overload, rate),
  };
}

/** The scenario's `overload`: a spike, which the planner's answer is about, is required. */
function readPlanOverload(
  model: string,
  value: unknown,
  rate: number,
): OverloadQuestion | undefined {
  if (value === undefined) return undefined;
  const question = readOverload(model, "overload", value, rate);
  if (question.spike === undefined) {
    throw new ModelInputError(
      model,
      "overload.spike",
      undefined,
      "given: the plan's answer is what a spike does (`{ factor, durationSec }`)",
    );
  }
  return question;
}

/**
 * Whether the app tier runs on a shared host: then its machine is the host's and there are no
 * app machines to compare (`appMachines` is refused).
 */
function appOnHost(model: string, app: Tier, appMachines: unknown): boolean {
  if (app.host === undefined) return false;
  if (appMachines !== undefined) {
    throw new ModelInputError(
      model,
      "appMachines",
      appMachines,
      `absent: the app tier runs on host "${app.host.name}" (its machines are the host's)`,
    );
  }
  return true;
}

/** Validated app machine options with their defaults. */
function readAppMachines(
  model: string,
  value: unknown,
  machine: Machine,
  price: number,
): Required<AppMachineOption>[] {
  const pod = machine.container !== undefined;
  if (pod && value !== undefined) {
    throw new ModelInputError(
      model,
      "appMachines",
      value,
      "absent with a pod as the machine (the plan compares the pod's limits × 2 and × 4; sizePods compares pod shapes)",
    );
  }
  if (value === undefined) {
    // The bigger machines only where the model takes them (at most MAX_CORES cores). A pod's are
    // its limits scaled on the same node (compareAppMachines).
    return [1, 2, 4]
      .filter((k) => k === 1 || machine.cores * k <= MAX_CORES)
      .map((k) => ({
        name: k === 1 ? "as given" : pod ? `${k}× the pod's limits` : `${k}× cores and memory`,
        cores: machine.cores * k,
        memoryBytes: machine.memoryBytes * k,
        pricePerMonth: price * k,
        cpuSpeedup: 1,
      }));
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new ModelInputError(model, "appMachines", value, "a non-empty array of machines");
  }
  return value.map((v: unknown, i) => {
    const field = `appMachines[${i}]`;
    const option = assertObject(model, v, field, [
      "name",
      "cores",
      "memoryBytes",
      "pricePerMonth",
      "cpuSpeedup",
    ]);
    if (typeof option.name !== "string" || option.name === "") {
      throw new ModelInputError(model, `${field}.name`, option.name, "a non-empty string");
    }
    return {
      name: option.name,
      cores: assertInteger(model, `${field}.cores`, option.cores, 1, 100_000),
      memoryBytes: assertPositive(model, `${field}.memoryBytes`, option.memoryBytes),
      pricePerMonth: assertNonNegative(model, `${field}.pricePerMonth`, option.pricePerMonth),
      cpuSpeedup:
        option.cpuSpeedup === undefined
          ? 1
          : assertPositive(model, `${field}.cpuSpeedup`, option.cpuSpeedup),
    };
  });
}
