// Issue 17, part 4: the real application's stack model, calibrated from one light-load run's
// monitoring and asked about the other runs (lab/apps/accuracy.mjs reports the errors).
//
// From the single-connection run of a configuration, as a team would read its own monitoring:
// - memcached's `stats` → lookups per request, CPU per lookup (fitMemcacheTier);
// - pg_stat_statements and PostgreSQL's CPU → statements per request, CPU per statement
//   (fitDatabaseTier);
// - the workers' CPU (/proc) and the access log's mean and spread → the app's CPU and its own
//   waiting (fitAppProfile), less the database and memcached calls the stack adds back;
// - the load generator's mean less the access log's → the time outside the app server, which
//   holds no worker (part of each connection's cycle, a shift of every response time);
// - the access log's detail pages, split into hits (the fastest) and misses → what a miss adds
//   (two statements, and app CPU for the template);
// - the CPU of everything else on the 2-core box per request (wrk, nginx, the kernel's
//   interrupts) → the host's `otherCpuSecPerRequest`.
// Then a run is predicted with evaluateStack on one shared host, closed loop of its connections,
// the hit ratio of its window computed from the request mix (below).
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  evaluateStack,
  fitAppProfile,
  fitDatabaseTier,
  fitMemcacheTier,
} from "../../dist/index.js";

/** Detail ids: `HOT_SHARE` of them uniform over the first `HOT_IDS`, the rest over all `ALL_IDS` (mix.lua). */
export const HOT_IDS = 500;
export const ALL_IDS = 5000;
/** Statements a detail-page miss runs: the product with its category and author, its 5 latest orders (views.py, app_*.py). */
export const MISS_STATEMENTS = 2;

/**
 * Expected distinct detail pages among `n` independent picks (mix.lua's ids):
 * Σ_k 1 − (1 − p_k)^n, with p = h/H + (1 − h)/A for the H hot ids and (1 − h)/A for the others.
 * @param {number} n
 * @param {number} hotShare
 */
export function distinctPages(n, hotShare) {
  const cold = (1 - hotShare) / ALL_IDS;
  const hot = hotShare / HOT_IDS + cold;
  const seen = (/** @type {number} */ p) => 1 - Math.exp(n * Math.log1p(-p));
  return HOT_IDS * seen(hot) + (ALL_IDS - HOT_IDS) * seen(cold);
}

/**
 * The hit ratio of a run's measured window: memcached is flushed before the warm-up, which sends
 * the same load for `warmupSec`; a page misses the first time it is asked for (its 30 s lifetime
 * outlasts the run). Misses in the window = distinct pages after warm-up and window − after warm-up.
 * @param {number} detailPerSec detail pages asked per second
 * @param {number} warmupSec
 * @param {number} windowSec
 * @param {number} hotShare
 */
export function windowHitRatio(detailPerSec, warmupSec, windowSec, hotShare) {
  const before = distinctPages(detailPerSec * warmupSec, hotShare);
  const after = distinctPages(detailPerSec * (warmupSec + windowSec), hotShare);
  const asked = detailPerSec * windowSec;
  return asked > 0 ? Math.max(0, 1 - (after - before) / asked) : 0;
}

/** @param {string} line an access line: `... "GET /products/12/ HTTP/1.1" 200 776 0.005150 5150` */
export function endpointOf(line) {
  const path = (line.split('"')[1] ?? "").split(" ")[1] ?? "";
  if (path.startsWith("/products/?") || path === "/products/") return "list";
  if (/^\/products\/\d+\/$/.test(path)) return "detail";
  if (path.startsWith("/orders/")) return "order";
  if (path.startsWith("/health")) return "health";
  return "other";
}

/**
 * The access log of a run, as stored by run.mjs (gzip), as { endpoint, sec } entries.
 * @param {string} dataDir the folder the data set's .jsonl is in
 * @param {any} run
 */
export function accessEntries(dataDir, run) {
  const text = gunzipSync(readFileSync(join(dataDir, run.files.accessLog))).toString("utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const f = line.trim().split(/\s+/);
      return { endpoint: endpointOf(line), sec: Number(f[f.length - 2]) };
    });
}

/**
 * A configuration's calibration (calibrateFrom's result, or withRunCpu's).
 * @typedef {any} Calibration
 */

/** @param {number[]} xs */
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * A configuration's calibration from its single-connection run.
 * @param {any} run the calibration run (role "calibrate")
 * @param {Array<{ endpoint: string; sec: number }>} access its access log
 * @returns {Calibration}
 */
