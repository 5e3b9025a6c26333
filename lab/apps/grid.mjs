// The real application's load grid (lab/apps/run.mjs): each way of serving the shop, a light-load
// calibration run and loaded runs at several concurrencies with wrk (closed loop, the endpoints
// mixed by weight: lab/apps/mix.lua), and for some configurations a locust run (users with think
// time in stages: lab/apps/locustfile.py).

/**
 * One way of serving: `kind` (servers.mjs), worker processes, threads (gthread's threads,
 * gevent's worker_connections), `nginx`: nginx in front with upstream keepalive (nginx.mjs).
 * @typedef {{ name: string; kind: import("./servers.mjs").AppKind; processes: number; threads: number; nginx?: boolean; locust?: boolean }} Config
 */

/** The request mix of the wrk runs (weights, percent) and the detail pages' hot set. */
export const MIX = { list: 20, detail: 65, order: 10, health: 5 };
/** Detail ids: this percentage from the 500 hot products, the rest from all 5,000. */
export const HOT_PERCENT = 80;

/** @type {Config[]} */
const CONFIGS = [
  { name: "django-sync", kind: "django-sync", processes: 2, threads: 1 },
  { name: "django-gthread", kind: "django-gthread", processes: 2, threads: 4, locust: true },
  // Other worker counts, predicted from the 2-process configurations' calibration runs.
  { name: "django-sync-4", kind: "django-sync", processes: 4, threads: 1 },
  { name: "django-gthread-1x8", kind: "django-gthread", processes: 1, threads: 8 },
  { name: "django-gevent", kind: "django-gevent", processes: 2, threads: 100 },
  { name: "fastapi-sync-uvicorn", kind: "fastapi-sync-uvicorn", processes: 2, threads: 1 },
  {
    name: "fastapi-async-uvicorn",
    kind: "fastapi-async-uvicorn",
    processes: 2,
    threads: 1,
    locust: true,
  },
  { name: "fastapi-sync-gunicorn", kind: "fastapi-sync-gunicorn", processes: 2, threads: 1 },
  { name: "fastapi-async-gunicorn", kind: "fastapi-async-gunicorn", processes: 2, threads: 1 },
  {
    name: "nginx+django-gthread",
    kind: "django-gthread",
    processes: 2,
    threads: 4,
    nginx: true,
  },
];

/**
 * A grid: the configurations, the calibration run's connections, the loaded runs' connections,
 * each run's seconds (after `warmupSec` of the same load), and locust's stages
 * ("seconds:users,...") with its think time (uniform between the two, seconds).
 * @typedef {{ configs: Config[]; calibrate: number; loaded: number[]; durationSec: number; warmupSec: number; locustStages: string; locustWait: [number, number] }} Grid
 */

/** @type {Record<string, Grid>} */
export const GRIDS = {
  full: {
    configs: CONFIGS,
    calibrate: 1,
    loaded: [8, 32],
    durationSec: 8,
    warmupSec: 1,
    locustStages: "6:4,6:16,6:48",
    locustWait: [0.05, 0.25],
  },
  quick: {
    configs: CONFIGS.filter((c) =>
      ["django-gthread", "fastapi-async-uvicorn", "nginx+django-gthread"].includes(c.name),
    ),
    calibrate: 1,
    loaded: [16],
    durationSec: 4,
    warmupSec: 1,
    locustStages: "4:4,4:16",
    locustWait: [0.05, 0.25],
  },
};
