import { ModelInputError } from "../errors.js";
import {
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
  assertScv,
} from "../validate.js";

/** Input of {@link simulatePython}. */
export interface SimulatePythonInput {
  /** Poisson arrivals per second at the server (open load); or give `clients`. */
  arrivalRatePerSec?: number;
  /** Closed load: clients that each send a request, wait for it, think, and send again. */
  clients?: number;
  /** Mean (exponential) think time of the clients, seconds; 0 sends at once. @defaultValue 0 */
  thinkTimeSec?: number;
  /**
   * `"shared-queue"`: one accept queue, the process with the most idle threads takes a request;
   * `"pinned"`: each request goes to process p with probability `processWeights[p]` and waits there.
   * @defaultValue "shared-queue"
   */
  dispatch?: "shared-queue" | "pinned";
  /** Shares of the processes under `"pinned"`. @defaultValue even */
  processWeights?: number[];
  /** Worker processes. */
  processes: number;
  /** Threads per process. @defaultValue 1 */
  threadsPerProcess?: number;
  /** Cores of the machine. */
  cores: number;
  /** Bytecode time per request (needs the GIL and a core), seconds. */
  cpuTimeSec: number;
  /** Time per request waiting with the GIL released (database, network), seconds. @defaultValue 0 */
  ioTimeSec?: number;
  /** CPU/I-O alternations per request: the CPU and I/O times are split into this many bursts. @defaultValue 1 */
  burstsPerRequest?: number;
  /** SCV of each CPU burst (0 fixed, 1 exponential). @defaultValue 1 */
  cpuTimeScv?: number;
  /** SCV of each I/O wait. @defaultValue 1 */
  ioTimeScv?: number;
  /** `"shared"`: one GIL per process; `"free-threaded"`: no GIL (PEP 703). @defaultValue "shared" */
  gil?: "shared" | "free-threaded";
  /** `sys.getswitchinterval()`, seconds. @defaultValue 0.005 */
  switchIntervalSec?: number;
  /** Requests to simulate after the warm-up. @defaultValue 100,000 */
  requests?: number;
  /** Seed of the random numbers. @defaultValue 1 */
  seed?: number;
  /** CFS CPU limit of the container, cores (quota ÷ period). @defaultValue no limit */
  cpuLimitCores?: number;
  /** CFS period, seconds. @defaultValue 0.1 */
  cpuPeriodSec?: number;
  /** CFS burst: runtime a period may save for later ones, seconds. @defaultValue 0 */
  cpuBurstSec?: number;
}

/** A checked {@link SimulatePythonInput}, defaults filled in. */
export interface PythonSimSetup {
  /** Closed load (`clients`) rather than open (`arrivalRatePerSec`). */
  closed: boolean;
  /** 0 under closed load. */
  arrivalRatePerSec: number;
  /** 0 under open load. */
  clients: number;
  thinkTimeSec: number;
  processes: number;
  threads: number;
  cores: number;
  cpuSec: number;
  ioSec: number;
  bursts: number;
  cpuScv: number;
  ioScv: number;
  /** One GIL per process (`gil: "shared"`). */
  gil: boolean;
  switchIntervalSec: number;
  requests: number;
  seed: number;
  /** Requests pinned to processes by weight rather than one shared accept queue. */
  pinned: boolean;
  /** One weight a process (all 1 when not given). */
  weights: number[];
  /** CPU runtime per CFS period, seconds; Infinity without a limit. */
  quotaSec: number;
  periodSec: number;
  burstSec: number;
}

/** The most arrivals per request's CPU time an open load may bring, per core. */
const MAX_OVERLOAD = 100;
/** The most forced GIL switches one CPU burst may take. */
const MAX_SWITCHES = 1e6;