export function calibrateFrom(run, access) {
  const n = run.requests;
  const byEndpoint = run.client.byEndpoint;
  const shares = Object.fromEntries(
    Object.entries(byEndpoint).map(([k, v]) => [k, /** @type {any} */ (v).requests / n]),
  );
  const detailShare = shares.detail ?? 0;
  const mcStats = run.memcached.stats;
  const mc = fitMemcacheTier({
    stats: {
      cmd_get: mcStats.cmd_get,
      get_hits: mcStats.get_hits,
      cmd_set: mcStats.cmd_set,
      rusage_user: mcStats.rusage_user,
      rusage_system: mcStats.rusage_system,
    },
    requests: n,
  });
  const db = fitDatabaseTier({
    statements: run.postgres.statements.map((/** @type {any} */ s) => ({
      query: s.query,
      calls: s.calls,
      total_exec_time: s.totalExecTimeMs,
    })),
    requests: n,
    cpuSec: run.postgres.cpuSec,
  });
  // Detail pages: the fastest (hit ratio) share are hits; a miss's extra time beyond its two
  // statements' database time is the app's own (the template, the ORM), taken as CPU.
  const detail = access
    .filter((e) => e.endpoint === "detail")
    .map((e) => e.sec)
    .sort((a, b) => a - b);
  const hits = Math.round(detail.length * mc.hitRatio);
  const hitSec = hits > 0 ? mean(detail.slice(0, hits)) : 0;
  const missSec = hits < detail.length ? mean(detail.slice(hits)) : hitSec;
  const missCpuSec = Math.max(0, missSec - hitSec - MISS_STATEMENTS * db.cpuTimeSec);
  // The app: CPU per request measured; its time alone is the client's mean, with the spread of
  // the logged times; bursts = 1 + the calls it makes.
  const all = access.map((e) => e.sec);
  const m = mean(all);
  const sd = Math.sqrt(mean(all.map((x) => (x - m) ** 2)));
  const calls = db.queriesPerRequest + mc.lookupsPerRequest * (1 + mc.setsPerLookup);
  const bursts = Math.max(1, Math.round(1 + calls));
  // The time outside the app server: the client's mean less the access log's — wrk and the
  // loopback, nginx in front, and for uvicorn `--workers` the ~40 ms wait for the delayed ACK
  // after each response (lab/apps/README.md). It holds no worker: in the closed loop it is part
  // of each client's cycle, like a think time, and it adds to every response time as a shift.
  const outsideSec = Math.max(0, run.client.meanSec - m);
  const fitted = fitAppProfile({
    singleClient: {
      meanLatencySec: m,
      latencyStdDevSec: sd,
      requests: n,
      workerCpuSecPerRequest: run.server.workerCpuSecPerRequest,
    },
    burstsPerRequest: bursts,
  }).app;
  const otherCpuSecPerRequest = otherCpuPerRequest(run);
  return {
    config: run.config,
    from: { time: run.time, repetition: run.repetition, requests: n },
    machine: { cores: run.machine.cores, memoryBytes: run.machine.memoryBytes },
    shares,
    hotShare: run.load.hotPercent / 100,
    warmupSec: run.warmupSec,
    calibrationHitRatio: mc.hitRatio,
    memcache: { lookupsPerRequest: mc.lookupsPerRequest, cpuTimeSec: mc.cpuTimeSec },
    database: {
      queriesPerRequest: db.queriesPerRequest,
      writeFraction: db.writeFraction,
      cpuTimeSec: db.cpuTimeSec,
      nonCpuTimeSec: db.nonCpuTimeSec,
    },
    missCpuSec,
    /** What a detail miss adds to the page's time alone, seconds (the access log's). */
    missExtraSec: missSec - hitSec,
    /** Each endpoint's mean alone (the load generator's), seconds. */
    endpointAloneSec: Object.fromEntries(
      Object.entries(byEndpoint).map(([k, v]) => [k, /** @type {any} */ (v).meanSec]),
    ),
    detailShare,
    // The app's own waiting: the time alone less its CPU and the calls the stack adds back.
    app: {
      ...fitted,
      ioTimeSec: Math.max(
        0,
        fitted.ioTimeSec -
          db.queriesPerRequest * (db.cpuTimeSec + db.nonCpuTimeSec) -
          mc.lookupsPerRequest * mc.cpuTimeSec,
      ),
    },
    otherCpuSecPerRequest,
    /** The mean time outside the app server per request, seconds (see above). */
    outsideSec,
    /** wrk's part of `otherCpuSecPerRequest` (another load generator replaces it). */
    loadGeneratorCpuSecPerRequest: run.loadGenerator.cpuSec / n,
  };
}

