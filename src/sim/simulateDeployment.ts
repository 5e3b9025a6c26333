import { readQuestion, type EvaluateDeploymentInput } from "../deploy/evaluateDeployment.js";
import { assertInteger } from "../validate.js";
import { simulatePython, type SimulatedPython } from "./simulatePython.js";

/** Input of {@link simulateDeployment}: the question of {@link evaluateDeployment}, plus run length and seed. */
export interface SimulateDeploymentInput extends EvaluateDeploymentInput {
  /** Requests to simulate after the warm-up. @defaultValue 100,000 */
  requests?: number;
  /** @defaultValue 1 */
  seed?: number;
}

/**
 * Simulates the deployment {@link evaluateDeployment} models, with {@link simulatePython}: the
 * same processes, threads, cores, CPU and I/O bursts, GIL hand-off, dispatch and load. An event
 * loop is a process whose GIL is never taken by force (its tasks yield only at I/O); a
 * per-interpreter GIL is a process without a GIL; free-threading multiplies the CPU time by
 * 1 + `freeThreadedSlowdown`; the daemon hop is added to every response time (and, in a closed
 * loop, to the clients' think time); a container's CPU limit is the kernel's CFS quota (see
 * {@link simulatePython}). Not simulated: thread-switch CPU costs and memory (nor memory limits).
 *
 * @param input - As {@link evaluateDeployment}, with `requests` and `seed`.
 * @returns The simulation's throughput, mean response time with its 95 % interval, quantiles.
 * @throws {@link ModelInputError} naming the bad field.
 * @example
 * ```ts
 * // 2 prefork workers on 2 cores at 100 req/s of 10 ms: M/M/2, exactly 13.33 ms mean.
 * const question = { deployment: { kind: "prefork", processes: 2 }, app: { cpuTimeSec: 0.01, ioTimeSec: 0 }, machine: { cores: 2, memoryBytes: 4e9 }, load: { arrivalRatePerSec: 100 } };
 * const sim = simulateDeployment({ ...question, requests: 20000, seed: 1 });
 * const model = evaluateDeployment(question).meanResponseTimeSec;
 * sim.meanResponseTimeSec.low < model && model < sim.meanResponseTimeSec.high; // => true
 * ```
 */
export function simulateDeployment(input: SimulateDeploymentInput): SimulatedPython {
  const model = "simulateDeployment";
  const { o, d, app, machine, load } = readQuestion(model, input, ["requests", "seed"]);
  const isAsync = d.kind === "async";
  const hop = d.hopTimeSec;
  const sim = simulatePython({
    // A closed loop's clients also spend the hop outside the workers (as exponential think time).
    ...("clients" in load
      ? { clients: load.clients, thinkTimeSec: load.thinkTimeSec + hop }
      : load),
    processes: d.processes,
    threadsPerProcess: d.slots,
    cores: machine.cores,
    cpuTimeSec: app.cpuTimeSec * (d.gil === "free-threaded" ? 1 + app.freeThreadedSlowdown : 1),
    ioTimeSec: app.ioTimeSec,
    burstsPerRequest: app.burstsPerRequest,
    cpuTimeScv: app.cpuTimeScv,
    ioTimeScv: app.ioTimeScv,
    gil: isAsync || d.gil === "shared" ? "shared" : "free-threaded",
    switchIntervalSec: isAsync ? Number.MAX_VALUE : app.switchIntervalSec,
    ...(d.weights === undefined ? {} : { dispatch: "pinned" as const, processWeights: d.weights }),
    ...(o.requests === undefined
      ? {}
      : { requests: assertInteger(model, "requests", o.requests, 100, 1e8) }),
    ...(o.seed === undefined ? {} : { seed: assertInteger(model, "seed", o.seed, 0, 2 ** 32 - 1) }),
    ...(machine.container?.cpuLimitCores === undefined
      ? {}
      : {
          cpuLimitCores: machine.container.cpuLimitCores,
          cpuPeriodSec: machine.container.cpuPeriodSec,
          cpuBurstSec: machine.container.cpuBurstSec,
        }),
  });
  if (hop === 0) return sim;
  const mean = sim.meanResponseTimeSec;
  return {
    requests: sim.requests,
    throughputPerSec: sim.throughputPerSec,
    meanResponseTimeSec: { mean: mean.mean + hop, low: mean.low + hop, high: mean.high + hop },
    responseTimeQuantileSec: (p: number) => sim.responseTimeQuantileSec(p) + hop,
    gilUtilization: sim.gilUtilization,
    coreUtilization: sim.coreUtilization,
    ...(sim.throttling === undefined ? {} : { throttling: sim.throttling }),
  };
}
