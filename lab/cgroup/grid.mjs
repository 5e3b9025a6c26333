// The cgroup lab's grids. Each server is calibrated by a light open load without a limit, then run in
// every cell (CPU limit, CFS period, burst) at loads that are fractions of what the limit can
// serve (lab/cgroup/loads.mjs). The memory runs start gunicorn with more and more sync workers
// under a memory limit until the kernel's OOM killer ends one.

/** The work of one request (lab/app.py's query string): short CPU, short waits, exponential. */
export const WORKLOAD = {
  name: "short-exp",
  cpuTimeSec: 0.002,
  ioTimeSec: 0.004,
  bursts: 1,
  memBytes: 0,
  dist: "exp",
};

/** Requests that hold memory while they wait: what makes the memory limit bite. */
export const MEMORY_WORKLOAD = {
  name: "hold-16MiB",
  cpuTimeSec: 0.001,
  ioTimeSec: 0.2,
  bursts: 1,
  memBytes: 16 * 2 ** 20,
  dist: "fixed",
};

/**
 * @typedef {{ cpuLimitCores: number; cpuPeriodSec: number; cpuBurstSec: number }} Cell
 * @typedef {{ servers: import("./servers.mjs").CgroupServer[]; cells: Cell[]; fractions: number[];
 *   requests: number; minSec: number; maxSec: number; calibrationSec: number; calibrationRatePerSec: number;
 *   extraCells?: { server: string; cells: Cell[] }; memory: { limitBytes: number; workers: number[]; seconds: number } }} Grid
 */

/**
 * Every limit × period × burst; the burst, where set, is the whole quota (the kernel's maximum).
 * @param {number[]} limits
 * @param {number[]} periods
 * @param {boolean[]} bursts
 * @returns {Cell[]}
 */
const cells = (limits, periods, bursts) =>
  limits.flatMap((cpuLimitCores) =>
    periods.flatMap((cpuPeriodSec) =>
      bursts.map((burst) => ({
        cpuLimitCores,
        cpuPeriodSec,
        cpuBurstSec: burst ? cpuLimitCores * cpuPeriodSec : 0,
      })),
    ),
  );

const SERVERS = /** @type {import("./servers.mjs").CgroupServer[]} */ ([
  { kind: "gunicorn-sync", processes: 2, threads: 1 },
  { kind: "gunicorn-gthread", processes: 2, threads: 4 },
  { kind: "uvicorn", processes: 2, threads: 1 },
]);

/** @type {Record<string, Grid>} */
export const GRIDS = {
  // 3 servers × 16 cells × 3 loads, about 16 minutes.
  full: {
    servers: SERVERS,
    cells: cells([0.25, 0.5, 1, 1.5], [0.1, 0.02], [false, true]),
    fractions: [0.3, 0.6, 0.9],
    requests: 300,
    minSec: 4,
    maxSec: 8,
    calibrationSec: 8,
    calibrationRatePerSec: 20,
    memory: { limitBytes: 160 * 2 ** 20, workers: [2, 4, 6, 8, 10, 12], seconds: 4 },
  },
  // A check that everything works, about 80 seconds: one cell per server, two loads.
  quick: {
    servers: SERVERS,
    cells: cells([0.5], [0.02], [false]),
    extraCells: { server: "gunicorn-sync", cells: cells([0.5], [0.1], [true]) },
    fractions: [0.6, 0.9],
    requests: 150,
    minSec: 3,
    maxSec: 3,
    calibrationSec: 3,
    calibrationRatePerSec: 20,
    memory: { limitBytes: 96 * 2 ** 20, workers: [2, 6], seconds: 3 },
  },
};
