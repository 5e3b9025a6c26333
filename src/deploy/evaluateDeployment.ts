import { ModelInputError } from "../errors.js";
import { readAppProfile, type AppProfileInput } from "../python/appProfile.js";
import { memoryBudget, type MemoryBudget } from "../python/memoryBudget.js";
import { gilAcquisitions } from "../python/gilAcquisitions.js";
import { serverModel } from "../python/serverModel.js";
import type { LoadInput } from "../python/serverModelInput.js";
import type { ResponseComponent } from "../python/serverSolution.js";
import {
  assertInteger,
  assertNonNegative,
  assertObject,
  assertOpenProbability,
  assertTimeSec,
} from "../validate.js";
import { splitSpread, type DispatchSpread } from "../dispatch/splitSpread.js";
import type { AcceptRace } from "../dispatch/acceptRace.js";
import {
  readDeployment,
  readMachine,
  type DeploymentInput,
  type DeploymentKind,
  type GilMode,
  type MachineInput,
} from "./deployment.js";
import { limitedServer } from "./limitedServer.js";
import { modelDeployment } from "./servers/readServerDeployment.js";
import {
  throttlingResult,
  withMemoryLimit,
  type ContainerMemory,
  type Throttling,
} from "./throttlingResult.js";
import type { AnyDeploymentInput } from "./servers/serverInputs.js";
import type { OverloadAnswer } from "./overload/overloadAnswer.js";
import type { OverloadInput } from "./overload/overloadInput.js";
import { withOverload } from "./overload/withOverload.js";

export type { LoadInput };

/** Input of {@link evaluateDeployment}. */
export interface EvaluateDeploymentInput {
  /** In the model's words (`kind`) or a server's (`server: "gunicorn"`, see {@link serverDeployment}). */
  deployment: AnyDeploymentInput;
  app: AppProfileInput;
  machine: MachineInput;
  load: LoadInput;
  /** Past capacity (open load): a spike, the clients' timeout and retries. @defaultValue none */
  overload?: OverloadInput;
}

/** Result of {@link evaluateDeployment}. */
export interface DeploymentEvaluation {
  kind: DeploymentKind;
  processes: number;
  /** Worker threads per process. */
  threads: number;
  /** Requests one process serves at once (threads, or an event loop's concurrency). */
  concurrencyPerProcess: number;
  gil: GilMode;
  /** `"exact"` where the model is a product-form network (exponential times, one burst); else `"approximation"`. */
  method: "exact" | "approximation";
  /** False when the load exceeds the capacity (open) — means are then `Infinity`. */
  stable: boolean;
  throughputPerSec: number;
  /** The most requests per second the deployment completes. */
  capacityPerSec: number;
  meanResponseTimeSec: number;
  responseTimeVarianceSec2: number;
  /** A quantile of the response time (a two-moment approximation). */
  responseTimeQuantileSec(p: number): number;
  /**
   * The response-time law the quantiles come from, as a mixture of gamma laws: requests that find
   * a free thread and requests that wait, per queue (empty when unstable).
   */
  responseTimeComponents: ResponseComponent[];
  /**
   * Mean requests in the deployment: throughput × mean response time (Little's law), the sum of
   * the accept queue, the busy threads and the requests in the front-end hop.
   */
  inFlight: number;
  /** Mean requests waiting in the accept queue(s) for a free thread: throughput × `meanAcceptWaitSec`. */
  meanAcceptQueue: number;
  /** Mean time a request waits for a free thread (or event-loop slot), over all requests. */
  meanAcceptWaitSec: number;
  /**
   * Mean time a request holds a thread (or event-loop slot): its CPU time and I/O and its waits
   * for the GIL and the cores. Mean response time = accept wait + hold + hop.
   */
  meanHoldSec: number;
  /** Mean threads (or slots) holding a request: throughput × `meanHoldSec`. */
  meanBusyThreads: number;
  utilization: {
    /** Fraction of the cores running bytecode. */
    cores: number;
    /** Fraction of time each process's GIL is held (0 without a GIL). */
    gil: number;
    /** Fraction of the worker threads (or event-loop slots) holding a request: `meanBusyThreads` / (processes × threads). */
    threads: number;
  };
  /**
   * Memory of the deployment at this load (see {@link memoryBudget}); in a container with a
   * memory limit, also the limit and `oomKilled`: Σ PSS (what the cgroup charges) over the limit.
   */
  memory: MemoryBudget & Partial<ContainerMemory>;
  /**
   * Under a CPU limit (`machine.cpuLimitCores`): the CFS throttling (see {@link cfsThrottling});
   * absent without a limit. The response times above include it.
   */
  throttling?: Throttling;
  /** Σ RSS of master and workers, bytes (double counts shared pages, as summing `ps` does). */
  rssBytes: number;
  /** Σ PSS: the physical memory the deployment uses, bytes. */
  pssBytes: number;
  /** True when memory fits the machine with its headroom (and under a container's memory limit). */
  fitsMemory: boolean;
  /** True when the memory exceeds what the machine has: it would swap. */
  swaps: boolean;
  /** CPU time per request, seconds: bytecode plus the free-threading slowdown and thread switches. */
  cpuSecPerRequest: number;
  /** The talk's memory time: the deployment's PSS held for the time one request takes of it, byte-seconds (Σ PSS / throughput). */
  memoryByteSecPerRequest: number;
  /** Share of the CPU time spent switching threads. */
  switchOverheadFraction: number;
  /**
   * Under `"pinned"` dispatch without `processWeights`, with more than one process and a known
   * number of keep-alive connections (closed load's clients, or open load's `connections`): the
   * figures over the ways the connections can land on the processes (10th, 50th and 90th
   * percentiles) and the most likely split; see the guide "Servers", "How connections land on the workers". The figures above are those
   * of an even split. Computed when first read.
   */
  spread?: DispatchSpread;
  /** Past capacity ({@link OverloadAnswer}): with `overload`, or an open load past capacity. */
  overload?: OverloadAnswer;
}

