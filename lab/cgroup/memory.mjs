// The cgroup lab's memory runs: gunicorn sync workers, each request holding memory while it
// waits, under a memory limit; more workers each run until the kernel's OOM killer ends one.
// Kills are read without dmesg, three ways: the group's oom_kill counter, the workers that are
// gone after the run (gunicorn replaces a killed worker with a new pid), and gunicorn's own log
// line "Worker (pid:…) was sent SIGKILL! Perhaps out of memory?" (gunicorn 21 on; Debian's 20.1
// writes nothing when a worker dies of a signal).
import { startDetached } from "../apps/start-app.mjs";
import { processTree, readMemory } from "../procfs.mjs";
import { MEMORY_WORKLOAD } from "./grid.mjs";
import { measureRun } from "./measure.mjs";
import { cgroupCommand } from "./servers.mjs";

/** @param {string} log gunicorn's stderr */
export const killLines = (log) =>
  log.split("\n").filter((l) => /was sent SIGKILL! Perhaps out of memory\?/.test(l));

/**
 * Runs `grid.memory.workers` in order (stopping after the first count that saw a kill) and
 * hands each record to `write`.
 * @param {{ grid: import("./grid.mjs").Grid; groups: ReturnType<typeof import("./cgroup.mjs").makeGroups>;
 *   port: number; path: (w: typeof MEMORY_WORKLOAD) => string; bar: { next: (what: string) => string };
 *   write: (record: object) => void }} o
 */
export async function memoryRuns({ grid, groups, port, path, bar, write }) {
  const { limitBytes, workers, seconds } = grid.memory;
  for (const count of workers) {
    bar.next(`memory: gunicorn-sync ${count} workers under ${limitBytes / 2 ** 20} MiB`);
    const server = { kind: /** @type {const} */ ("gunicorn-sync"), processes: count, threads: 1 };
    groups.setCpuLimit({ cpuLimitCores: undefined, cpuPeriodSec: 0.1, cpuBurstSec: 0 });
    groups.setMemoryLimit(limitBytes);
    const c = cgroupCommand(server, port + count, groups.procsFiles);
    const s = await startDetached(c.command, c.args, port + count, {
      env: { ...process.env, ...c.env },
      what: `gunicorn-sync ${count} workers`,
    });
    try {
      // Idle memory of master and workers before the load (the model's Σ PSS starts here).
      const idle = processTree(s.pid).map((pid) => ({ pid, ...readMemory(pid) }));
      // More arrivals than the workers can take: every worker holds a request's memory.
      const w = MEMORY_WORKLOAD;
      const ratePerSec = (1.5 * count) / (w.cpuTimeSec + w.ioTimeSec);
      groups.resetPeak();
      const killsBefore = groups.readOomKills();
      const result = await measureRun({
        port: port + count,
        path: path(MEMORY_WORKLOAD),
        ratePerSec,
        seconds,
        seed: 1,
        serverPid: s.pid,
        periodSec: 0.1,
        readCpuStat: groups.readCpuStat,
        readUsageSec: groups.readUsageSec,
      });
      const oomKills = groups.readOomKills() - killsBefore;
      const alive = new Set(processTree(s.pid));
      const workersGone = idle.filter((p) => p.pid !== s.pid && !alive.has(p.pid)).length;
      const logLines = killLines(s.stderr());
      write({
        phase: "memory",
        server,
        workload: MEMORY_WORKLOAD,
        memoryLimitBytes: limitBytes,
        load: { ratePerSec },
        durationSec: seconds,
        idleProcesses: idle,
        oomKills,
        workersGone,
        killLogLines: logLines,
        peakBytes: groups.readPeakBytes(),
        ...result,
      });
      console.log(
        `  ${count} workers: ${oomKills} OOM kills, ${workersGone} of ${count} workers gone, ${logLines.length} kills in gunicorn's log, peak ${((groups.readPeakBytes() ?? NaN) / 2 ** 20).toFixed(0)} MiB`,
      );
      if (oomKills > 0 || workersGone > 0 || logLines.length > 0) break;
    } finally {
      await s.stop();
      groups.setMemoryLimit(undefined);
    }
  }
}
