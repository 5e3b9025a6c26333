// The loads of a cell of the cgroup grid: open-loop arrival rates (lab/cgroup/openload.mjs) at
// chosen fractions of what the CPU limit can serve, each run long enough for about a given
// number of requests.

/**
 * Requests per second a CPU limit can serve: limit cores ÷ CPU seconds per request (the
 * utilization law; all the group's processes are charged to its quota).
 * @param {number} cpuLimitCores
 * @param {number} cpuSecPerRequest
 */
export function quotaCapacityPerSec(cpuLimitCores, cpuSecPerRequest) {
  if (!(cpuLimitCores > 0 && cpuSecPerRequest > 0)) {
    throw new RangeError(
      `quota capacity needs a positive limit and CPU per request (got ${cpuLimitCores}, ${cpuSecPerRequest})`,
    );
  }
  return cpuLimitCores / cpuSecPerRequest;
}

/**
 * One load per fraction: λ = fraction × the capacity of min(limit, the machine's cores), for
 * about `requests` requests, the run's length kept within [minSec, maxSec].
 * @param {{ cpuSecPerRequest: number; cpuLimitCores: number; cores: number; fractions: number[];
 *   requests: number; minSec: number; maxSec: number }} input
 */
export function chooseLoads(input) {
  const capacity = quotaCapacityPerSec(
    Math.min(input.cpuLimitCores, input.cores),
    input.cpuSecPerRequest,
  );
  if (!(input.minSec > 0 && input.maxSec >= input.minSec)) {
    throw new RangeError(`need 0 < minSec <= maxSec (got ${input.minSec}, ${input.maxSec})`);
  }
  return input.fractions.map((fraction) => {
    if (!(fraction > 0 && fraction < 1)) {
      throw new RangeError(`load fractions must be in (0, 1) (got ${fraction})`);
    }
    const ratePerSec = fraction * capacity;
    const durationSec = Math.min(input.maxSec, Math.max(input.minSec, input.requests / ratePerSec));
    return { fraction, ratePerSec, durationSec };
  });
}
