// One run of the cgroup lab: the kernel's cpu.stat, the server's CPU (its process tree in /proc)
// and the machine's before and after a bounded open-loop run, and what its raw latencies give.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { summarize, treeCpu, treeDelta } from "../apps/counters.mjs";
import { track } from "../apps/live.mjs";
import { machineCpu } from "../procfs.mjs";
import { throttleDelta } from "./cgroupText.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const OPEN_LOAD = join(HERE, "openload.mjs");

/**
 * Runs the open-loop load (openload.mjs) as its own process without blocking this one's event
 * loop (so signals and the lab's deadline are served); returns its per-request lines, the
 * requests it sent and its own CPU seconds.
 * @param {{ port: number; path: string; ratePerSec: number; seconds: number; seed: number }} o
 * @returns {Promise<{ lines: string[]; sent: number; errors: number; loadCpuSec: number }>}
 */
export function openLoad(o) {
  const file = join(tmpdir(), `pywebperf-cgroup-${process.pid}.txt`);
  const args = [OPEN_LOAD, String(o.port), o.path, String(o.ratePerSec), String(o.seconds)];
  args.push(String(o.seed), file);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    // Stopped with everything else on a signal or the deadline; untracked once it has ended.
    const stop = track(async () => void child.kill("SIGKILL"));
    const timer = setTimeout(stop, (o.seconds + 30) * 1000);
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      clearTimeout(timer);
      void stop();
      if (signal) return reject(new Error(`the load generator was stopped (${signal})`));
      /** @type {string[]} */
      let lines = [];
      try {
        lines = readFileSync(file, "utf8").trim().split("\n").filter(Boolean);
      } catch {}
      rmSync(file, { force: true });
      const s = JSON.parse(out.trim().split("\n").at(-1) || "{}");
      resolve({ lines, sent: s.sent ?? 0, errors: s.errors ?? 0, loadCpuSec: s.cpuSec ?? 0 });
    });
  });
}

/**
 * Measures one run: `groups` reads the cpu.stat of the server's group; `periodSec` is the CFS
 * period in force.
 * @param {{ port: number; path: string; ratePerSec: number; seconds: number; seed: number;
 *   serverPid: number; periodSec: number; readCpuStat: () => ReturnType<typeof import("./cgroupText.mjs").parseCpuStat>;
 *   readUsageSec: () => number }} run
 */
export async function measureRun(run) {
  const cpuBefore = treeCpu(run.serverPid);
  const machineBefore = machineCpu();
  const statBefore = run.readCpuStat();
  const usageBefore = run.readUsageSec();
  const t0 = Date.now();
  const { lines, sent, errors, loadCpuSec } = await openLoad(run);
  const wallSec = (Date.now() - t0) / 1000;
  const statAfter = run.readCpuStat();
  const groupCpuSec = run.readUsageSec() - usageBefore;
  const machineAfter = machineCpu();
  const tree = treeDelta(cpuBefore, treeCpu(run.serverPid));
  const latencies = [];
  /** @type {Record<string, number>} */
  const requestsPerWorker = {};
  let first = Infinity;
  let last = -Infinity;
  for (const line of lines) {
    const [l, worker = "?", done] = line.split(" ");
    latencies.push({ endpoint: "work", status: 200, sec: Number(l) });
    requestsPerWorker[worker] = (requestsPerWorker[worker] ?? 0) + 1;
    first = Math.min(first, Number(done));
    last = Math.max(last, Number(done));
  }
  const s = summarize(latencies, wallSec);
  const n = s.requests;
  const mean = latencies.reduce((a, r) => a + r.sec, 0) / Math.max(1, n);
  const variance = latencies.reduce((a, r) => a + (r.sec - mean) ** 2, 0) / Math.max(1, n - 1);
  const workers = new Set(Object.keys(requestsPerWorker));
  const workerCpuSec = tree.processes
    .filter((p) => workers.has(String(p.pid)))
    .reduce((a, p) => a + p.cpuSec, 0);
  const otherCores = Math.max(
    0,
    (machineAfter.busySec - machineBefore.busySec - groupCpuSec - loadCpuSec) / wallSec,
  );
  return {
    sent,
    arrivalRatePerSec: sent / run.seconds,
    errors,
    requests: n,
    throughputPerSec: n > 1 ? (n - 1) / (last - first) : 0,
    meanLatencySec: mean,
    latencyStdDevSec: Math.sqrt(variance),
    p50LatencySec: s.p50Sec,
    p90LatencySec: s.p90Sec,
    p99LatencySec: s.p99Sec,
    maxLatencySec: s.maxSec,
    throttling: throttleDelta(statBefore, statAfter, wallSec, run.periodSec),
    groupCpuSecPerRequest: n ? groupCpuSec / n : NaN,
    serverCpuSecPerRequest: n ? tree.cpuSec / n : NaN,
    workerCpuSecPerRequest: n ? workerCpuSec / n : NaN,
    groupCores: groupCpuSec / wallSec,
    serverCores: tree.cpuSec / wallSec,
    loadGeneratorCores: loadCpuSec / wallSec,
    otherCores,
    spoiled: otherCores > 0.2,
    requestsPerWorker,
    processes: tree.processes,
    wallSec,
  };
}
