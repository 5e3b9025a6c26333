import { startPythonSim } from "./pythonSim.js";
import { runPythonSim } from "./pythonSimEvents.js";
import { readSimulatePythonInput, type SimulatePythonInput } from "./simulatePythonInput.js";
import { batchMeans, empiricalQuantile, type Estimate } from "./statistics.js";

/** Result of {@link simulatePython}. */
export interface SimulatedPython {
  requests: number;
  throughputPerSec: number;
  meanResponseTimeSec: Estimate;
  responseTimeQuantileSec(p: number): number;
  /** Mean fraction of time each process's GIL is held. */
  gilUtilization: number;
  /** Mean fraction of the cores busy running bytecode. */
  coreUtilization: number;
  /**
   * Under a CPU limit: the share of the periods in which the quota ran out, and the mean time a
   * request spent stopped by it (Σ over throttled time of the requests in the server ÷ requests).
   */
  throttling?: { throttledPeriodFraction: number; throttledSecPerRequest: number };
}

/**
 * Discrete-event simulation of a Python web server: P processes × T threads on C cores, each
 * request alternating CPU bursts (which need the process's GIL and a core) and I/O waits (which
 * release the GIL), with CPython's GIL hand-off (since 3.2): a thread that finds the GIL taken
 * waits; if no switch happens for a switch interval, the holder is forced to drop it and the
 * longest waiter takes it. Threads that run bytecode share the cores equally (processor
 * sharing, as Linux's fair scheduler approximates). Requests wait in one shared accept queue and
 * go to the process with the most idle threads, or (pinned) each to a random process by weight
 * and wait there. Load is open (Poisson) or a closed loop of clients with exponential think
 * times. Under a CPU limit (`cpuLimitCores`) the threads share a CFS quota as the kernel
 * documents it (Documentation/scheduler/sched-bwc.rst): each period of `cpuPeriodSec` grants
 * limit × period seconds of CPU, used by all running threads together; when it is spent every
 * thread stops until the period ends; unused runtime is kept up to `cpuBurstSec`. This is the reference the Python process models are checked against; it is never used
 * by them.
 *
 * @param input - Load, processes, threads, cores, the request's CPU and I/O, GIL mode, seed.
 * @returns Throughput, mean response time with a 95 % interval, empirical quantiles, GIL and core
 *   utilization.
 * @example
 * ```ts
 * // 2 single-threaded processes on 2 cores, 100 req/s of 10 ms CPU: M/M/2, exactly 13.33 ms mean.
 * const sim = simulatePython({ processes: 2, cores: 2, cpuTimeSec: 0.01, arrivalRatePerSec: 100, requests: 20000, seed: 1 });
 * const exact = mmc({ arrivalRatePerSec: 100, serviceTimeSec: 0.01, servers: 2 }).meanResponseTimeSec;
 * sim.meanResponseTimeSec.low < exact && exact < sim.meanResponseTimeSec.high; // => true
 * ```
 */
export function simulatePython(input: SimulatePythonInput): SimulatedPython {
  const setup = readSimulatePythonInput(input);
  const sim = startPythonSim(setup);
  runPythonSim(sim);
  const { responses, measuredTime } = sim;
  const sorted = Float64Array.from(responses).sort();
  return {
    requests: responses.length,
    throughputPerSec: measuredTime > 0 ? responses.length / measuredTime : 0,
    meanResponseTimeSec: batchMeans(Float64Array.from(responses)),
    responseTimeQuantileSec: empiricalQuantile(sorted),
    gilUtilization:
      setup.gil && measuredTime > 0 ? sim.gilHeld / measuredTime / setup.processes : 0,
    coreUtilization: measuredTime > 0 ? sim.coreBusy / measuredTime / setup.cores : 0,
    ...(setup.quotaSec < Infinity
      ? {
          throttling: {
            throttledPeriodFraction: sim.quota.throttledPeriods / Math.max(1, sim.quota.periods),
            throttledSecPerRequest: sim.quota.stalledRequestSec / Math.max(1, responses.length),
          },
        }
      : {}),
  };
}