/**
 * The deployment of a configuration in the servers' words (the model's for Starlette's thread
 * pool, which uvicorn's settings do not describe).
 * @param {{ kind: string; processes: number; threads: number }} config
 */
export function deploymentOf(config) {
  const { kind, processes, threads } = config;
  switch (kind) {
    case "django-sync":
      return { server: "gunicorn", workerClass: "sync", workers: processes };
    case "django-gthread":
      return { server: "gunicorn", workerClass: "gthread", workers: processes, threads };
    case "django-gevent":
      return {
        server: "gunicorn",
        workerClass: "gevent",
        workers: processes,
        workerConnections: threads,
      };
    case "fastapi-async-uvicorn":
      return { server: "uvicorn", workers: processes };
    case "fastapi-async-gunicorn":
      return {
        server: "gunicorn",
        workerClass: "uvicorn.workers.UvicornWorker",
        workers: processes,
      };
    case "fastapi-sync-uvicorn":
    case "fastapi-sync-gunicorn":
      // `def` endpoints run in Starlette's thread pool (anyio's 40 threads) under the GIL.
      return { kind: "daemon", processes, threads: 40, hopTimeSec: 0, dispatch: "pinned" };
    default:
      throw new Error(`no deployment for ${kind}`);
  }
}

/**
 * The stack of a calibration at a hit ratio: app, memcached and PostgreSQL on one host.
 * @param {Calibration} cal
 * @param {{ kind: string; processes: number; threads: number }} config
 * @param {number} hitRatio
 */
export function stackAt(cal, config, hitRatio) {
  // A hit ratio other than the calibration's moves detail misses: each adds its statements and
  // its template's CPU.
  const moreMisses = cal.detailShare * (cal.calibrationHitRatio - hitRatio);
  const writes = cal.database.queriesPerRequest * cal.database.writeFraction;
  const reads = cal.database.queriesPerRequest - writes + MISS_STATEMENTS * moreMisses;
  const lookups = cal.memcache.lookupsPerRequest;
  // The model's memcache saves one database read per hit: asked for the reads before the cache,
  // it subtracts the hits and runs the statements measured.
  const queriesPerRequest = writes + Math.max(0, reads) + lookups * hitRatio;
  const writeFraction = writes / queriesPerRequest;
  const app = {
    ...cal.app,
    cpuTimeSec: Math.max(1e-6, cal.app.cpuTimeSec + cal.missCpuSec * moreMisses),
  };
  return {
    stack: {
      hosts: [
        {
          name: "box",
          cores: cal.machine.cores,
          memoryBytes: cal.machine.memoryBytes,
          otherCpuSecPerRequest: cal.otherCpuSecPerRequest,
        },
      ],
      tiers: [
        {
          kind: "app",
          host: "box",
          deployment: {
            ...deploymentOf(config),
            // A recorded split of the connections (gunicorn sync takes one request at a time
            // from the shared socket: nothing to split).
            ...(cal.processWeights && config.kind !== "django-sync"
              ? { processWeights: cal.processWeights }
              : {}),
          },
        },
        {
          kind: "memcache",
          host: "box",
          hitRatio,
          lookupsPerRequest: lookups,
          cpuTimeSec: Math.max(1e-9, cal.memcache.cpuTimeSec),
        },
        {
          kind: "database",
          host: "box",
          queriesPerRequest,
          writeFraction,
          cpuTimeSec: cal.database.cpuTimeSec,
          nonCpuTimeSec: cal.database.nonCpuTimeSec,
        },
      ],
    },
    app,
    machine: cal.machine,
  };
}

/**
 * A run predicted from a calibration: the closed loop of its connections (think time 0), the
 * hit ratio of its window found with the throughput (a few rounds: each needs the other).
 * @param {Calibration} cal
 * @param {{ config: { kind: string; processes: number; threads: number }; connections: number; windowSec: number; thinkTimeSec?: number; hitRatio?: number }} run
 *   `hitRatio` fixes the hit ratio instead of computing it
 */