/**
 * What a Python deployment does at a given load: throughput, capacity, latency (mean and
 * quantiles), requests in flight, utilization of cores, GILs and threads, memory, and the cost of
 * a request in CPU time and memory time.
 *
 * The server is a flow-equivalent server (Chandy, Herzog and Woo 1975): with n requests inside,
 * its completion rate μ(n) is the throughput of a closed network — each process's GIL a single
 * server (none when free-threaded or per-interpreter), the cores a c-server processor-sharing
 * station, the I/O a delay — solved exactly by mean value analysis; requests beyond the threads
 * wait in the accept queue. Open load is a birth–death process over n, closed load the same
 * loop with the clients' think time. Exact for exponential times with one burst (M/M/1,
 * M/M/c, machine repairman); corrections for fixed-length or bursty work, for more processes than
 * cores and for pinned dispatch are stated approximations, measured against
 * {@link simulatePython} in the background guide.
 *
 * In a container (`machine.cpuLimitCores`, `cores` the node's) the CFS quota throttles the
 * deployment: {@link cfsThrottling} at the deployment's load, with as many threads running at once
 * as min(node cores, processes under a shared GIL, else processes × threads); the time a request
 * is stopped is added to its hold of a thread (like an I/O wait) or to its wait for one, the
 * capacity is at most `cpuLimitCores` ÷ CPU per request, and `throttling` reports it. With
 * `machine.memoryLimitBytes`, Σ PSS over the limit is `memory.oomKilled`.
 *
 * @param input - `deployment` (kind, processes, threads, GIL mode, dispatch), `app` (CPU and I/O
 *   per request, variability, memory), `machine` (cores, memory), `load` (open or closed).
 * @returns The evaluation; past capacity (open load) `stable: false`, `Infinity` latencies and `overload`.
 * @throws {@link ModelInputError} naming the field, e.g. `deployment.threads`.
 * @example
 * ```ts
 * const e = evaluateDeployment({
 *   deployment: { kind: "prefork", processes: 1 },
 *   app: { cpuTimeSec: 0.02, ioTimeSec: 0 },
 *   machine: { cores: 1, memoryBytes: GiB(1) },
 *   load: { arrivalRatePerSec: 35 },
 * });
 * e.meanResponseTimeSec; // => 0.06666666666666667
 * e.method; // => "exact"
 * ```
 */
