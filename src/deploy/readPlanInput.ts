import { ModelInputError } from "../errors.js";
import { readAppProfile, type AppProfileInput } from "../python/appProfile.js";
import {
  assertFraction,
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
} from "../validate.js";
import { MAX_CORES, readMachine, type MachineInput } from "./deployment.js";
import type { AppMachineOption, PlanCapacityInput } from "./planCapacity.js";
import type { Redundancy } from "./redundancy.js";
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
  rate: number;
  peak: number;
  target: number;
  quantile: number;
  redundancy: Redundancy;
  cap: number;
  prices: Record<string, number>;
  appAt: number;
  appName: string;
  options: Required<AppMachineOption>[];
}

/**
 * Validates the input of {@link planCapacity} (errors from model `planCapacity`, naming the
 * path of the bad field). @internal
 */
export function readPlanInput(input: unknown): PlanInput {
  const model = "planCapacity";
  const o = assertObject(model, input, "input", PLAN_FIELDS);
  const tiers = readStack(model, o.stack);
  const machine = o.machine as MachineInput;
  const m = readMachine(model, "machine", machine);
  const profile = readAppProfile(model, "app", o.app);
  const app = o.app as AppProfileInput;
  const load = assertObject(model, o.load, "load", ["arrivalRatePerSec", "peakFactor"]);
  const rate = assertNonNegative(model, "load.arrivalRatePerSec", load.arrivalRatePerSec);
  const peakFactor =
    load.peakFactor === undefined ? 1 : assertPositive(model, "load.peakFactor", load.peakFactor);
  if (peakFactor < 1) {
    throw new ModelInputError(model, "load.peakFactor", peakFactor, "a number >= 1");
  }
  const { target, quantile } = readSlo(model, o.slo);
  const redundancy = o.redundancy === undefined ? "none" : o.redundancy;
  if (redundancy !== "none" && redundancy !== "n+1") {
    throw new ModelInputError(model, "redundancy", o.redundancy, '"none" or "n+1"');
  }
  const cap =
    o.maxUtilization === undefined
      ? 0.8
      : assertFraction(model, "maxUtilization", o.maxUtilization);
  if (!(cap > 0)) throw new ModelInputError(model, "maxUtilization", cap, "a number in (0, 1]");
  const prices = readPrices(model, o.prices, tiers);
  const appAt = tiers.findIndex((t) => t.kind === "app");
  const appName = tiers[appAt]!.name;
  const options = readAppMachines(
    model,
    o.appMachines,
    m,
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
    stackInput: o.stack as StackInput,
    tiers,
    app,
    machine,
    machineCores: m.cores,
    cpuTimeSec: profile.cpuTimeSec,
    rate,
    peak,
    target,
    quantile,
    redundancy,
    cap,
    prices,
    appAt,
    appName,
    options,
  };
}

/** Validated app machine options with their defaults. */
function readAppMachines(
  model: string,
  value: unknown,
  machine: { cores: number; memoryBytes: number },
  price: number,
): Required<AppMachineOption>[] {
  if (value === undefined) {
    // The bigger machines only where the model takes them (at most MAX_CORES cores).
    return [1, 2, 4]
      .filter((k) => k === 1 || machine.cores * k <= MAX_CORES)
      .map((k) => ({
        name: k === 1 ? "as given" : `${k}× cores and memory`,
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
    const x = assertObject(model, v, field, [
      "name",
      "cores",
      "memoryBytes",
      "pricePerMonth",
      "cpuSpeedup",
    ]);
    if (typeof x.name !== "string" || x.name === "") {
      throw new ModelInputError(model, `${field}.name`, x.name, "a non-empty string");
    }
    return {
      name: x.name,
      cores: assertInteger(model, `${field}.cores`, x.cores, 1, 100_000),
      memoryBytes: assertPositive(model, `${field}.memoryBytes`, x.memoryBytes),
      pricePerMonth: assertNonNegative(model, `${field}.pricePerMonth`, x.pricePerMonth),
      cpuSpeedup:
        x.cpuSpeedup === undefined ? 1 : assertPositive(model, `${field}.cpuSpeedup`, x.cpuSpeedup),
    };
  });
}