export function predictRun(cal, run) {
  let next = run.hitRatio ?? cal.calibrationHitRatio;
  let hitRatio = next;
  /** @type {any} */
  let e;
  for (let round = 0; round < 20; round++) {
    hitRatio = next;
    e = evaluateStack(
      /** @type {any} */ ({
        ...stackAt(cal, run.config, hitRatio),
        // The time outside the server is part of each connection's cycle.
        load: { clients: run.connections, thinkTimeSec: (run.thinkTimeSec ?? 0) + cal.outsideSec },
      }),
    );
    if (run.hitRatio !== undefined) break;
    next = windowHitRatio(
      e.arrivalRatePerSec * cal.detailShare,
      cal.warmupSec,
      run.windowSec,
      cal.hotShare,
    );
    if (Math.abs(next - hitRatio) < 1e-4) break;
  }
  // The client's time: the server's shifted by the time outside it.
  const quantileSec = (/** @type {number} */ p) => e.responseTimeQuantileSec(p) + cal.outsideSec;
  const db = e.tiers.find((/** @type {any} */ t) => t.kind === "database");
  const q = stackAt(cal, run.config, hitRatio);
  const dbTier = /** @type {any} */ (q.stack.tiers[2]);
  const statementsPerRequest =
    dbTier.queriesPerRequest - /** @type {any} */ (q.stack.tiers[1]).lookupsPerRequest * hitRatio;
  return {
    throughputPerSec: e.arrivalRatePerSec,
    meanSec: e.meanResponseTimeSec + cal.outsideSec,
    p50Sec: quantileSec(0.5),
    p99Sec: quantileSec(0.99),
    quantileSec,
    hitRatio,
    hostUtilization: e.hosts[0].utilization,
    appCpuSecPerRequest: q.app.cpuTimeSec,
    pgCpuSecPerRequest: statementsPerRequest * dbTier.cpuTimeSec,
    databaseUtilization: db.utilization,
    meanAcceptWaitSec: e.app.meanAcceptWaitSec,
    evaluation: e,
  };
}

/**
 * A diagnosis, not a prediction: the calibration with a loaded run's own CPU per request (the
 * workers', PostgreSQL's per statement, the other processes'), its measured hit ratio and the
 * split of its connections over the workers (their shares of the CPU, as the synthetic lab's
 * report gives the recorded split). What is
 * left of the error is the queueing model's; the rest came from the light run's CPU figures.
 * @param {Calibration} cal
 * @param {any} run a loaded run
 */
export function withRunCpu(cal, run) {
  const n = run.requests;
  const statements = run.postgres.statements.reduce(
    (/** @type {number} */ a, /** @type {any} */ s) => a + s.calls,
    0,
  );
  const hitRatio = run.memcached.hitRatio;
  return {
    ...cal,
    calibrationHitRatio: hitRatio,
    memcache: { ...cal.memcache, lookupsPerRequest: run.memcached.stats.cmd_get / n },
    database: {
      ...cal.database,
      queriesPerRequest: statements / n,
      cpuTimeSec: run.postgres.cpuSec / statements,
    },
    app: { ...cal.app, cpuTimeSec: run.server.workerCpuSecPerRequest },
    // How the kernel spread the connections: each worker's share of the workers' CPU.
    processWeights: workerCpuShares(run),
    otherCpuSecPerRequest: otherCpuPerRequest(run),
  };
}

/**
 * Each worker's share of the workers' CPU in a run.
 * @param {any} run
 * @returns {number[]}
 */
export function workerCpuShares(run) {
  // The worker processes: the largest children (uvicorn's multiprocessing also starts a small
  // resource tracker).
  const workers = run.server.processes
    .filter((/** @type {any} */ p) => p.role !== "main")
    .sort((/** @type {any} */ a, /** @type {any} */ b) => b.rssBytes - a.rssBytes)
    .slice(0, run.config.processes);
  const total = workers.reduce((/** @type {number} */ a, /** @type {any} */ p) => a + p.cpuSec, 0);
  return workers.map((/** @type {any} */ p) => (total > 0 ? p.cpuSec / total : 1 / workers.length));
}

/**
 * The CPU everything else on the box spends per request of a run: wrk, nginx, the server's
 * master, the kernel's interrupt work (loopback TCP).
 * @param {any} run
 */
function otherCpuPerRequest(run) {
  const master = run.server.processes
    .filter((/** @type {any} */ p) => p.role === "main")
    .reduce((/** @type {number} */ a, /** @type {any} */ p) => a + p.cpuSec, 0);
  const sec = run.loadGenerator.cpuSec + (run.nginx?.cpuSec ?? 0) + master;
  return (sec + run.irqCores * run.wallSec) / run.requests;
}