export function evaluateDeployment(input: EvaluateDeploymentInput): DeploymentEvaluation {
  const model = "evaluateDeployment";
  const { o, d, app, machine, load } = readQuestion(model, input, ["overload"]);

  const freeThreaded = d.gil === "free-threaded";
  const isAsync = d.kind === "async";
  const gil = isAsync || d.gil === "shared";
  const preemptive = !isAsync;
  const bytecode = app.cpuTimeSec * (freeThreaded ? 1 + app.freeThreadedSlowdown : 1);
  const acquisitions = gilAcquisitions({
    cpuSec: bytecode,
    bursts: app.burstsPerRequest,
    cpuScv: app.cpuTimeScv,
    switchIntervalSec: app.switchIntervalSec,
    preemptive,
  });
  // A thread that blocks on I/O is switched out and back in; a forced GIL drop is one more pair.
  const switches = isAsync
    ? 0
    : (app.ioTimeSec > 0 ? 2 * app.burstsPerRequest : 0) +
      (gil && d.threads > 1 ? 2 * (acquisitions - app.burstsPerRequest) : 0);
  const cpu = bytecode + switches * app.contextSwitchSec;
  const serverInput = {
    processes: d.processes,
    threads: d.slots,
    cores: machine.cores,
    cpuSec: cpu,
    ioSec: app.ioTimeSec,
    hopSec: d.hopTimeSec,
    gil,
    preemptive,
    bursts: app.burstsPerRequest,
    cpuScv: app.cpuTimeScv,
    ioScv: app.ioTimeScv,
    switchIntervalSec: app.switchIntervalSec,
    weights: d.weights,
    load,
  };
  const limit = machine.container?.cpuLimitCores;
  const limited =
    machine.container !== undefined && limit !== undefined
      ? limitedServer(
          serverInput,
          { ...machine.container, cpuLimitCores: limit },
          app.cpuTimeScv / app.burstsPerRequest,
        )
      : undefined;
  const s = limited?.solution ?? serverModel(serverInput);

  // Each per-interpreter thread imports the application again: its own copy of the part of the
  // process that is not the bare interpreter.
  const appCopy = Math.max(0, app.memory.processBaseBytes - app.memory.interpreterBytes);
  const memoryProfile =
    d.gil === "per-interpreter" && !isAsync && d.threads > 1
      ? { ...app.memory, perThreadBytes: app.memory.perThreadBytes + appCopy }
      : app.memory;
  // A request's memory stays with the worker after it ends: CPython and the C allocator keep
  // their high-water mark (each thread's malloc arena its own), so once every thread has served
  // at the same time a threaded worker holds one request's memory per thread (measured in the
  // lab: 4.0 MiB per thread with 1, 4 and 16 threads, docs/lab.md). An async worker reuses one
  // arena; the requests it serves at once on average are a lower bound of its high-water mark.
  const held =
    isAsync && s.stable ? s.threadUtilization * d.processes * d.slots : d.processes * d.slots;
  const memory = memoryBudget({
    memory: memoryProfile,
    processes: d.processes,
    threadsPerProcess: d.threads,
    inFlight: held,
    preload: d.preload,
    masterProcess: d.kind !== "threaded",
    maxRequestsPerProcess: d.maxRequestsPerProcess,
    machine: {
      memoryBytes: machine.memoryBytes,
      ...(machine.reservedBytes === undefined ? {} : { reservedBytes: machine.reservedBytes }),
    },
    ...(machine.headroomFraction === undefined
      ? {}
      : { headroomFraction: machine.headroomFraction }),
  });
  const memoryLimit = machine.container?.memoryLimitBytes;
  const result: DeploymentEvaluation = {
    ...(limited === undefined ? {} : { throttling: throttlingResult(limited.throttling) }),
    kind: d.kind,
    processes: d.processes,
    threads: d.threads,
    concurrencyPerProcess: d.slots,
    gil: d.gil,
    method: s.exact ? "exact" : "approximation",
    stable: s.stable,
    throughputPerSec: s.throughputPerSec,
    capacityPerSec: s.capacityPerSec,
    meanResponseTimeSec: s.meanResponseTimeSec,
    responseTimeVarianceSec2: s.responseTimeVarianceSec2,
    responseTimeComponents: s.components,
    responseTimeQuantileSec(p: number): number {
      return s.responseTimeQuantileSec(assertOpenProbability(model, "p", p));
    },
    inFlight: s.inFlight,
    meanAcceptQueue: s.meanAcceptQueue,
    meanAcceptWaitSec: s.meanAcceptWaitSec,
    meanHoldSec: s.meanHoldSec,
    meanBusyThreads: s.meanBusyThreads,
    utilization: { cores: s.coreUtilization, gil: s.gilUtilization, threads: s.threadUtilization },
    memory: withMemoryLimit(memory, memoryLimit),
    rssBytes: memory.totalRssBytes,
    pssBytes: memory.totalPssBytes,
    fitsMemory: memory.fits && !(memory.totalPssBytes > (memoryLimit ?? Infinity)),
    swaps: memory.swaps,
    cpuSecPerRequest: cpu,
    memoryByteSecPerRequest:
      s.throughputPerSec > 0 ? memory.totalPssBytes / s.throughputPerSec : Infinity,
    switchOverheadFraction: (switches * app.contextSwitchSec) / cpu,
  };
  withOverload(model, result, o.overload, input, d, load, (question) =>
    evaluateDeployment(question as EvaluateDeploymentInput),
  );
  return withSpread(result, input, d.processes, d.acceptRace, load);
}

