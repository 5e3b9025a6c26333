// npm run lab:cgroup: real servers under a CPU quota in a real cgroup, with the kernel's own
// throttling counters, and under a memory limit until the OOM killer acts (README.md beside).
//
//   node lab/cgroup/run.mjs [--grid full|quick] [--out data/cgroup-<date>.jsonl] [--deadline-min 30]
//                           [--note "what this data set is"]
// as root, after `npm run build`. One JSON line per run. The cgroups (pywebperf-lab-<pid>) and
// the servers are removed at the end, on an error, on Ctrl-C or SIGTERM, and at the deadline.
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { stopEverything, stopOnSignals } from "../apps/live.mjs";
import { machineInfo } from "../apps/measure.mjs";
import { startDetached } from "../apps/start-app.mjs";
import { progress } from "../progress.mjs";
import { makeGroups } from "./cgroup.mjs";
import { GRIDS, WORKLOAD } from "./grid.mjs";
import { chooseLoads } from "./loads.mjs";
import { measureRun } from "./measure.mjs";
import { memoryRuns } from "./memory.mjs";
import { cgroupCommand } from "./servers.mjs";

/** @type {Map<string, string | undefined>} */
const args = new Map();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(/** @type {string} */ (process.argv[i]).replace(/^--/, ""), process.argv[i + 1]);
const gridName = args.get("grid") ?? "full";
const grid = GRIDS[gridName];
if (!grid) throw new Error(`unknown grid ${gridName} (${Object.keys(GRIDS).join(", ")})`);
const out =
  args.get("out") ?? join("data", `cgroup-${new Date().toISOString().slice(0, 10)}.jsonl`);
mkdirSync(dirname(out), { recursive: true });
const deadlineMin = Number(args.get("deadline-min") ?? (gridName === "quick" ? 4 : 30));

/** @param {typeof WORKLOAD} w @param {number} seed */
const pathOf = (w, seed = 1) =>
  `/work?cpu=${w.cpuTimeSec}&io=${w.ioTimeSec}&bursts=${w.bursts}&mem=${w.memBytes}&dist=${w.dist}&seed=${seed}`;
/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** @param {number} s */
const ms = (s) => `${(s * 1000).toFixed(1)} ms`;

const groups = makeGroups();
stopOnSignals();
const deadline = setTimeout(async () => {
  console.error(`lab:cgroup: deadline of ${deadlineMin} min reached, stopping`);
  await stopEverything();
  process.exit(1);
}, deadlineMin * 60_000);
const machine = { ...machineInfo(), cgroup: groups.version };
const note = args.get("note");
/** @param {object} record */
const write = (record) =>
  appendFileSync(
    out,
    `${JSON.stringify({ time: new Date().toISOString(), ...(note ? { note } : {}), grid: gridName, ...record, machine })}\n`,
  );

/** @param {import("./servers.mjs").CgroupServer} server */
const cellsOf = (server) => [
  ...grid.cells,
  ...(grid.extraCells?.server === server.kind ? grid.extraCells.cells : []),
];
const weights = grid.servers.flatMap((s) => [
  grid.calibrationSec,
  ...cellsOf(s).flatMap(() => grid.fractions.map(() => (grid.minSec + grid.maxSec) / 2)),
]);
const bar = progress([...weights, ...grid.memory.workers.map(() => grid.memory.seconds + 2)]);
console.log(`lab:cgroup: grid ${gridName}, cgroup ${groups.version}, writing ${out}`);
const started = Date.now();
let port = 8600 + (process.pid % 200) * 20;
try {
  for (const server of grid.servers) {
    port++;
    const name = `${server.kind} ${server.processes}×${server.threads}`;
    bar.next(`${name} calibration (no limit, ${grid.calibrationRatePerSec} req/s)`);
    groups.setCpuLimit({ cpuLimitCores: undefined, cpuPeriodSec: 0.1, cpuBurstSec: 0 });
    const c = cgroupCommand(server, port, groups.procsFiles);
    const s = await startDetached(c.command, c.args, port, {
      env: { ...process.env, ...c.env },
      what: name,
    });
    try {
      const base = {
        port,
        path: pathOf(WORKLOAD),
        serverPid: s.pid,
        readCpuStat: groups.readCpuStat,
        readUsageSec: groups.readUsageSec,
      };
      const light = { ...base, ratePerSec: grid.calibrationRatePerSec, periodSec: 0.1 };
      await measureRun({ ...light, seconds: 1, seed: 99 }); // warm-up
      const calibration = await measureRun({ ...light, seconds: grid.calibrationSec, seed: 1 });
      write({
        phase: "calibration",
        server,
        workload: WORKLOAD,
        limit: null,
        load: { ratePerSec: light.ratePerSec },
        durationSec: grid.calibrationSec,
        ...calibration,
      });
      console.log(
        `  ${calibration.requests} requests, mean ${ms(calibration.meanLatencySec)}, CPU ${ms(calibration.groupCpuSecPerRequest)} per request (the group's)`,
      );
      for (const cell of cellsOf(server)) {
        groups.setCpuLimit(cell);
        const loads = chooseLoads({
          cpuSecPerRequest: calibration.groupCpuSecPerRequest,
          cpuLimitCores: cell.cpuLimitCores,
          cores: machine.cores,
          fractions: grid.fractions,
          requests: grid.requests,
          minSec: grid.minSec,
          maxSec: grid.maxSec,
        });
        for (const [i, load] of loads.entries()) {
          const what = `${name} limit ${cell.cpuLimitCores} period ${ms(cell.cpuPeriodSec)} burst ${ms(cell.cpuBurstSec)} load ${load.fraction * 100} %`;
          bar.next(what);
          await sleep(300); // let the previous run's requests drain
          const r = await measureRun({
            ...base,
            ratePerSec: load.ratePerSec,
            seconds: load.durationSec,
            seed: 1 + i,
            periodSec: cell.cpuPeriodSec,
          });
          write({
            phase: "load",
            server,
            workload: WORKLOAD,
            limit: cell,
            load,
            durationSec: load.durationSec,
            ...r,
          });
          console.log(
            `  ${r.throughputPerSec.toFixed(1)} req/s (arrivals ${r.arrivalRatePerSec.toFixed(1)}), mean ${ms(r.meanLatencySec)}, p99 ${ms(r.p99LatencySec)}, ` +
              `throttled ${(r.throttling.throttledPeriodFraction * 100).toFixed(1)} % of ${r.throttling.periods} periods${r.spoiled ? `  [SPOILED: other load ${r.otherCores.toFixed(2)} cores]` : ""}`,
          );
        }
      }
    } finally {
      await s.stop();
    }
  }
  port += 50;
  await memoryRuns({ grid, groups, port, path: pathOf, bar, write });
} finally {
  clearTimeout(deadline);
  await stopEverything();
}
console.log(`lab:cgroup: done in ${((Date.now() - started) / 60000).toFixed(1)} min, ${out}`);
