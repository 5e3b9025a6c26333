// Runs the overload lab (issue 20, part 3): each run of lab/overload/runs.mjs starts its server on
// 127.0.0.1, sends the run's load with lab/overload/load.py, stops the server, and appends one
// JSON line (the run, its settings and every attempt) to the output, gzipped.
//
//   node lab/overload/run.mjs --out data/overload-2026-12-03.jsonl.gz [--only NAME] [--repeat N]
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { progress } from "../progress.mjs";
import { endOf } from "./measured.mjs";
import { ioSecOf, requestPath, RUNS } from "./runs.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const LAB = dirname(HERE);
const PORT = 18731;

const { values } = parseArgs({
  options: {
    out: { type: "string" },
    only: { type: "string" },
    repeat: { type: "string", default: "1" },
  },
});
if (!values.out) throw new Error("--out FILE.jsonl.gz is required");
const repeat = Number(values.repeat);
const runs = RUNS.filter((r) => !values.only || values.only.split(",").includes(r.name));
if (runs.length === 0) throw new Error(`--only ${values.only}: no such run`);

/** The server's command line, in its own options. @param {any} s */
function serverArgs(s) {
  if (s.kind === "uvicorn") {
    return {
      command: "uvicorn",
      args: [
        ...["--app-dir", join(LAB, "cgroup"), "--host", "127.0.0.1", "--port", String(PORT)],
        ...["--workers", String(s.workers), "--backlog", String(s.backlog)],
        ...["--limit-concurrency", String(s.limitConcurrency)],
        ...(s.timeoutKeepAlive === undefined
          ? []
          : ["--timeout-keep-alive", String(s.timeoutKeepAlive)]),
        ...["--no-access-log", "--log-level", "error", "app_asgi:app"],
      ],
    };
  }
  const workerClass = s.kind.slice("gunicorn-".length);
  return {
    command: "gunicorn",
    args: [
      ...["--chdir", LAB, "-b", `127.0.0.1:${PORT}`, "-w", String(s.workers), "-k", workerClass],
      ...(s.threads ? ["--threads", String(s.threads)] : []),
      ...["--backlog", String(s.backlog), "--timeout", String(s.timeout ?? 30)],
      ...["--log-level", "error", "app:application"],
    ],
  };
}

/**
 * The whole machine's CPU seconds so far (/proc/stat's first line, in USER_HZ ticks of 1/100 s):
 * busy, and of it the processes running under `nice` (other work on the machine: this lab runs
 * at the normal priority).
 */
function machineTicks() {
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = String(
    readFileSync("/proc/stat", "utf8").split("\n")[0],
  )
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { busySec: (user + nice + system + irq + softirq + steal) / 100, niceSec: nice / 100 };
}

/** Resolves once the port accepts a connection (at most 10 s). */
async function listening() {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((done) => {
      const socket = connect(PORT, "127.0.0.1", () => done(socket.end() && true));
      socket.on("error", () => done(false));
    });
    if (ok) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`the server did not listen on 127.0.0.1:${PORT} within 10 s`);
}

/** load.py's configuration for a run of open-loop arrivals. @param {any} run @param {number} seed */
const openLoop = (run, seed) => ({
  port: PORT,
  path: requestPath(run),
  phases: run.phases,
  seed,
  retryDelaySec: 1,
  backoffMultiplier: 2,
  maxAttempts: 20000,
  ...run.client,
});

/** One run: its record. @param {any} run @param {number} repetition */
async function measure(run, repetition) {
  const { command, args } = serverArgs(run.server);
  const server = spawn(command, args, {
    detached: true,
    stdio: "ignore",
    env: { ...process.env, LAB_TCP_NODELAY: "1" },
  });
  try {
    await listening();
    await new Promise((done) => setTimeout(done, 1000)); // every worker booted
    const seed = 1000 * repetition + RUNS.indexOf(run);
    const [script, config] = run.keepAlive
      ? [
          "keepalive.py",
          {
            port: PORT,
            path: requestPath(run),
            seed,
            ...run.keepAlive,
            durationSec: endOf(run),
            clientTimeoutSec: 30,
          },
        ]
      : ["load.py", openLoop(run, seed)];
    const before = { ticks: machineTicks(), at: Date.now() };
    const load = spawnSync("/usr/bin/python3", [join(HERE, script), JSON.stringify(config)], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
      timeout: 120_000,
    });
    const after = machineTicks();
    const wallSec = (Date.now() - before.at) / 1000;
    if (load.status !== 0) throw new Error(`load.py failed: ${load.stderr || load.error}`);
    const attempts = load.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    return {
      name: run.name,
      why: run.why,
      repetition,
      date: new Date().toISOString(),
      server: run.server,
      command: `${command} ${args.join(" ")}`.replaceAll(LAB, "lab"),
      client: run.client,
      ...(run.keepAlive ? { keepAlive: run.keepAlive } : {}),
      phases: run.phases,
      warmUpSec: run.warmUpSec ?? 0,
      ioSec: ioSecOf(run),
      machine: {
        busyCores: (after.busySec - before.ticks.busySec) / wallSec,
        nicedCores: (after.niceSec - before.ticks.niceSec) / wallSec,
      },
      attempts,
    };
  } finally {
    try {
      process.kill(-(server.pid ?? 0), "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((done) => setTimeout(done, 1500));
    try {
      process.kill(-(server.pid ?? 0), "SIGKILL");
    } catch {
      // stopped by SIGTERM
    }
  }
}

const lengths = Array.from({ length: repeat }, () => runs.map((r) => endOf(r) + 5)).flat();
const report = progress(lengths);
const records = [];
for (let repetition = 1; repetition <= repeat; repetition++) {
  for (const run of runs) {
    report.next(`${run.name} (repetition ${repetition})`);
    const record = await measure(run, repetition);
    const count = (/** @type {string} */ o) =>
      record.attempts.filter((a) => a.outcome === o).length;
    console.log(
      `  ${record.attempts.length} attempts: ok ${count("ok")}, refused ${count("refused")}, shed ${count("shed")}, timeout ${count("timeout")}, closed ${count("closed")}`,
    );
    records.push(record);
    writeFileSync(values.out, gzipSync(records.map((r) => JSON.stringify(r)).join("\n") + "\n"));
  }
}