/**
 * Adds `spread`, computed when first read, where keep-alive connections of a known number are
 * pinned to more than one process by the accept race.
 */
function withSpread(
  result: DeploymentEvaluation,
  input: EvaluateDeploymentInput,
  processes: number,
  race: AcceptRace | undefined,
  load: LoadInput,
): DeploymentEvaluation {
  const connections = "clients" in load ? load.clients : load.connections;
  if (race !== undefined && processes > 1 && connections !== undefined) {
    let spread: DispatchSpread | undefined;
    Object.defineProperty(result, "spread", {
      enumerable: true,
      get: () => (spread ??= splitSpread(processes, connections, race, atShares(input))),
    });
  }
  return result;
}

/**
 * The question's deployment at given process shares (pinned, without the race): one split of its
 * keep-alive connections. @internal
 */
export function atShares(
  input: EvaluateDeploymentInput,
): (shares: number[]) => DeploymentEvaluation {
  const {
    connectionAffinity: _,
    acceptRace: __,
    ...base
  } = modelDeployment("evaluateDeployment", "deployment", input.deployment);
  const { overload: ___, ...question } = input; // the answer past capacity is the whole's
  return (shares) =>
    evaluateDeployment({
      ...question,
      deployment: { ...base, dispatch: "pinned", processWeights: shares } as DeploymentInput,
    });
}

/**
 * Validates the four parts of a deployment question; `model` names the caller in errors,
 * `extra` the caller's other fields.
 */
export function readQuestion(model: string, input: unknown, extra: readonly string[] = []) {
  const o = assertObject(model, input, "input", ["deployment", "app", "machine", "load", ...extra]);
  return {
    o,
    d: readDeployment(model, "deployment", modelDeployment(model, "deployment", o.deployment)),
    app: readAppProfile(model, "app", o.app),
    machine: readMachine(model, "machine", o.machine, true),
    load: readLoad(model, o.load),
  };
}

/** Validates the load: open (arrival rate) or closed (clients and think time). */
export function readLoad(model: string, value: unknown): LoadInput {
  const o = assertObject(model, value, "load", [
    "arrivalRatePerSec",
    "connections",
    "clients",
    "thinkTimeSec",
  ]);
  if (o.arrivalRatePerSec !== undefined) {
    if (o.clients !== undefined) {
      throw new ModelInputError(
        model,
        "load.clients",
        o.clients,
        "absent when load.arrivalRatePerSec is given",
      );
    }
    const rate = assertNonNegative(model, "load.arrivalRatePerSec", o.arrivalRatePerSec);
    return o.connections === undefined
      ? { arrivalRatePerSec: rate }
      : {
          arrivalRatePerSec: rate,
          connections: assertInteger(model, "load.connections", o.connections, 1, 1_000_000),
        };
  }
  if (o.connections !== undefined) {
    throw new ModelInputError(
      model,
      "load.connections",
      o.connections,
      "absent with load.clients (each client is one connection)",
    );
  }
  if (o.clients === undefined) {
    throw new ModelInputError(
      model,
      "load",
      value,
      "{ arrivalRatePerSec } or { clients, thinkTimeSec }",
    );
  }
  return {
    clients: assertInteger(model, "load.clients", o.clients, 1, 1_000_000),
    thinkTimeSec:
      o.thinkTimeSec === undefined
        ? 0
        : assertTimeSec(model, "load.thinkTimeSec", o.thinkTimeSec, 0),
  };
}
