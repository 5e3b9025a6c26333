// One measured run of the real-application grid (lab/apps/run.mjs): the counters read before
// and after the load (counters.mjs), and the JSON record made of them (fields: README.md).
import { spawnSync } from "node:child_process";
import { cpus, release, totalmem } from "node:os";
import { readFileSync } from "node:fs";
import { machineCpu } from "../procfs.mjs";
import {
  accessSummary,
  delta,
  memcachedStats,
  pgDatabase,
  pgStatements,
  summarize,
  treeCpu,
  treeDelta,
} from "./counters.mjs";

/** The machine's CPU seconds in interrupts and softirqs (loopback TCP's receive work is mostly here, charged to no process), from /proc/stat. */
const irqSec = () => {
  const f = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/);
  return (Number(f[6]) + Number(f[7])) / 100;
};
/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** @param {number} x */
const round = (x, digits = 6) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

/**
 * @typedef {{ pg: { query: (sql: string) => Promise<string>; database: string }; mc: { port: number; pid: number }; serverPid: number; nginxPid: number | undefined; postmasterPid: number }} Parts
 * @typedef {{ lines: string[]; cpuSec: number; locustCsv?: string }} LoadResult
 */

/**
 * Reads every counter, runs `run` (the load), reads them again. PostgreSQL flushes a backend's
 * pg_stat_database counters at most once a second, so the reads wait 1.1 s after the warm-up and
 * after the load; pg_stat_statements is reset just before the load.
 * @param {Parts} parts
 * @param {() => Promise<LoadResult>} run
 */
export async function measureAround(parts, run) {
  const { pg, mc } = parts;
  await sleep(1100);
  await pg.query("SELECT pg_stat_statements_reset()");
  const dbBefore = await pgDatabase(pg);
  const mcBefore = await memcachedStats(mc.port);
  await sleep(150); // psql's backend has ended and the postmaster has reaped it
  const trees = () => ({
    server: treeCpu(parts.serverPid),
    postgres: treeCpu(parts.postmasterPid),
    memcached: treeCpu(mc.pid),
    nginx: parts.nginxPid ? treeCpu(parts.nginxPid) : undefined,
  });
  const self0 = process.cpuUsage();
  const before = trees();
  const machine0 = machineCpu();
  const irq0 = irqSec();
  const t0 = Date.now();
  const result = await run();
  const wallSec = (Date.now() - t0) / 1000;
  const machine1 = machineCpu();
  const irq1 = irqSec();
  const after = trees();
  const self1 = process.cpuUsage(self0);
  const server = treeDelta(before.server, after.server, true);
  const postgres = treeDelta(before.postgres, after.postgres);
  const memcached = treeDelta(before.memcached, after.memcached, true);
  const nginx =
    before.nginx && after.nginx ? treeDelta(before.nginx, after.nginx, true) : undefined;
  await sleep(1100);
  const statements = await pgStatements(pg);
  const db = delta(dbBefore, await pgDatabase(pg));
  const mcDelta = delta(mcBefore, await memcachedStats(mc.port));

  // The load generator's view: wrk's paired responses (mix.lua), or locust's CSV.
  /** @type {Array<{ endpoint: string; status: number; sec: number }>} */
  const requests = [];
  /** @type {number[]} */
  let errors = [];
  let first = Infinity;
  let last = -Infinity;
  for (const line of result.lines) {
    const [name, status, sec, end] = line.split(" ");
    if (name === "errors") errors = [status, sec, end, ...line.split(" ").slice(4)].map(Number);
    else {
      requests.push({
        endpoint: /** @type {string} */ (name),
        status: Number(status),
        sec: Number(sec),
      });
      first = Math.min(first, Number(end));
      last = Math.max(last, Number(end));
    }
  }
  const loadSec = requests.length > 1 ? last - first : wallSec;
  const client = result.locustCsv
    ? locustStats(result.locustCsv, wallSec)
    : summarize(requests, loadSec);
  const n = client.requests;
  const machineBusy = machine1.busySec - machine0.busySec;
  const selfSec = (self1.user + self1.system) / 1e6;
  const known = server.cpuSec + postgres.cpuSec + memcached.cpuSec + (nginx?.cpuSec ?? 0);
  const otherCores = Math.max(0, (machineBusy - known - result.cpuSec - selfSec) / wallSec);
  const workerSec = server.processes
    .filter((p) => p.role !== "main")
    .reduce((s, p) => s + p.cpuSec, 0);
  const execMs = statements.reduce((s, q) => s + q.totalExecTimeMs, 0);
  const perRequest = (/** @type {number} */ x) => round(n ? x / n : NaN, 7);
  const summary = {
    wallSec: round(wallSec, 3),
    requests: n,
    throughputPerSec: client.throughputPerSec,
    ...(errors.length
      ? {
          wrkErrors: {
            connect: errors[0],
            read: errors[1],
            write: errors[2],
            status: errors[3],
            timeout: errors[4],
          },
        }
      : {}),
    client,
    server: {
      cpuSec: server.cpuSec,
      cpuSecPerRequest: perRequest(server.cpuSec),
      workerCpuSecPerRequest: perRequest(workerSec),
      cores: round(server.cpuSec / wallSec, 3),
      processes: server.processes,
    },
    postgres: {
      cpuSec: postgres.cpuSec,
      cpuSecPerRequest: perRequest(postgres.cpuSec),
      cores: round(postgres.cpuSec / wallSec, 3),
      totalExecTimeMs: round(execMs, 3),
      execTimeMsPerRequest: perRequest(execMs),
      statements,
      database: db,
    },
    memcached: {
      cpuSec: memcached.cpuSec,
      cpuSecPerRequest: perRequest(memcached.cpuSec),
      stats: mcDelta,
      hitRatio: round((mcDelta.get_hits ?? 0) / (mcDelta.cmd_get || NaN), 4),
      rssBytes: memcached.processes[0]?.rssBytes,
    },
    ...(nginx
      ? {
          nginx: {
            cpuSec: nginx.cpuSec,
            cpuSecPerRequest: perRequest(nginx.cpuSec),
            processes: nginx.processes,
          },
        }
      : {}),
    loadGenerator: { cpuSec: round(result.cpuSec, 3), cores: round(result.cpuSec / wallSec, 3) },
    runnerCpuSec: round(selfSec, 3),
    machineBusyCores: round(machineBusy / wallSec, 3),
    irqCores: round((irq1 - irq0) / wallSec, 3),
    otherCores: round(otherCores, 3),
    spoiled: otherCores > 0.2,
  };
  /** @param {number | null | undefined} s */
  const ms = (s) => `${((s ?? NaN) * 1000).toFixed(1)} ms`;
  const line =
    `${(summary.throughputPerSec ?? 0).toFixed(0)} req/s, p50 ${ms(client.p50Sec)}, p99 ${ms(client.p99Sec)}, ` +
    `app ${ms(summary.server.cpuSecPerRequest)}/req, pg ${ms(summary.postgres.cpuSecPerRequest)}/req, ` +
    `hits ${summary.memcached.hitRatio}, other ${summary.otherCores} cores${summary.spoiled ? "  [SPOILED: other load]" : ""}`;
  return {
    line,
    /** @param {string} access @param {string} nginxAccess */
    record: (access, nginxAccess) => ({
      ...summary,
      access: accessSummary(access, loadSec),
      ...(nginx ? { nginxAccess: accessSummary(nginxAccess, loadSec, true) } : {}),
    }),
  };
}

