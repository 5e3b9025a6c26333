// The real application's load grid (issue 17): for each way of serving the shop (grid.mjs), fresh
// PostgreSQL and memcached (services.mjs), the server (start-app.mjs), nginx in front when the
// configuration says so (nginx.mjs); then a light-load calibration run, loaded runs at several
// concurrencies (wrk, closed loop, lab/apps/mix.lua) and, for some, a locust run with think time
// (lab/apps/locustfile.py). One JSON line per run in data/realapp-<date>.jsonl (fields: README.md),
// access logs of the calibration and locust runs and locust's CSVs in a folder beside it.
//
//   node lab/apps/run.mjs [--grid full|quick] [--repeat 2] [--only name,...] [--out FILE.jsonl]
//
// Bounded: every load has a timeout, and a watchdog stops everything if the grid overruns.
import { spawn } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { machineCpu } from "../procfs.mjs";
import { progress, clock } from "../progress.mjs";
import { stopEverything, stopOnSignals } from "./live.mjs";
import { memcachedCommand, startMemcached, startPostgres } from "./services.mjs";
import { startApp } from "./start-app.mjs";
import { startNginx } from "./nginx.mjs";
import { GRIDS, HOT_PERCENT, MIX } from "./grid.mjs";
import { measureAround, machineInfo } from "./measure.mjs";

const APPS = dirname(fileURLToPath(import.meta.url));
/** @param {string} name @param {string} fallback */
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const gridName = arg("grid", "full");
const grid = GRIDS[gridName];
if (!grid) throw new Error(`unknown grid ${gridName} (${Object.keys(GRIDS).join(", ")})`);
const repeat = Number(arg("repeat", "2"));
const only = arg("only", "");
const configs = only ? grid.configs.filter((c) => only.split(",").includes(c.name)) : grid.configs;
const date = new Date().toISOString().slice(0, 10);
const out = arg(
  "out",
  join("data", `realapp-${date}${gridName === "full" ? "" : `-${gridName}`}.jsonl`),
);
const filesDir = join(dirname(out), basename(out, ".jsonl"));
// A second grid on the same day would append to the first's lines and access logs.
if (existsSync(out) || existsSync(filesDir)) {
  console.error(`realapp: ${out} or ${filesDir} exists; pass --out data/realapp-<name>.jsonl`);
  process.exit(2);
}
mkdirSync(filesDir, { recursive: true });
const mix = Object.entries(MIX)
  .map(([k, v]) => `${k}:${v}`)
  .join(",");
const stagesSec = grid.locustStages.split(",").reduce((s, x) => s + Number(x.split(":")[0]), 0);

// The plan, so that progress can say how long is left: each run's expected seconds.
/** @type {Array<{ config: import("./grid.mjs").Config; repetition: number; loads: Array<{ role: string; connections: number; seconds: number }> }>} */
const plan = configs.flatMap((config) =>
  Array.from({ length: repeat }, (_, repetition) => ({
    config,
    repetition,
    loads: [
      { role: "calibrate", connections: grid.calibrate, seconds: grid.durationSec },
      ...grid.loaded.map((c) => ({ role: "loaded", connections: c, seconds: grid.durationSec })),
      ...(config.locust ? [{ role: "locust", connections: 0, seconds: stagesSec }] : []),
    ],
  })),
);
const weights = plan.flatMap((p) => p.loads.map((l) => l.seconds + grid.warmupSec + 5));
const bar = progress(weights);
const expectedSec = weights.reduce((a, b) => a + b, 0) + plan.length * 5;
console.log(`realapp: ${weights.length} runs, about ${clock(expectedSec)}, writing ${out}`);

const scratch = mkdtempSync(join(tmpdir(), "pywebperf-realapp-"));
chmodSync(scratch, 0o711); // as root, PostgreSQL runs as postgres and must reach its directory
stopOnSignals(() => rmSync(scratch, { recursive: true, force: true }));
const watchdog = setTimeout(
  async () => {
    console.error("realapp: the grid overran its bound, stopping everything");
    await stopEverything();
    rmSync(scratch, { recursive: true, force: true });
    process.exit(2);
  },
  (expectedSec * 2 + 300) * 1000,
);

