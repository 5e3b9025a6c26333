// What the lab writes into and reads from a cgroup's files, as text: the CPU limit (cgroup v1's
// cpu.cfs_period_us, cpu.cfs_quota_us and cpu.cfs_burst_us, or v2's cpu.max and cpu.max.burst),
// the memory limit (v1 memory.limit_in_bytes, v2 memory.max), and the kernel's counters (cpu.stat
// in both versions, the OOM kills of v1's memory.oom_control and v2's memory.events). Pure
// functions: the file system is lab/cgroup/cgroup.mjs's. Field names and units follow the
// kernel's documentation: Documentation/scheduler/sched-bwc.rst (v1) and
// Documentation/admin-guide/cgroup-v2.rst (v2).

/** @typedef {"v1" | "v2"} CgroupVersion */

/**
 * The counters of cpu.stat: periods with demand, periods throttled, time throttled and bursts.
 * v1 gives the times in nanoseconds (`throttled_time`, `burst_time`), v2 in microseconds
 * (`throttled_usec`, `burst_usec`) and adds the group's CPU time (`usage_usec`).
 * @param {string} text  the file's content
 * @returns {{ periods: number; throttledPeriods: number; throttledSec: number; bursts: number; burstSec: number; usageSec: number | undefined }}
 */
export function parseCpuStat(text) {
  /** @type {Map<string, number>} */
  const fields = new Map();
  for (const line of text.split("\n")) {
    const m = /^(\w+)\s+(\d+)\s*$/.exec(line);
    if (m) fields.set(/** @type {string} */ (m[1]), Number(m[2]));
  }
  const periods = fields.get("nr_periods");
  const throttledPeriods = fields.get("nr_throttled");
  const ns = fields.get("throttled_time");
  const us = fields.get("throttled_usec");
  if (periods === undefined || throttledPeriods === undefined || (ns ?? us) === undefined) {
    throw new Error(
      `cpu.stat: expected nr_periods, nr_throttled and throttled_time or throttled_usec (got ${JSON.stringify(text.slice(0, 200))})`,
    );
  }
  const usage = fields.get("usage_usec");
  return {
    periods,
    throttledPeriods,
    throttledSec: ns !== undefined ? ns / 1e9 : Number(us) / 1e6,
    bursts: fields.get("nr_bursts") ?? 0,
    burstSec:
      fields.get("burst_time") !== undefined
        ? Number(fields.get("burst_time")) / 1e9
        : (fields.get("burst_usec") ?? 0) / 1e6,
    usageSec: usage === undefined ? undefined : usage / 1e6,
  };
}

/**
 * The throttling over a run from cpu.stat before and after it. `throttledPeriodFraction` is the
 * kernel's own ratio, throttled periods ÷ periods with demand (the period timer stops while the
 * group is idle, so idle periods are not counted); `throttledPerWallPeriod` divides by all the
 * periods of the wall time instead, as a model that counts every period does.
 * @param {ReturnType<typeof parseCpuStat>} before
 * @param {ReturnType<typeof parseCpuStat>} after
 * @param {number} wallSec  the run's length
 * @param {number} periodSec  the CFS period
 */
export function throttleDelta(before, after, wallSec, periodSec) {
  const periods = after.periods - before.periods;
  const throttledPeriods = after.throttledPeriods - before.throttledPeriods;
  if (!(periods >= 0 && throttledPeriods >= 0 && throttledPeriods <= periods)) {
    throw new Error(
      `cpu.stat went backwards or is inconsistent: periods ${periods}, throttled ${throttledPeriods}`,
    );
  }
  const wallPeriods = wallSec / periodSec;
  return {
    periods,
    throttledPeriods,
    throttledSec: after.throttledSec - before.throttledSec,
    bursts: after.bursts - before.bursts,
    burstSec: after.burstSec - before.burstSec,
    throttledPeriodFraction: periods > 0 ? throttledPeriods / periods : 0,
    throttledPerWallPeriod: wallPeriods > 0 ? Math.min(1, throttledPeriods / wallPeriods) : 0,
  };
}