/** Checks the input of {@link simulatePython}, field by field in a fixed order, and fills in the defaults. */
export function readSimulatePythonInput(input: SimulatePythonInput): PythonSimSetup {
  const model = "simulatePython";
  const o = assertObject(model, input, "input", [
    "arrivalRatePerSec",
    "clients",
    "thinkTimeSec",
    "dispatch",
    "processWeights",
    "processes",
    "threadsPerProcess",
    "cores",
    "cpuTimeSec",
    "ioTimeSec",
    "burstsPerRequest",
    "cpuTimeScv",
    "ioTimeScv",
    "gil",
    "switchIntervalSec",
    "requests",
    "seed",
    "cpuLimitCores",
    "cpuPeriodSec",
    "cpuBurstSec",
  ]);
  const closed = o.clients !== undefined;
  const lambda = closed ? 0 : assertPositive(model, "arrivalRatePerSec", o.arrivalRatePerSec);
  const clients = closed ? assertInteger(model, "clients", o.clients, 1, 100_000) : 0;
  const think =
    o.thinkTimeSec === undefined ? 0 : assertNonNegative(model, "thinkTimeSec", o.thinkTimeSec);
  const processes = assertInteger(model, "processes", o.processes, 1, 10_000);
  const threads =
    o.threadsPerProcess === undefined
      ? 1
      : assertInteger(model, "threadsPerProcess", o.threadsPerProcess, 1, 10_000);
  const cores = assertInteger(model, "cores", o.cores, 1, 10_000);
  const cpu = assertPositive(model, "cpuTimeSec", o.cpuTimeSec);
  const io = o.ioTimeSec === undefined ? 0 : assertNonNegative(model, "ioTimeSec", o.ioTimeSec);
  const bursts =
    o.burstsPerRequest === undefined
      ? 1
      : assertInteger(model, "burstsPerRequest", o.burstsPerRequest, 1, 10_000);
  const cpuScv = o.cpuTimeScv === undefined ? 1 : assertScv(model, "cpuTimeScv", o.cpuTimeScv);
  const ioScv = o.ioTimeScv === undefined ? 1 : assertScv(model, "ioTimeScv", o.ioTimeScv);
  const gilMode = o.gil ?? "shared";
  if (gilMode !== "shared" && gilMode !== "free-threaded") {
    throw new ModelInputError(model, "gil", gilMode, '"shared" or "free-threaded"');
  }
  const gil = gilMode === "shared";
  const interval =
    o.switchIntervalSec === undefined
      ? 0.005
      : assertPositive(model, "switchIntervalSec", o.switchIntervalSec);
  const setup = {
    closed,
    arrivalRatePerSec: lambda,
    clients,
    thinkTimeSec: think,
    processes,
    threads,
    cores,
    cpuSec: cpu,
    ioSec: io,
    bursts,
    cpuScv,
    ioScv,
    gil,
    switchIntervalSec: interval,
  };
  assertSimulationEnds(setup);
  const requests =
    o.requests === undefined ? 100_000 : assertInteger(model, "requests", o.requests, 100, 1e8);
  const seed = o.seed === undefined ? 1 : assertInteger(model, "seed", o.seed, 0, 2 ** 32 - 1);
  const pinned = o.dispatch === "pinned";
  if (o.dispatch !== undefined && o.dispatch !== "shared-queue" && !pinned) {
    throw new ModelInputError(model, "dispatch", o.dispatch, '"shared-queue" or "pinned"');
  }
  const weights = Array.isArray(o.processWeights)
    ? o.processWeights.map((w, i) => assertNonNegative(model, `processWeights[${i}]`, w))
    : new Array<number>(processes).fill(1);
  if (weights.length !== processes) {
    throw new ModelInputError(model, "processWeights", o.processWeights, `${processes} weights`);
  }
  return { ...setup, requests, seed, pinned, weights, ...readQuota(o, lambda * cpu) };
}

/** The CFS quota of the run: runtime per period, period and burst (seconds). */
function readQuota(
  o: Record<string, unknown>,
  cpuDemand: number,
): { quotaSec: number; periodSec: number; burstSec: number } {
  const model = "simulatePython";
  const period =
    o.cpuPeriodSec === undefined ? 0.1 : assertPositive(model, "cpuPeriodSec", o.cpuPeriodSec);
  if (o.cpuLimitCores === undefined) return { quotaSec: Infinity, periodSec: period, burstSec: 0 };
  const limit = assertPositive(model, "cpuLimitCores", o.cpuLimitCores);
  if (!(cpuDemand <= MAX_OVERLOAD * limit)) {
    throw new ModelInputError(
      model,
      "arrivalRatePerSec",
      o.arrivalRatePerSec,
      `at most ${MAX_OVERLOAD} × cpuLimitCores / cpuTimeSec (a simulation of a deeper overload would not end)`,
    );
  }
  const burst =
    o.cpuBurstSec === undefined ? 0 : assertNonNegative(model, "cpuBurstSec", o.cpuBurstSec);
  if (!(burst <= limit * period)) {
    throw new ModelInputError(model, "cpuBurstSec", burst, `at most the quota, ${limit * period}`);
  }
  return { quotaSec: limit * period, periodSec: period, burstSec: burst };
}

/**
 * The events a simulation steps through per request must stay bounded, or it runs for ever:
 * arrivals during one request's CPU time and during its whole time (an open load at most 100×
 * what the cores and the threads do) and forced GIL switches within one CPU burst.
 */
function assertSimulationEnds(
  s: Omit<
    PythonSimSetup,
    "requests" | "seed" | "pinned" | "weights" | "quotaSec" | "periodSec" | "burstSec"
  >,
): void {
  const model = "simulatePython";
  const { arrivalRatePerSec: lambda, cpuSec: cpu, ioSec: io, cores } = s;
  if (!s.closed && !(lambda * cpu <= MAX_OVERLOAD * cores)) {
    throw new ModelInputError(
      model,
      "arrivalRatePerSec",
      lambda,
      `at most ${MAX_OVERLOAD} × cores / cpuTimeSec = ${(MAX_OVERLOAD * cores) / cpu} (a simulation of a deeper overload would not end)`,
    );
  }
  if (!s.closed && !(lambda * (cpu + io) <= MAX_OVERLOAD * s.processes * s.threads)) {
    throw new ModelInputError(
      model,
      "arrivalRatePerSec",
      lambda,
      `at most ${MAX_OVERLOAD} × processes × threadsPerProcess / (cpuTimeSec + ioTimeSec) = ${(MAX_OVERLOAD * s.processes * s.threads) / (cpu + io)} (a simulation of a deeper overload would not end)`,
    );
  }
  const interval = s.switchIntervalSec;
  if (s.gil && s.threads > 1 && !(cpu / s.bursts / interval <= MAX_SWITCHES)) {
    throw new ModelInputError(
      model,
      "cpuTimeSec",
      cpu,
      `at most ${MAX_SWITCHES} switchIntervalSec per burst, ${MAX_SWITCHES * s.bursts * interval} s (a simulation of more forced GIL switches would not end)`,
    );
  }
}