/**
 * Runs a shell script in its own process group, killed after `timeoutSec`; resolves with its
 * output and, from the shell's own /proc/<pid>/stat after the load ended, its children's CPU.
 * @param {string} script
 * @param {Record<string, string>} env
 * @param {number} timeoutSec
 */
function load(script, env, timeoutSec) {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", `${script}; cat /proc/$$/stat`], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      try {
        process.kill(-(/** @type {number} */ (child.pid)), "SIGKILL");
      } catch {}
    }, timeoutSec * 1000);
    child.on("close", () => {
      clearTimeout(timer);
      const fields = stdout.slice(stdout.lastIndexOf(")") + 2).split(" ");
      const cpuSec = (Number(fields[13]) + Number(fields[14])) / 100;
      resolve({ stdout, stderr, cpuSec: Number.isFinite(cpuSec) ? cpuSec : NaN });
    });
  });
}

/**
 * wrk with the mix for `seconds` at `connections`; the per-response lines mix.lua wrote.
 * @param {number} port
 * @param {number} connections
 * @param {number} seconds
 * @param {number} seed
 */
async function wrk(port, connections, seconds, seed) {
  const file = join(scratch, "wrk.txt");
  rmSync(file, { force: true });
  const script = `wrk -t1 -c${connections} -d${seconds}s --timeout 10s -s ${join(APPS, "mix.lua")} http://127.0.0.1:${port} > /dev/null`;
  const env = { LAB_MIX: mix, LAB_HOT: String(HOT_PERCENT), LAB_SEED: String(seed), LAB_OUT: file };
  const r = /** @type {{ cpuSec: number }} */ (await load(script, env, seconds + 30));
  const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  return { lines, cpuSec: r.cpuSec };
}

/**
 * @param {string} file
 * @param {number} offset
 */
const readFrom = (file, offset) =>
  existsSync(file) ? readFileSync(file).subarray(offset).toString("utf8") : "";
/** @param {string} file */
const sizeOf = (file) => (existsSync(file) ? statSync(file).size : 0);

/**
 * Other work shares the machine (CI, other sessions): before a run, wait while the machine is
 * busier than `quietCores` over 1 s with nothing of ours loaded, at most 10 s per run and
 * `QUIET_BUDGET_SEC` over the grid. Returns the seconds waited and the last busy cores seen.
 */
const QUIET_BUDGET_SEC = 60;
let quietSpentSec = 0;
async function waitForQuiet(quietCores = 0.3) {
  let waited = 0;
  for (;;) {
    const b0 = machineCpu().busySec;
    await new Promise((r) => setTimeout(r, 1000));
    const busy = machineCpu().busySec - b0;
    if (busy < quietCores || waited >= 10 || quietSpentSec >= QUIET_BUDGET_SEC)
      return { quietWaitSec: waited, busyCoresBefore: Number(busy.toFixed(3)) };
    waited += 1;
    quietSpentSec += 1;
  }
}

