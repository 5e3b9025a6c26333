// npm run lab: measures real Python servers on this machine and appends one JSON line per run to
// data/. Each run starts a server on 127.0.0.1 (lab/servers.mjs) with the synthetic application
// (lab/app.py), warms it up, loads it with wrk (closed loop: N connections, no think time) for a
// bounded time, records raw per-request latencies (lab/latency.lua), CPU time, context
// switches, RSS and PSS of every server process, wrk's own CPU and the rest of the machine's
// load, then stops the server. Runs that other load spoiled are flagged, not dropped.
//
// Groups with `accessLog` also keep what a production server leaves behind: gunicorn's access
// log with request times (gzipped next to the data set) and `ps` snapshots before and after.
//
//   node lab/run.mjs [--grid full|calibrate|memory|pinned|dispatch|dispatch-exp|smoke] [--out data/lab-<date>.jsonl]
//                    [--duration 6] [--repeat 1]
// after `npm run build` (`npm run lab` makes one): lab/servers.mjs imports the build.
import { spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { gzipSync } from "node:zlib";
import { cpus, release, totalmem, tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readMemory, snapshot } from "./procfs.mjs";
import { serverCommand } from "./servers.mjs";
import { GRIDS } from "./grid.mjs";
import { progress } from "./progress.mjs";

const LAB = dirname(fileURLToPath(import.meta.url));
/** @type {Map<string, string | undefined>} */
const args = new Map();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(/** @type {string} */ (process.argv[i]).replace(/^--/, ""), process.argv[i + 1]);
const grid = GRIDS[args.get("grid") ?? "full"];
if (!grid) throw new Error(`unknown grid ${args.get("grid")} (${Object.keys(GRIDS).join(", ")})`);
const repeat = Number(args.get("repeat") ?? 1);
const out = args.get("out") ?? join("data", `lab-${new Date().toISOString().slice(0, 10)}.jsonl`);
// A data set is written once: a second grid must not add its lines to an earlier one's.
if (existsSync(out)) throw new Error(`${out} exists: give another --out`);
mkdirSync(dirname(out), { recursive: true });

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @param {string} command */
function version(command, flag = "--version") {
  const r = spawnSync(command, [flag], { encoding: "utf8" });
  return `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n")[0] ?? "";
}

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryBytes: totalmem(),
  kernel: release(),
  python: version("/usr/bin/python3"),
  gunicorn: version("gunicorn"),
  apache: version("apache2", "-v"),
  modWsgi: "mod_wsgi (Debian libapache2-mod-wsgi-py3)",
  uwsgi: version("uwsgi"),
  wrk: version("wrk", "-v"),
};

/**
 * @param {number} port
 * @param {string} path
 */
async function get(port, path) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}${path}`);
    return r.ok ? await r.text() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts a server and waits until it answers; the caller stops it.
 * @param {import("../dist/fit/labRun.js").LabServer} server
 * @param {number} port
 * @param {{ accessLog?: string | undefined }} options
 */
async function startServer(server, port, options) {
  const c = serverCommand(server, port, options);
  const child = spawn(c.command, c.args, {
    detached: true,
    stdio: ["ignore", "ignore", "ignore"],
    env: { ...process.env, ...c.env },
  });
  // A detached child leads its own process group: -pid stops the server and its workers.
  const group = -(/** @type {number} */ (child.pid));
  const stop = async () => {
    try {
      process.kill(group, "SIGTERM");
    } catch {}
    for (let i = 0; i < 100 && child.exitCode === null && child.signalCode === null; i++)
      await sleep(50);
    try {
      process.kill(group, "SIGKILL");
    } catch {}
    if (c.dir) rmSync(c.dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 300; i++) {
    if ((await get(port, "/stats")) !== undefined) return { child, stop, model: c.model };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  await stop();
  throw new Error(`${server.kind} did not start on port ${port}`);
}

/**
 * @param {import("./grid.mjs").Workload} w
 * @param {number} seed
 */
function workloadPath(w, seed) {
  return `/work?cpu=${w.cpuTimeSec}&io=${w.ioTimeSec}&bursts=${w.bursts}&mem=${w.memBytes}&dist=${w.dist}&seed=${seed}`;
}

/**
 * Runs wrk; returns the raw lines and wrk's own CPU seconds.
 * @param {number} port
 * @param {string} path
 * @param {number} connections
 * @param {number} seconds
 * @param {string} file
 */
function wrk(port, path, connections, seconds, file) {
  // The shell reports its children's CPU time (wrk's) after wrk exits: fields 16 and 17.
  const script = `wrk -t 1 -c ${connections} -d ${seconds}s --timeout 10s -s ${join(LAB, "latency.lua")} http://127.0.0.1:${port} > /dev/null; cat /proc/$$/stat`;
  const r = spawnSync("sh", ["-c", script], {
    encoding: "utf8",
    env: { ...process.env, LAB_OUT: file, LAB_PATH: path },
    timeout: (seconds + 30) * 1000,
  });
  const fields = (r.stdout ?? "").slice((r.stdout ?? "").lastIndexOf(")") + 2).split(" ");
  const wrkCpuSec = (Number(fields[13]) + Number(fields[14])) / 100;
  /** @type {string[]} */
  let lines = [];
  try {
    lines = readFileSync(file, "utf8").trim().split("\n").filter(Boolean);
  } catch {}
  return { lines, wrkCpuSec };
}

/**
 * @param {number[]} sorted
 * @param {number} p
 */
const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/**
 * `ps -o pid=,rss=,time=` of the given processes, as an operator would take it.
 * @param {number[]} pids
 */
function ps(pids) {
  return spawnSync("ps", ["-o", "pid=,rss=,time=", "-p", pids.join(",")], { encoding: "utf8" })
    .stdout;
}

/**
 * @param {{ workload: import("./grid.mjs").Workload; connections: number; seed: number; serverPid: number; accessLog: string | undefined }} run
 * @param {number} port
 * @param {number} duration
 */
async function measure(run, port, duration) {
  const path = workloadPath(run.workload, run.seed);
  const file = join(tmpdir(), `pywebperf-lab-${process.pid}.txt`);
  wrk(port, path, run.connections, 1.5, file); // warm-up: first requests cost more
  const root = run.serverPid;
  if (run.accessLog) truncateSync(run.accessLog);
  const before = snapshot(root);
  const psBefore = run.accessLog ? ps(before.processes.map((p) => p.pid)) : undefined;
  const t0 = Date.now();
  const { lines, wrkCpuSec } = wrk(port, path, run.connections, duration, file);
  const wallSec = (Date.now() - t0) / 1000;
  const after = snapshot(root);
  const psAfter = run.accessLog ? ps(after.processes.map((p) => p.pid)) : undefined;
  rmSync(file, { force: true });
  /** @type {number[]} */
  const latencies = [];
  /** @type {Record<string, number>} */
  const perWorker = {};
  /** @type {Record<string, Set<string>>} */
  const connectionsOf = {}; // worker → client ports it served
  let first = Infinity;
  let last = -Infinity;
  let appWall = 0;
  let appCpu = 0;
  for (const line of lines) {
    const [l, pid, done, wall, cpu, clientPort] = line.split(" ");
    const worker = /** @type {string} */ (pid);
    latencies.push(Number(l));
    perWorker[worker] = (perWorker[worker] ?? 0) + 1;
    if (clientPort !== undefined) (connectionsOf[worker] ??= new Set()).add(clientPort);
    first = Math.min(first, Number(done));
    last = Math.max(last, Number(done));
    appWall += Number(wall ?? 0);
    appCpu += Number(cpu ?? 0);
  }
  latencies.sort((a, b) => a - b);
  const n = latencies.length;
  const mean = n ? latencies.reduce((a, b) => a + b, 0) / n : NaN;
  const variance = n > 1 ? latencies.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  const cpuBefore = new Map(before.processes.map((p) => [p.pid, p]));
  let serverCpuSec = 0;
  let workerCpuSec = 0;
  let switches = 0;
  const processes = after.processes.map((p) => {
    const b = cpuBefore.get(p.pid);
    const cpu = (p.stat?.cpuSec ?? 0) - (b?.stat?.cpuSec ?? 0);
    const sw = p.switches - (b?.switches ?? 0);
    serverCpuSec += cpu;
    if (String(p.pid) in perWorker) workerCpuSec += cpu; // processes that answered requests
    switches += sw;
    return {
      pid: p.pid,
      command: p.stat?.command ?? "",
      cpuSec: cpu,
      switches: sw,
      ...readMemory(p.pid),
    };
  });
  const machineBusySec = after.machine.busySec - before.machine.busySec;
  const otherCores = Math.max(0, (machineBusySec - serverCpuSec - wrkCpuSec) / wallSec);
  return {
    requests: n,
    throughputPerSec: n > 1 ? (n - 1) / (last - first) : 0,
    meanLatencySec: mean,
    latencyStdDevSec: Math.sqrt(variance),
    latencyQuantilesSec: Object.fromEntries(
      [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999].map((p) => [
        `p${p * 100}`,
        quantile(latencies, p),
      ]),
    ),
    p50LatencySec: quantile(latencies, 0.5),
    p90LatencySec: quantile(latencies, 0.9),
    p99LatencySec: quantile(latencies, 0.99),
    maxLatencySec: latencies[n - 1],
    serverCpuSecPerRequest: n ? serverCpuSec / n : NaN,
    workerCpuSecPerRequest: n ? workerCpuSec / n : NaN,
    frontEndCpuSecPerRequest: n ? (serverCpuSec - workerCpuSec) / n : NaN,
    appWallSecPerRequest: n ? appWall / n : NaN,
    appCpuSecPerRequest: n ? appCpu / n : NaN,
    serverCores: serverCpuSec / wallSec,
    contextSwitchesPerRequest: n ? switches / n : NaN,
    wrkCores: wrkCpuSec / wallSec,
    otherCores,
    spoiled: otherCores > 0.2,
    requestsPerWorker: perWorker,
    // Connections each worker served over the run (a keep-alive connection stays with one
    // worker; servers that close after each request count one per request).
    connectionsPerWorker: Object.fromEntries(
      Object.entries(connectionsOf).map(([w, ports]) => [w, ports.size]),
    ),
    processes,
    wallSec,
    ...(run.accessLog ? { psBefore, psAfter } : {}),
  };
}

const started = Date.now();
let runs = 0;
console.log(`lab: ${grid.runs.length} server × workload groups, writing ${out}`);
let port = 8400;
// One line per run: run k of N, elapsed, the time left (weighted by each run's duration).
const bar = progress(
  grid.runs.flatMap((group) =>
    Array.from({ length: repeat * group.connections.length }, () =>
      Number(args.get("duration") ?? group.durationSec ?? grid.durationSec),
    ),
  ),
);
for (const group of grid.runs) {
  for (let r = 0; r < repeat; r++) {
    port++;
    const duration = Number(args.get("duration") ?? group.durationSec ?? grid.durationSec);
    const accessLog = group.accessLog
      ? join(tmpdir(), `pywebperf-access-${process.pid}-${port}.txt`)
      : undefined;
    const server = await startServer(group.server, port, { accessLog });
    try {
      for (const connections of group.connections) {
        const s = group.server;
        bar.next(`${s.kind} ${s.processes}×${s.threads} ${group.workload.name} c=${connections}`);
        const run = {
          workload: group.workload,
          connections,
          seed: 1 + r,
          serverPid: /** @type {number} */ (server.child.pid),
          accessLog,
        };
        /** @type {Awaited<ReturnType<typeof measure>> & { accessLogFile?: string }} */
        const result = await measure(run, port, duration);
        if (accessLog) {
          // The log, gzipped beside the data set; the record names it relative to the data set.
          result.accessLogFile = `${basename(out, ".jsonl")}-access-${runs + 1}.txt.gz`;
          writeFileSync(
            join(dirname(out), result.accessLogFile),
            gzipSync(readFileSync(accessLog)),
          );
        }
        const record = {
          time: new Date().toISOString(),
          server: group.server,
          dispatch: server.model.dispatch,
          workload: group.workload,
          connections,
          durationSec: duration,
          repetition: r,
          ...result,
          machine,
        };
        appendFileSync(out, `${JSON.stringify(record)}\n`);
        runs++;
        /** @param {number} s */
        const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
        console.log(
          `${group.server.kind} ${group.server.processes}×${group.server.threads} ${group.workload.name} c=${connections}: ` +
            `${result.throughputPerSec.toFixed(1)} req/s, mean ${ms(result.meanLatencySec)}, p99 ${ms(/** @type {number} */ (result.p99LatencySec))}` +
            `, cpu/req ${ms(result.serverCpuSecPerRequest)}${result.spoiled ? "  [SPOILED: other load]" : ""}`,
        );
      }
    } finally {
      await server.stop();
      if (accessLog) rmSync(accessLog, { force: true });
    }
  }
}
console.log(`lab: ${runs} runs in ${((Date.now() - started) / 60000).toFixed(1)} min`);
