import { ModelInputError } from "../errors.js";
import { assertPositive } from "../validate.js";

// A machine that is a container: a CFS CPU limit on a node whose cores os.cpu_count() sees, and a
// memory limit. The kernel's ranges (kernel/sched/core.c, tg_set_cfs_bandwidth): period and
// quota at least 1 ms, period at most 1 s, burst at most the quota.

/** A validated container limit on a machine. */
export interface ContainerLimits {
  /** CFS quota ÷ period, cores; undefined without a CPU limit. */
  cpuLimitCores: number | undefined;
  cpuPeriodSec: number;
  cpuBurstSec: number;
  cpuRequestCores: number | undefined;
  memoryLimitBytes: number | undefined;
}

/** The container fields a machine may have. */
export const CONTAINER_FIELDS = [
  "cpuLimitCores",
  "cpuPeriodSec",
  "cpuBurstSec",
  "cpuRequestCores",
  "memoryLimitBytes",
] as const;

/** The kernel's shortest CFS period and quota, and its longest period, seconds. */
const MIN_QUOTA_SEC = 0.001;
const MAX_PERIOD_SEC = 1;

/**
 * Validates the container fields of a machine of `cores` cores and `memoryBytes`; undefined when
 * it has none. `field` prefixes the names in errors (`machine.cpuLimitCores`).
 */
export function readContainer(
  model: string,
  field: string,
  o: Record<string, unknown>,
  cores: number,
  memoryBytes: number,
): ContainerLimits | undefined {
  if (CONTAINER_FIELDS.every((f) => o[f] === undefined)) return undefined;
  const name = (f: string) => `${field}.${f}`;
  const limit =
    o.cpuLimitCores === undefined
      ? undefined
      : assertPositive(model, name("cpuLimitCores"), o.cpuLimitCores);
  if (limit !== undefined && !(limit <= cores)) {
    throw new ModelInputError(
      model,
      name("cpuLimitCores"),
      limit,
      `at most the node's cores, ${cores}`,
    );
  }
  for (const f of ["cpuPeriodSec", "cpuBurstSec"]) {
    if (limit === undefined && o[f] !== undefined) {
      throw new ModelInputError(model, name(f), o[f], "absent unless cpuLimitCores is given");
    }
  }
  const period = o.cpuPeriodSec === undefined ? 0.1 : (o.cpuPeriodSec as number);
  if (!(typeof period === "number" && period >= MIN_QUOTA_SEC && period <= MAX_PERIOD_SEC)) {
    throw new ModelInputError(
      model,
      name("cpuPeriodSec"),
      o.cpuPeriodSec,
      "a time in seconds in [0.001, 1] (the kernel's range)",
    );
  }
  const quota = (limit ?? 1) * period;
  if (!(quota >= MIN_QUOTA_SEC * (1 - 1e-12))) {
    throw new ModelInputError(
      model,
      name("cpuLimitCores"),
      limit,
      `a quota cpuLimitCores × cpuPeriodSec of at least 1 ms (the kernel's minimum; ${quota} s)`,
    );
  }
  const burst = o.cpuBurstSec === undefined ? 0 : (o.cpuBurstSec as number);
  if (!(typeof burst === "number" && burst >= 0 && burst <= quota)) {
    throw new ModelInputError(
      model,
      name("cpuBurstSec"),
      o.cpuBurstSec,
      `a time in seconds in [0, ${quota}] (at most the quota, cpuLimitCores × cpuPeriodSec, as the kernel requires)`,
    );
  }
  const request =
    o.cpuRequestCores === undefined
      ? undefined
      : assertPositive(model, name("cpuRequestCores"), o.cpuRequestCores);
  if (request !== undefined && !(request <= (limit ?? cores))) {
    throw new ModelInputError(
      model,
      name("cpuRequestCores"),
      request,
      `at most ${limit === undefined ? "the node's cores" : "cpuLimitCores"}, ${limit ?? cores}`,
    );
  }
  const memoryLimit =
    o.memoryLimitBytes === undefined
      ? undefined
      : assertPositive(model, name("memoryLimitBytes"), o.memoryLimitBytes);
  if (memoryLimit !== undefined && !(memoryLimit <= memoryBytes)) {
    throw new ModelInputError(
      model,
      name("memoryLimitBytes"),
      memoryLimit,
      `at most the node's memoryBytes, ${memoryBytes}`,
    );
  }
  return {
    cpuLimitCores: limit,
    cpuPeriodSec: period + 0,
    cpuBurstSec: burst + 0,
    cpuRequestCores: request,
    memoryLimitBytes: memoryLimit,
  };
}