const machine = machineInfo();
let index = 0;
try {
  for (const { config, repetition, loads } of plan) {
    const dir = mkdtempSync(join(scratch, `${config.name}-`));
    const pg = await startPostgres(dir);
    const mc = await startMemcached(dir);
    const server = await startApp(config.kind, { ...pg.env, ...mc.env }, dir, {
      processes: config.processes,
      threads: config.threads,
    });
    const front = config.nginx ? await startNginx(dir, server.port) : undefined;
    const port = front?.port ?? server.port;
    const serverPid = server.pid;
    const postmasterPid = Number(
      readFileSync(join(dir, "pg", "data", "postmaster.pid"), "utf8").split("\n")[0],
    );
    for (const l of loads) {
      index++;
      const what = l.role === "locust" ? "locust" : `c=${l.connections} ${l.role}`;
      bar.next(`${config.name} ${what} (repetition ${repetition + 1}/${repeat})`);
      const quiet = await waitForQuiet();
      await memcachedCommand(mc.port, "flush_all\r\nversion\r\n");
      await wrk(port, l.role === "locust" ? 4 : l.connections, grid.warmupSec, 100 + repetition);
      const offsets = [sizeOf(server.accessLog), front ? sizeOf(front.accessLog) : 0];
      const prefix = join(dir, "locust");
      const result = await measureAround(
        { pg, mc, serverPid, nginxPid: front?.pid, postmasterPid },
        async () => {
          if (l.role !== "locust") return wrk(port, l.connections, l.seconds, 1 + repetition);
          const args = ["-f", join(APPS, "locustfile.py"), "--headless", "--host"];
          args.push(`http://127.0.0.1:${port}`, "--csv", prefix, "--csv-full-history");
          args.push("--only-summary", "--loglevel", "WARNING");
          const env = { LAB_STAGES: grid.locustStages, LAB_WAIT: grid.locustWait.join(":") };
          const r = await load(
            `/usr/bin/locust ${args.join(" ")} > ${dir}/locust.out 2>&1`,
            env,
            l.seconds + 60,
          );
          return { lines: [], cpuSec: r.cpuSec, locustCsv: `${prefix}_stats.csv` };
        },
      );
      const access = readFrom(server.accessLog, offsets[0] ?? 0);
      const nginxAccess = front ? readFrom(front.accessLog, offsets[1] ?? 0) : "";
      /** @type {Record<string, string>} */
      const files = {};
      const stem = `${String(index).padStart(3, "0")}-${config.name}-${l.role}-c${l.connections}-r${repetition}`;
      if (l.role !== "loaded") {
        files.accessLog = join(basename(filesDir), `${stem}-access.txt.gz`);
        appendFileSync(join(dirname(out), files.accessLog), gzipSync(access, { level: 9 }));
        if (front) {
          files.nginxAccessLog = join(basename(filesDir), `${stem}-nginx-access.txt.gz`);
          appendFileSync(
            join(dirname(out), files.nginxAccessLog),
            gzipSync(nginxAccess, { level: 9 }),
          );
        }
      }
      if (l.role === "locust")
        for (const f of readdirSync(dir).filter((f) => f.startsWith("locust_"))) {
          // failures and exceptions are kept only when there are some (a header alone is none)
          if (
            /_(failures|exceptions)\.csv$/.test(f) &&
            readFileSync(join(dir, f), "utf8").trim().split("\n").length <= 1
          )
            continue;
          copyFileSync(join(dir, f), join(filesDir, `${stem}-${f}`));
          files[f.replace(/^locust_|\.csv$/g, "")] = join(basename(filesDir), `${stem}-${f}`);
        }
      const record = {
        time: new Date().toISOString(),
        grid: gridName,
        config,
        role: l.role,
        load:
          l.role === "locust"
            ? {
                tool: "locust",
                user: "FastHttpUser",
                stages: grid.locustStages,
                waitSec: grid.locustWait,
              }
            : {
                tool: "wrk",
                connections: l.connections,
                mix: MIX,
                hotPercent: HOT_PERCENT,
                seed: 1 + repetition,
              },
        repetition,
        durationSec: l.seconds,
        warmupSec: grid.warmupSec,
        ...quiet,
        ...result.record(access, nginxAccess),
        files,
        machine,
      };
      appendFileSync(out, `${JSON.stringify(record)}\n`);
      console.log(`  ${result.line}`);
    }
    await front?.stop();
    await server.stop();
    await mc.stop();
    await pg.stop();
  }
  console.log(`realapp: ${index} runs in ${clock(process.uptime())}, wrote ${out}`);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await stopEverything();
  rmSync(scratch, { recursive: true, force: true });
}
