// npm run lab:calibrate-data: what a Python team's monitoring and load test leave behind, made
// for real on this machine. gunicorn (one gthread worker, 4 threads) serves the lab application
// wrapped in prometheus_client instrumentation (lab/metrics_app.py) on 127.0.0.1 and writes an
// access log with request times; Debian's locust runs headless with FastHttpUser in stages of
// constant user count (lab/locustfile.py); /metrics is scraped every 2 s into one file. Writes a
// data set folder: locust's CSV files, metrics.prom, access.txt.gz, ps snapshots before and after
// the load, deployment.json (the setup and the ground truth) and README.md.
//
//   node lab/calibrate-run.mjs --out data/lab-<date>-calibrate [--port 8470]
//
// Every child is bounded: locust is killed 60 s after its stages should have ended, gunicorn is
// stopped when the run ends, and a watchdog ends the whole script if anything hangs.
import { spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { cpus, release, tmpdir, totalmem } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { get as httpGet } from "node:http";
import { calibrateReadme } from "./calibrate-readme.mjs";
import { machineCpu, processTree, readMemory, readStat } from "./procfs.mjs";
import { progress } from "./progress.mjs";

const LAB = dirname(fileURLToPath(import.meta.url));
/** @type {Map<string, string | undefined>} */
const args = new Map();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(/** @type {string} */ (process.argv[i]).replace(/^--/, ""), process.argv[i + 1]);
const out = args.get("out");
if (!out) throw new Error("usage: node lab/calibrate-run.mjs --out data/lab-<date>-calibrate");
const port = Number(args.get("port") ?? 8470);
const bind = `127.0.0.1:${port}`;

// The load and the application's work per request (the ground truth).
const APP = { cpuSec: 0.008, ioSec: 0.016, bursts: 2, dist: "exp" };
const PATH = `/work?cpu=${APP.cpuSec}&io=${APP.ioSec}&bursts=${APP.bursts}&dist=${APP.dist}`;
const WAIT_SEC = 0.05;
// --stages "seconds:users,..." replaces them (a short smoke run, say).
const STAGES = (args.get("stages") ?? "45:1,25:2,25:4,25:8,25:16,25:32").split(",").map((stage) => {
  const [durationSec, users] = /** @type {[number, number]} */ (stage.split(":").map(Number));
  return { users, durationSec };
});
const SCRAPE_EVERY_MS = 2000;
const WORKERS = 1;
const THREADS = 4;
const ACCESS_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s';
const loadSec = STAGES.reduce((s, x) => s + x.durationSec, 0);

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * @param {string} command
 * @param {string[]} flags
 */
const firstLine = (command, flags) => {
  const r = spawnSync(command, flags, { encoding: "utf8", timeout: 30000 });
  return `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n")[0] ?? "";
};

// Whatever happens, the script ends: the watchdog stops the children and exits.
/** @type {(() => void)[]} */
const cleanups = [];
const cleanup = () => {
  for (const f of cleanups.splice(0).reverse()) {
    try {
      f();
    } catch {}
  }
};
const watchdog = setTimeout(
  () => {
    console.error("calibrate-run: watchdog fired, stopping");
    cleanup();
    process.exit(2);
  },
  (300 + loadSec + 180) * 1000, // the wait for a quiet machine, the load, the rest
);
watchdog.unref();
for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });

/**
 * @param {number | undefined} pid
 * @param {NodeJS.Signals} signal
 */
const killGroup = (pid, signal) => {
  try {
    process.kill(-(/** @type {number} */ (pid)), signal);
  } catch {}
};

/**
 * GET on a fresh connection each time (a kept-alive one can be closed by gunicorn's keep-alive
 * timeout just as the next request goes out); the body, or undefined on any failure.
 * @param {string} path
 * @returns {Promise<string | undefined>}
 */
function get(path, timeoutMs = 5000) {
  return new Promise((resolve) => {
    const req = httpGet(
      { host: "127.0.0.1", port, path, agent: false, timeout: timeoutMs },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve(res.statusCode === 200 ? body : undefined));
        res.on("error", () => resolve(undefined));
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
  });
}

// --- a quiet machine ---------------------------------------------------------------------
// Other load shares the 2 cores and spoils the run: wait (at most 5 minutes) until the machine
// has been below 0.15 busy cores for 10 s.
let quietWaitSec = 0;
for (;;) {
  const b0 = machineCpu().busySec;
  await sleep(10000);
  const busyCores = (machineCpu().busySec - b0) / 10;
  if (busyCores < 0.15 || quietWaitSec >= 300) {
    if (busyCores >= 0.15)
      console.error(`calibrate-run: machine still busy (${busyCores.toFixed(2)} cores); going on`);
    break;
  }
  if (quietWaitSec === 0)
    console.log(
      `calibrate-run: waiting for other load to end (${busyCores.toFixed(2)} cores busy)`,
    );
  quietWaitSec += 10;
}

// --- the server ---------------------------------------------------------------------------
const scratch = mkdtempSync(join(tmpdir(), "pywebperf-calibrate-"));
cleanups.push(() => rmSync(scratch, { recursive: true, force: true }));
// gunicorn runs in the scratch folder and writes its log there by a relative name, so that the ps
// snapshots name no path of this machine; it finds the application through PYTHONPATH.
const ACCESS_LOG = "access.txt";
const accessLog = join(scratch, ACCESS_LOG);
const gunicornArgs = [
  "--bind",
  bind,
  "--worker-class",
  "gthread",
  "--workers",
  String(WORKERS),
  "--threads",
  String(THREADS),
  "--access-logfile",
  ACCESS_LOG,
  "--access-logformat",
  ACCESS_FORMAT,
  "--log-level",
  "warning",
  "metrics_app:application",
];
// Probes ask for /metrics, which the instrumentation does not count: until the load, the
// request series do not exist.
if (await get("/metrics", 1000)) throw new Error(`something already answers on ${bind}`);
mkdirSync(out, { recursive: true });
const gunicorn = spawn("/usr/bin/gunicorn", gunicornArgs, {
  cwd: scratch,
  env: { ...process.env, PYTHONPATH: LAB },
  detached: true,
  stdio: ["ignore", "ignore", "inherit"],
});
const serverExit = new Promise((r) => gunicorn.on("exit", r));
/** Stops gunicorn: SIGTERM, then SIGKILL to its process group if it takes more than 5 s. */
const stopServer = async () => {
  killGroup(gunicorn.pid, "SIGTERM");
  await Promise.race([serverExit, sleep(5000)]);
  killGroup(gunicorn.pid, "SIGKILL");
};
cleanups.push(() => killGroup(gunicorn.pid, "SIGKILL")); // emergencies only
let up = false;
for (let i = 0; i < 200 && !up; i++) {
  up = (await get("/metrics", 1000)) !== undefined;
  if (!up) await sleep(50);
}
if (!up) {
  await stopServer();
  cleanup();
  throw new Error(`gunicorn did not start on ${bind}`);
}

/** CPU seconds of every gunicorn process (master and worker), by pid. */
const serverCpu = () =>
  Object.fromEntries(
    processTree(/** @type {number} */ (gunicorn.pid)).map((pid) => [pid, readStat(pid)]),
  );
const ps = () =>
  spawnSync(
    "ps",
    [
      "-o",
      "pid,ppid,rss,cputime,etime,args",
      "-p",
      processTree(/** @type {number} */ (gunicorn.pid)).join(","),
    ],
    { encoding: "utf8" },
  ).stdout;

// --- scrapes ------------------------------------------------------------------------------
const promFile = join(out, "metrics.prom");
rmSync(promFile, { force: true });
let scrapes = 0;
let failedScrapes = 0;
/** @type {number | undefined} */
let locustPid; // the shell running locust, once started
/** @type {[string, number, number, number][]} */
const samples = []; // [time, machine busy s, server CPU s, locust CPU s] at each scrape
/** @param {number | undefined} root */
const cpuOf = (root) =>
  root === undefined
    ? 0
    : processTree(root).reduce((s, pid) => s + (readStat(pid)?.cpuSec ?? 0), 0);
async function scrape() {
  const at = new Date().toISOString();
  samples.push([at, machineCpu().busySec, cpuOf(gunicorn.pid), cpuOf(locustPid)]);
  let text = await get("/metrics");
  if (text === undefined) text = await get("/metrics"); // once more
  if (text === undefined) {
    failedScrapes++;
    return;
  }
  appendFileSync(promFile, `# scrape at ${at}\n${text.endsWith("\n") ? text : `${text}\n`}`);
  scrapes++;
}

// --- the load -----------------------------------------------------------------------------
await sleep(1000); // let the worker settle after start
const cpuBefore = serverCpu();
writeFileSync(join(out, "ps-before.txt"), ps());
await scrape();
const locustCsv = join(out, "locust");
const locustArgs = [
  "-f",
  join(LAB, "locustfile.py"),
  "--headless",
  "--host",
  `http://${bind}`,
  "--csv",
  locustCsv,
  "--csv-full-history",
  "--only-summary",
  "--loglevel",
  "WARNING",
];
/** @param {string | number} a */
const quote = (a) => `'${String(a).replace(/'/g, "'\\''")}'`;
// The shell reports locust's CPU time (its children's, fields 16 and 17) after locust exits.
const locustScript = `/usr/bin/locust ${locustArgs.map(quote).join(" ")} > ${quote(join(scratch, "locust-output.txt"))} 2>&1; echo "exit $?"; cat /proc/$$/stat`;
const machineBefore = machineCpu();
const startedAt = new Date();
const locust = spawn("sh", ["-c", locustScript], {
  detached: true,
  stdio: ["ignore", "pipe", "inherit"],
  env: {
    ...process.env,
    LAB_PATH: PATH,
    LAB_WAIT: String(WAIT_SEC),
    LAB_STAGES: STAGES.map((s) => `${s.durationSec}:${s.users}`).join(","),
  },
});
locustPid = locust.pid;
cleanups.push(() => killGroup(locust.pid, "SIGKILL"));
let locustOut = "";
locust.stdout.on("data", (d) => (locustOut += d));
const locustDone = new Promise((r) => locust.on("exit", r));
const locustTimer = setTimeout(() => killGroup(locust.pid, "SIGKILL"), (loadSec + 60) * 1000);
console.log(
  `calibrate-run: locust ${STAGES.map((s) => `${s.users}u×${s.durationSec}s`).join(", ")} against ${bind}, scraping every ${SCRAPE_EVERY_MS / 1000} s`,
);
let finished = false;
locustDone.then(() => (finished = true));
// One line as each stage starts: stage k of N, elapsed, the time left (by the stages' lengths).
const bar = progress(STAGES.map((s) => s.durationSec));
const stageEnds = STAGES.map((_, i) =>
  STAGES.slice(0, i + 1).reduce((t, s) => t + s.durationSec, 0),
);
let stage = 0;
for (let k = 1; !finished; k++) {
  const sinceStart = (Date.now() - startedAt.getTime()) / 1000;
  while (stage < STAGES.length && (stage === 0 || sinceStart >= (stageEnds[stage - 1] ?? 0))) {
    const s = /** @type {(typeof STAGES)[number]} */ (STAGES[stage++]);
    bar.next(`locust stage ${s.users} users × ${s.durationSec} s`);
  }
  const due = startedAt.getTime() + k * SCRAPE_EVERY_MS;
  await Promise.race([sleep(Math.max(0, due - Date.now())), locustDone]);
  if (!finished) await scrape();
}
clearTimeout(locustTimer);
const endedAt = new Date();
const machineAfter = machineCpu();
await scrape();
const cpuAfter = serverCpu();
writeFileSync(join(out, "ps-after.txt"), ps());
const memory = readMemory(
  /** @type {number} */ (processTree(/** @type {number} */ (gunicorn.pid)).at(-1)),
);
await stopServer();

// --- locust's results and CPU ---------------------------------------------------------------
const exitCode = Number(/^exit (\d+)/m.exec(locustOut)?.[1] ?? NaN);
const statLine = locustOut.slice(locustOut.indexOf("exit"));
const fields = statLine.slice(statLine.lastIndexOf(")") + 2).split(" ");
const locustCpuSec = (Number(fields[13]) + Number(fields[14])) / 100;
const locustOutput = existsSync(join(scratch, "locust-output.txt"))
  ? readFileSync(join(scratch, "locust-output.txt"), "utf8")
  : "";
if (exitCode !== 0) console.error(`calibrate-run: locust exit ${exitCode}\n${locustOutput}`);
for (const kind of ["failures", "exceptions"]) {
  const file = `${locustCsv}_${kind}.csv`;
  if (existsSync(file) && readFileSync(file, "utf8").trim().split("\n").length <= 1) rmSync(file);
}

// --- access log -----------------------------------------------------------------------------
const accessText = existsSync(accessLog) ? readFileSync(accessLog) : Buffer.alloc(0);
writeFileSync(join(out, "access.txt.gz"), gzipSync(accessText, { level: 9 }));

// --- deployment.json ---------------------------------------------------------------------
const processes = Object.entries(cpuAfter).map(([pid, after]) => ({
  pid: Number(pid),
  role: Number(pid) === gunicorn.pid ? "master" : "worker",
  cpuSec: +((after?.cpuSec ?? 0) - (cpuBefore[pid]?.cpuSec ?? 0)).toFixed(2),
}));
const serverCpuSec = +processes.reduce((s, p) => s + p.cpuSec, 0).toFixed(2);
/** The version of a Debian package, e.g. "2.12.1-1". */
/** @param {string} name */
const debianVersion = (name) => firstLine("dpkg-query", ["-W", "-f", "${Version}", name]);
/** @param {string} text */
const version = (text) => /(\d+\.\d+(\.\d+)?)/.exec(text)?.[1] ?? text;
const deployment = {
  server: {
    software: "gunicorn",
    version: version(firstLine("/usr/bin/gunicorn", ["--version"])),
    debianPackage: `gunicorn ${debianVersion("gunicorn")}`,
    workerClass: "gthread",
    workers: WORKERS,
    threads: THREADS,
    cores: cpus().length,
    bind,
    application: "lab/metrics_app.py (lab/app.py wrapped in prometheus_client instrumentation)",
    command: `PYTHONPATH=lab gunicorn ${gunicornArgs.map(quote).join(" ")}`,
    accessLogFormat: ACCESS_FORMAT,
  },
  app: {
    path: PATH,
    cpuSec: APP.cpuSec,
    ioSec: APP.ioSec,
    bursts: APP.bursts,
    dist: APP.dist,
    note:
      "cpuSec is the thread CPU time of the application's spin only (time.thread_time); the " +
      "worker's process CPU also includes gunicorn's own Python, the middleware and the scrapes. " +
      "ioSec is GIL-free waiting (time.sleep). With dist exp every burst's length is exponential " +
      "with mean cpuSec/bursts and ioSec/bursts.",
  },
  monitoring: {
    client: `prometheus_client ${debianVersion("python3-prometheus-client").replace(/-[^-]*$/, "")}`,
    debianPackage: `python3-prometheus-client ${debianVersion("python3-prometheus-client")}`,
    histogram: "http_request_duration_seconds{handler,method}",
    counter: "http_requests_total{handler,status,method}",
    buckets: "prometheus_client defaults: .005 .01 .025 .05 .075 .1 .25 .5 .75 1 2.5 5 7.5 10 +Inf",
    scrapeIntervalSec: SCRAPE_EVERY_MS / 1000,
    scrapes,
    failedScrapes,
  },
  locust: {
    // Debian's locust reports no version (`locust --version` prints none, its metadata says
    // 0.0.0): the Debian package's version says it.
    version: debianVersion("python3-locust").replace(/-[^-]*$/, ""),
    debianPackage: `python3-locust ${debianVersion("python3-locust")}`,
    user: "FastHttpUser",
    waitTimeSec: WAIT_SEC,
    waitTime: `constant(${WAIT_SEC})`,
    stages: STAGES.map((s) => ({ ...s, spawnRate: s.users })),
    requestName: "/work",
    cpuSec: locustCpuSec,
    exitCode,
    command:
      `LAB_PATH='${PATH}' LAB_WAIT=${WAIT_SEC} LAB_STAGES=${STAGES.map((s) => `${s.durationSec}:${s.users}`).join(",")} ` +
      `locust -f lab/locustfile.py --headless --host http://${bind} --csv OUT/locust --csv-full-history --only-summary --loglevel WARNING`,
  },
  serverCpuSec,
  serverProcesses: processes,
  // The machine's busy time over the load that neither the server nor locust explains: other
  // load on the machine (with node's own scraping). More than 0.2 cores spoils the run.
  otherCores: +Math.max(
    0,
    (machineAfter.busySec - machineBefore.busySec - serverCpuSec - locustCpuSec) /
      ((endedAt.getTime() - startedAt.getTime()) / 1000),
  ).toFixed(3),
  // The same between consecutive scrapes while locust ran: [scrape time, other cores], to find
  // an interval that other load spoiled.
  otherCoresByInterval: samples.slice(1).flatMap(([at, busy, server, loc], i) => {
    const [at0, busy0, server0, loc0] = /** @type {(typeof samples)[number]} */ (samples[i]);
    if (loc0 === 0 || loc === 0) return []; // before locust started or after it ended
    const sec = (Date.parse(at) - Date.parse(at0)) / 1000;
    return [
      [at, +Math.max(0, (busy - busy0 - (server - server0) - (loc - loc0)) / sec).toFixed(2)],
    ];
  }),
  workerMemoryAtEnd: memory,
  quietWaitSec,
  startTime: startedAt.toISOString(),
  endTime: endedAt.toISOString(),
  wallSec: +((endedAt.getTime() - startedAt.getTime()) / 1000).toFixed(3),
  machine: {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryBytes: totalmem(),
    kernel: release(),
    python: firstLine("/usr/bin/python3", ["--version"]),
    os: /PRETTY_NAME="([^"]*)"/.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "unknown",
  },
};
writeFileSync(join(out, "deployment.json"), `${JSON.stringify(deployment, null, 2)}\n`);
writeFileSync(join(out, "README.md"), calibrateReadme(out, deployment));
cleanup();
console.log(
  `calibrate-run: ${scrapes} scrapes (${failedScrapes} failed), locust exit ${exitCode}, ` +
    `locust CPU ${locustCpuSec.toFixed(1)} s, server CPU ${serverCpuSec.toFixed(1)} s over ` +
    `${deployment.wallSec.toFixed(0)} s; wrote ${relative(process.cwd(), out) || out}`,
);
process.exit(exitCode === 0 ? 0 : 1);
