import type { PythonSim } from "./pythonSim.js";

// The CFS bandwidth control of Linux (Documentation/scheduler/sched-bwc.rst) in the simulated
// server: each period the container gets `quota` seconds of CPU, used by every running thread
// together; when it is spent, every thread stops until the period ends, when the runtime is
// refilled to quota + what was saved, at most quota + burst.

/** CPU seconds per second the running threads use now (0 while throttled). */
export function cpuRate(sim: PythonSim): number {
  return sim.quota.throttled ? 0 : Math.min(sim.running.size, sim.setup.cores);
}

/** The next quota event after `clock`: the period's end, or the runtime running out. */
export function nextQuotaEvent(sim: PythonSim): { time: number; kind: "period" | "throttle" } {
  const q = sim.quota;
  const rate = cpuRate(sim);
  const out = rate > 0 ? sim.clock + q.runtimeSec / rate : Infinity;
  return out < q.periodEnd
    ? { time: out, kind: "throttle" }
    : { time: q.periodEnd, kind: "period" };
}

/** Time passes: the running threads use runtime; the stalled requests are counted. */
export function useQuota(sim: PythonSim, dt: number, inServer: number): void {
  const q = sim.quota;
  if (q.quotaSec === Infinity) return;
  q.runtimeSec = Math.max(0, q.runtimeSec - cpuRate(sim) * dt);
  if (q.throttled && sim.measureFrom >= 0) q.stalledRequestSec += inServer * dt;
}

/** A quota event: throttle now, or a new period with its runtime refilled. */
export function quotaEvent(sim: PythonSim, kind: "period" | "throttle"): void {
  const q = sim.quota;
  if (kind === "throttle") {
    q.runtimeSec = 0;
    q.throttled = true;
    if (sim.measureFrom >= 0) q.throttledPeriods++;
    return;
  }
  if (sim.measureFrom >= 0) q.periods++;
  q.runtimeSec = Math.min(q.runtimeSec + q.quotaSec, q.quotaSec + q.burstSec);
  q.throttled = false;
  q.periodEnd += q.periodSec;
}
