// The lab's cgroups on this machine: finds the CPU and memory controllers (cgroup v1's
// /sys/fs/cgroup/cpu and /sys/fs/cgroup/memory hierarchies, or a v2 hierarchy with the cpu and
// memory controllers enabled), makes one group per controller named after this process, sets
// limits, reads the counters, and removes the groups: on success, on errors and on signals (the
// removal is tracked by lab/apps/live.mjs, so stopEverything() does it after the servers stop).
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { track } from "../apps/live.mjs";
import {
  MEMORY_FILES,
  cpuLimitWrites,
  memoryLimitWrite,
  parseCpuStat,
  parseOomKills,
  parseUsageSec,
} from "./cgroupText.mjs";

const ROOT = "/sys/fs/cgroup";

/**
 * Where the controllers are: v1 when /sys/fs/cgroup/cpu has cpu.cfs_quota_us, else the first v2
 * hierarchy (/sys/fs/cgroup itself, or /sys/fs/cgroup/unified beside v1) whose
 * cgroup.controllers lists cpu and memory.
 * v1's CPU time is cpuacct's (a hierarchy of its own, or mounted together with cpu).
 * @returns {{ version: import("./cgroupText.mjs").CgroupVersion; cpu: string; cpuacct: string; memory: string }}
 */
export function findControllers() {
  if (existsSync(join(ROOT, "cpu", "cpu.cfs_quota_us"))) {
    const cpuacct = existsSync(join(ROOT, "cpuacct", "cpuacct.usage"))
      ? join(ROOT, "cpuacct")
      : join(ROOT, "cpu");
    return { version: "v1", cpu: join(ROOT, "cpu"), cpuacct, memory: join(ROOT, "memory") };
  }
  for (const dir of [ROOT, join(ROOT, "unified")]) {
    const file = join(dir, "cgroup.controllers");
    if (!existsSync(file)) continue;
    const controllers = readFileSync(file, "utf8").trim().split(/\s+/);
    if (controllers.includes("cpu") && controllers.includes("memory")) {
      return { version: "v2", cpu: dir, cpuacct: dir, memory: dir };
    }
  }
  throw new Error(
    "no cgroup with CPU bandwidth control: neither v1's cpu.cfs_quota_us nor v2's cpu controller",
  );
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Makes this process's groups (`pywebperf-lab-<pid>`) and returns what the lab does with them;
 * their removal is tracked (see the file's head).
 */
export function makeGroups() {
  const where = findControllers();
  const name = `pywebperf-lab-${process.pid}`;
  const cpuDir = join(where.cpu, name);
  const memoryDir = join(where.memory, name);
  const cpuacctDir = join(where.cpuacct, name);
  const dirs = [...new Set([cpuDir, cpuacctDir, memoryDir])];
  if (where.version === "v2") {
    // v2: a child gets a controller only when its parent delegates it.
    writeFileSync(join(where.cpu, "cgroup.subtree_control"), "+cpu +memory");
  }
  for (const dir of dirs) mkdirSync(dir);
  /** @param {string} dir @param {Array<[string, string]>} writes */
  const write = (dir, writes) => {
    for (const [file, text] of writes) writeFileSync(join(dir, file), text);
  };
  const remove = track(async () => {
    for (const dir of dirs) {
      // Anything still inside is the lab's own: end it, then the empty group can go.
      for (let i = 0; i < 40 && existsSync(dir); i++) {
        const pids = readFileSync(join(dir, "cgroup.procs"), "utf8").split("\n").filter(Boolean);
        for (const pid of pids) {
          try {
            process.kill(Number(pid), "SIGKILL");
          } catch {}
        }
        try {
          rmdirSync(dir);
        } catch {
          await sleep(50);
        }
      }
    }
  });
  return {
    version: where.version,
    /** The cgroup.procs files a server's first process writes its pid into. */
    procsFiles: dirs.map((d) => join(d, "cgroup.procs")),
    /** @param {{ cpuLimitCores?: number | undefined; cpuPeriodSec: number; cpuBurstSec: number }} limit */
    setCpuLimit: (limit) => write(cpuDir, cpuLimitWrites(where.version, limit)),
    /** @param {number | undefined} bytes */
    setMemoryLimit: (bytes) => write(memoryDir, [memoryLimitWrite(where.version, bytes)]),
    readCpuStat: () => parseCpuStat(readFileSync(join(cpuDir, "cpu.stat"), "utf8")),
    /** CPU seconds used by the group's processes, to the nanosecond (v1) or microsecond (v2). */
    readUsageSec: () =>
      parseUsageSec(
        where.version,
        readFileSync(
          join(cpuacctDir, where.version === "v1" ? "cpuacct.usage" : "cpu.stat"),
          "utf8",
        ),
      ),
    readOomKills: () =>
      parseOomKills(readFileSync(join(memoryDir, MEMORY_FILES[where.version].events), "utf8")),
    /** Peak memory charged to the group since the last reset, bytes (undefined where unsupported). */
    readPeakBytes: () => {
      const file = join(memoryDir, MEMORY_FILES[where.version].peak);
      return existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : undefined;
    },
    resetPeak: () => {
      if (where.version === "v1") writeFileSync(join(memoryDir, MEMORY_FILES.v1.peak), "0");
    },
    remove,
  };
}
