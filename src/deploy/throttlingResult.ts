import type { MemoryBudget } from "../python/memoryBudget.js";
import type { CfsThrottling } from "../queueing/cfsThrottling.js";

/** The throttling of a deployment under a CPU limit, as {@link evaluateDeployment} reports it. */
export interface Throttling {
  /** Share of the CFS periods in which the quota runs out (over all periods). */
  throttledPeriodFraction: number;
  /** Mean time a request spends stopped by the throttle, seconds (included in the response time). */
  throttledSecPerRequest: number;
  /** λ × CPU per request ÷ `cpuLimitCores` (the utilization law on the limit; < 1 to be stable). */
  limitUtilization: number;
  /** Share of the wall time the container is throttled. */
  pausedFraction: number;
  /** Share of the requests that meet a throttle. */
  hitProbability: number;
}

/** A container's memory verdict. */
export interface ContainerMemory {
  /** The container's memory limit, bytes. */
  memoryLimitBytes: number;
  /** True when Σ PSS of the deployment exceeds the limit: the kernel's OOM killer ends a worker. */
  oomKilled: boolean;
}

/** The figures of {@link cfsThrottling} that a deployment's evaluation shows. */
export function throttlingResult(t: CfsThrottling): Throttling {
  return {
    throttledPeriodFraction: t.throttledPeriodFraction,
    throttledSecPerRequest: t.throttledSecPerRequest,
    limitUtilization: t.limitUtilization,
    pausedFraction: t.pausedFraction,
    hitProbability: t.hitProbability,
  };
}

/** The memory budget with the container's verdict: Σ PSS (what the cgroup charges) over the limit is an OOM kill. */
export function withMemoryLimit(
  memory: MemoryBudget,
  memoryLimitBytes: number | undefined,
): MemoryBudget & Partial<ContainerMemory> {
  return memoryLimitBytes === undefined
    ? memory
    : { ...memory, memoryLimitBytes, oomKilled: memory.totalPssBytes > memoryLimitBytes };
}