/**
 * CPU seconds the group has used: v1's cpuacct.usage (nanoseconds; the cpuacct controller), or
 * `usage_usec` of v2's cpu.stat.
 * @param {import("./cgroupText.mjs").CgroupVersion} version
 * @param {string} text  cpuacct.usage (v1) or cpu.stat (v2)
 */
export function parseUsageSec(version, text) {
  const sec = version === "v1" ? Number(text.trim()) / 1e9 : parseCpuStat(text).usageSec;
  if (!(sec !== undefined && sec >= 0)) {
    throw new Error(`no CPU usage in ${JSON.stringify(text.slice(0, 200))}`);
  }
  return sec;
}

/** @param {number} sec */
const micro = (sec) => String(Math.round(sec * 1e6));

/**
 * The writes, in order, that set a CPU limit: `cpuLimitCores` undefined for none. The burst is
 * cleared first and set last, because the kernel refuses a quota below the burst in force.
 * @param {CgroupVersion} version
 * @param {{ cpuLimitCores?: number | undefined; cpuPeriodSec: number; cpuBurstSec: number }} limit
 * @returns {Array<[file: string, text: string]>}
 */
export function cpuLimitWrites(version, { cpuLimitCores, cpuPeriodSec, cpuBurstSec }) {
  if (!(cpuPeriodSec >= 0.001 && cpuPeriodSec <= 1)) {
    throw new RangeError(`cpuPeriodSec must be in [0.001, 1] s (got ${cpuPeriodSec})`);
  }
  const quotaSec = cpuLimitCores === undefined ? undefined : cpuLimitCores * cpuPeriodSec;
  if (quotaSec !== undefined && !(quotaSec >= 0.001)) {
    throw new RangeError(
      `the quota cpuLimitCores × cpuPeriodSec must be at least 1 ms (got ${quotaSec} s)`,
    );
  }
  if (!(cpuBurstSec >= 0 && cpuBurstSec <= (quotaSec ?? 0) + 1e-12)) {
    throw new RangeError(
      `cpuBurstSec must be in [0, the quota ${quotaSec ?? 0} s] (got ${cpuBurstSec})`,
    );
  }
  if (version === "v1") {
    return [
      ["cpu.cfs_burst_us", "0"],
      ["cpu.cfs_period_us", micro(cpuPeriodSec)],
      ["cpu.cfs_quota_us", quotaSec === undefined ? "-1" : micro(quotaSec)],
      ["cpu.cfs_burst_us", micro(cpuBurstSec)],
    ];
  }
  return [
    ["cpu.max.burst", "0"],
    ["cpu.max", `${quotaSec === undefined ? "max" : micro(quotaSec)} ${micro(cpuPeriodSec)}`],
    ["cpu.max.burst", micro(cpuBurstSec)],
  ];
}

/**
 * The write that sets a memory limit (undefined: none).
 * @param {CgroupVersion} version
 * @param {number | undefined} bytes
 * @returns {[file: string, text: string]}
 */
export function memoryLimitWrite(version, bytes) {
  if (bytes !== undefined && !(Number.isInteger(bytes) && bytes > 0)) {
    throw new RangeError(`memory limit must be a positive whole number of bytes (got ${bytes})`);
  }
  if (version === "v1")
    return ["memory.limit_in_bytes", bytes === undefined ? "-1" : String(bytes)];
  return ["memory.max", bytes === undefined ? "max" : String(bytes)];
}

/** The files that hold the OOM kill counter and the peak memory, by version. */
export const MEMORY_FILES = {
  v1: { events: "memory.oom_control", peak: "memory.max_usage_in_bytes" },
  v2: { events: "memory.events", peak: "memory.peak" },
};

/**
 * The count of processes the OOM killer ended in the group: the `oom_kill` line of v1's
 * memory.oom_control (Linux 4.13 on) or of v2's memory.events.
 * @param {string} text
 */
export function parseOomKills(text) {
  const m = /^oom_kill\s+(\d+)\s*$/m.exec(text);
  if (!m) throw new Error(`no oom_kill line in ${JSON.stringify(text.slice(0, 200))}`);
  return Number(m[1]);
}
