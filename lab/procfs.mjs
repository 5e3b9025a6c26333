// Process and machine counters from Linux's /proc, for the lab: CPU time, context switches,
// RSS and PSS of a server's processes, and the machine's total CPU use.
import { readFileSync, readdirSync } from "node:fs";

const TICK = 100; // USER_HZ on Linux: clock ticks per second in /proc/<pid>/stat

/**
 * The process ids of `root` and all its descendants.
 * @param {number} root
 */
export function processTree(root) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(name));
    children.set(stat.ppid, list);
  }
  /** @type {number[]} */
  const out = [];
  /** @param {number} pid */
  const walk = (pid) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/**
 * Parent, CPU seconds (user + system) and the command of one process, or undefined if gone.
 * @param {number} pid
 */
export function readStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  const close = text.lastIndexOf(")");
  const command = text.slice(text.indexOf("(") + 1, close);
  const fields = text.slice(close + 2).split(" ");
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
  return {
    pid,
    command,
    ppid: Number(fields[1]),
    cpuSec: (Number(fields[11]) + Number(fields[12])) / TICK,
    childrenCpuSec: (Number(fields[13]) + Number(fields[14])) / TICK,
  };
}

/**
 * Voluntary and involuntary context switches of a process, summed over its threads
 * (`/proc/<pid>/status` counts the main thread only).
 * @param {number} pid
 */
export function readSwitches(pid) {
  let total = 0;
  let tasks = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const tid of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/status`, "utf8");
      /** @param {string} key */
      const get = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
      total += get("voluntary_ctxt_switches") + get("nonvoluntary_ctxt_switches");
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return total;
}

/**
 * @param {string} text
 * @param {string} key
 */
const kib = (text, key) =>
  Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0) * 1024;

/**
 * Resident and proportional set size of a process (smaps_rollup), its peak RSS since it started
 * (VmHWM: the requests' own memory, which is freed when they end, shows only here) and its
 * threads, bytes.
 * @param {number} pid
 */
export function readMemory(pid) {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return {
      rssBytes: kib(rollup, "Rss"),
      pssBytes: kib(rollup, "Pss"),
      peakRssBytes: kib(status, "VmHWM"),
      threads: Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 0),
    };
  } catch {
    return { rssBytes: 0, pssBytes: 0, peakRssBytes: 0, threads: 0 };
  }
}

/** Busy and total CPU seconds of the whole machine since boot (/proc/stat, all cores). */
export function machineCpu() {
  // The first line, "cpu" and (since Linux 2.6.11) at least these eight counters.
  const line = /** @type {[number, number, number, number, number, number, number, number]} */ (
    /** @type {string} */ (readFileSync("/proc/stat", "utf8").split("\n")[0])
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number)
  );
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line;
  const busy = user + nice + system + irq + softirq + steal;
  return { busySec: busy / TICK, totalSec: (busy + idle + iowait) / TICK };
}

/**
 * Snapshot of a server: per-process CPU seconds and context switches.
 * @param {number} root
 */
export function snapshot(root) {
  const processes = processTree(root).map((pid) => ({
    pid,
    stat: readStat(pid),
    switches: readSwitches(pid),
  }));
  return { processes, machine: machineCpu() };
}
