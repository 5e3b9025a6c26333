import { ModelInputError } from "../../errors.js";
import {
  assertInteger,
  assertKnownFields,
  assertNonNegative,
  assertObject,
  assertTimeSec,
} from "../../validate.js";
import { MAX_CORES, type Machine } from "../deployment.js";
import type { Host, Tier } from "./tier.js";

/** A host as read, before its tiers are known. */
interface ReadHost {
  name: string;
  field: string;
  cores: number;
  memoryBytes: number;
  machines: number;
  minMachines: number;
  otherCpuSecPerRequest: number;
}

/** The fields of a host, to catch misspelt ones. */
const HOST_FIELDS = [
  "name",
  "cores",
  "memoryBytes",
  "machines",
  "minMachines",
  "otherCpuSecPerRequest",
];
/** The fields a co-located tier takes from its host instead. */
const FROM_HOST = [
  "coresPerServer",
  "servers",
  "minServers",
  "shards",
  "minShards",
  "maxShards",
  "readReplicas",
  "minReplicas",
];

/** Validates `stack.hosts` (absent: none); errors name paths such as `stack.hosts[0].cores`. */
function readHostList(model: string, value: unknown): ReadHost[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ModelInputError(model, "stack.hosts", value, "an array of hosts");
  }
  const names = new Set<string>();
  return value.map((item: unknown, i) => {
    const field = `stack.hosts[${i}]`;
    const o = assertObject(model, item, field);
    assertKnownFields(model, o, HOST_FIELDS, field);
    if (typeof o.name !== "string" || o.name === "" || names.has(o.name)) {
      throw new ModelInputError(
        model,
        `${field}.name`,
        o.name,
        "a non-empty name no other host has",
      );
    }
    names.add(o.name);
    const machines =
      o.machines === undefined ? 1 : assertInteger(model, `${field}.machines`, o.machines, 1, 1e6);
    const minMachines =
      o.minMachines === undefined
        ? 1
        : assertInteger(model, `${field}.minMachines`, o.minMachines, 1, 1e6);
    return {
      name: o.name,
      field,
      cores: assertInteger(model, `${field}.cores`, o.cores, 1, MAX_CORES),
      memoryBytes: assertNonNegative(model, `${field}.memoryBytes`, o.memoryBytes),
      machines,
      minMachines,
      otherCpuSecPerRequest:
        o.otherCpuSecPerRequest === undefined
          ? 0
          : assertTimeSec(model, `${field}.otherCpuSecPerRequest`, o.otherCpuSecPerRequest, 0),
    };
  });
}

/**
 * Places the tiers that name a `host` on it: each then has one server (shard) per host machine,
 * no replicas, the host's cores, and the host's minimum. Refuses an unknown host, a tier of a
 * kind that cannot share one (only app, memcache and database can), a co-located tier with a
 * count or cores of its own, and a host no tier uses. `inputs` are the tiers as given. @internal
 */
export function placeOnHosts(
  model: string,
  hostsValue: unknown,
  inputs: readonly Record<string, unknown>[],
  tiers: Tier[],
): Tier[] {
  const hosts = readHostList(model, hostsValue);
  if (hosts.length === 0 && inputs.every((t) => t.host === undefined)) return tiers;
  const placed = new Map<string, Host>();
  const result = tiers.map((tier, i) => {
    const input = inputs[i]!;
    if (input.host === undefined) return tier;
    const field = `stack.tiers[${i}]`;
    const h = hosts.find((x) => x.name === input.host);
    if (h === undefined) {
      throw new ModelInputError(
        model,
        `${field}.host`,
        input.host,
        hosts.length === 0
          ? "the name of a host in stack.hosts (there are none)"
          : `one of ${hosts.map((x) => `"${x.name}"`).join(", ")} (stack.hosts)`,
      );
    }
    for (const key of FROM_HOST) {
      if (input[key] !== undefined) {
        throw new ModelInputError(
          model,
          `${field}.${key}`,
          input[key],
          `absent: a tier on host "${h.name}" has one server per host machine and the host's cores (set them on ${h.field})`,
        );
      }
    }
    let host = placed.get(h.name);
    if (host === undefined) {
      host = {
        name: h.name,
        field: h.field,
        cores: h.cores,
        memoryBytes: h.memoryBytes,
        otherCpuSecPerRequest: h.otherCpuSecPerRequest,
        leader: i,
      };
      placed.set(h.name, host);
    }
    const count = { units: h.machines, replicas: 0 };
    const common = { count, minUnits: h.minMachines, maxUnits: 1e6, minReplicas: 0, host };
    return tier.kind === "app" ? { ...tier, ...common } : { ...tier, ...common, cores: h.cores };
  });
  const unused = hosts.find((h) => !placed.has(h.name));
  if (unused !== undefined) {
    throw new ModelInputError(
      model,
      `${unused.field}.name`,
      unused.name,
      "the host of at least one tier (a tier's `host`)",
    );
  }
  return result;
}

/**
 * Refuses an app machine whose cores differ from its shared host's: the app servers on a host
 * are its machines. @internal
 */
export function checkAppMachine(model: string, tiers: readonly Tier[], machine: Machine): void {
  const host = tiers.find((t) => t.kind === "app")?.host;
  if (host !== undefined && machine.cores !== host.cores) {
    throw new ModelInputError(
      model,
      "machine.cores",
      machine.cores,
      `${host.cores}, the cores of host "${host.name}" the app tier runs on (${host.field}.cores)`,
    );
  }
  // A pod's limits on a host whose cores the tiers share: not modelled (the quota and the other
  // tiers' share of the cores would both cut the app's CPU).
  if (host !== undefined && machine.container !== undefined) {
    const c = machine.container;
    const cpu = c.cpuLimitCores !== undefined;
    throw new ModelInputError(
      model,
      cpu ? "machine.cpuLimitCores" : "machine.memoryLimitBytes",
      cpu ? c.cpuLimitCores : c.memoryLimitBytes,
      `absent with the app tier on host "${host.name}": a container's limits on a shared host are not modelled`,
    );
  }
}