/**
 * locust's `_stats.csv` as the grid's client summary: per endpoint (its request names) and the
 * Aggregated row; times from milliseconds to seconds, throughput over the whole run.
 * @param {string} file
 * @param {number} wallSec
 */
function locustStats(file, wallSec) {
  const [header, ...rows] = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(","));
  const col = (/** @type {string[]} */ row, /** @type {string} */ name) =>
    Number(row[(header ?? []).findIndex((h) => h.replace(/"/g, "") === name)]);
  const one = (/** @type {string[]} */ row) => ({
    requests: col(row, "Request Count"),
    non2xx: col(row, "Failure Count"),
    throughputPerSec: round(col(row, "Request Count") / wallSec, 2),
    meanSec: round(col(row, "Average Response Time") / 1000),
    p50Sec: round(col(row, "50%") / 1000),
    p90Sec: round(col(row, "90%") / 1000),
    p99Sec: round(col(row, "99%") / 1000),
    maxSec: round(col(row, "Max Response Time") / 1000),
  });
  const names = {
    "/products/": "list",
    "/products/<id>/": "detail",
    "/orders/": "order",
    "/health": "health",
  };
  const byName = (/** @type {string} */ n) =>
    rows.find((r) => (r[1] ?? "").replace(/"/g, "") === n);
  const total = byName("Aggregated") ?? [];
  return {
    ...one(total),
    byEndpoint: Object.fromEntries(
      Object.entries(names).flatMap(([n, k]) => {
        const row = byName(n);
        return row ? [[k, one(row)]] : [];
      }),
    ),
  };
}

/** @param {string} command @param {string[]} args */
const firstLine = (command, args) => {
  const r = spawnSync(command, args, { encoding: "utf8", timeout: 10000 });
  return `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n")[0] ?? "";
};
/** @param {string} name  a Debian package */
const debian = (name) => firstLine("dpkg-query", ["-W", "-f", "${Version}", name]);

/** The machine and the versions a record was made with. */
export function machineInfo() {
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryBytes: totalmem(),
    kernel: release(),
    os: /PRETTY_NAME="([^"]*)"/.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "unknown",
    python: firstLine("/usr/bin/python3", ["--version"]),
    packages: Object.fromEntries(
      [
        "python3-django",
        "python3-fastapi",
        "uvicorn",
        "gunicorn",
        "postgresql-15",
        "memcached",
        "nginx",
        "python3-locust",
        "wrk",
      ].map((p) => [p, debian(p)]),
    ),
  };
}
