import { ModelInputError } from "../errors.js";
import { apportion } from "../math/apportion.js";
import {
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
  assertScv,
} from "../validate.js";
import { seededRandom, timeSampler } from "./random.js";
import { batchMeans, empiricalQuantile, type Estimate } from "./statistics.js";

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
}

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
}

interface Thread {
  process: number;
  /** Remaining bursts of the current request: [cpu, io] pairs, consumed from the end. */
  bursts: number[];
  arrival: number;
  /** The client that sent the current request (closed load), else −1. */
  client: number;
  remaining: number; // CPU work left in the current burst
  state: "idle" | "waitingGil" | "running" | "io";
  waitStart: number;
}

/** The most arrivals per request's CPU time an open load may bring, per core. */
const MAX_OVERLOAD = 100;
/** The most forced GIL switches one CPU burst may take. */
const MAX_SWITCHES = 1e6;

/**
 * Discrete-event simulation of a Python web server: P processes × T threads on C cores, each
 * request alternating CPU bursts (which need the process's GIL and a core) and I/O waits (which
 * release the GIL), with CPython's GIL hand-off (since 3.2): a thread that finds the GIL taken
 * waits; if no switch happens for a switch interval, the holder is forced to drop it and the
 * longest waiter takes it. Threads that run bytecode share the cores equally (processor
 * sharing, as Linux's fair scheduler approximates). Requests wait in one shared accept queue and
 * go to the process with the most idle threads, or (pinned) each to a random process by weight
 * and wait there. Load is open (Poisson) or a closed loop of clients with exponential think
 * times. This is the reference the Python process models are checked against; it is never used
 * by them.
 *
 * @param input - Load, processes, threads, cores, the request's CPU and I/O, GIL mode, seed.
 * @returns Throughput, mean response time with a 95 % interval, empirical quantiles, GIL and core
 *   utilization.
 */
export function simulatePython(input: SimulatePythonInput): SimulatedPython {
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
  const shared = gilMode === "shared";
  const interval =
    o.switchIntervalSec === undefined
      ? 0.005
      : assertPositive(model, "switchIntervalSec", o.switchIntervalSec);
  // The events a simulation steps through per request must stay bounded, or it runs for ever:
  // arrivals during one request's CPU time and during its whole time (an open load at most 100×
  // what the cores and the threads do) and forced GIL switches within one CPU burst.
  if (!closed && !(lambda * cpu <= MAX_OVERLOAD * cores)) {
    throw new ModelInputError(
      model,
      "arrivalRatePerSec",
      lambda,
      `at most ${MAX_OVERLOAD} × cores / cpuTimeSec = ${(MAX_OVERLOAD * cores) / cpu} (a simulation of a deeper overload would not end)`,
    );
  }
  if (!closed && !(lambda * (cpu + io) <= MAX_OVERLOAD * processes * threads)) {
    throw new ModelInputError(
      model,
      "arrivalRatePerSec",
      lambda,
      `at most ${MAX_OVERLOAD} × processes × threadsPerProcess / (cpuTimeSec + ioTimeSec) = ${(MAX_OVERLOAD * processes * threads) / (cpu + io)} (a simulation of a deeper overload would not end)`,
    );
  }
  if (shared && threads > 1 && !(cpu / bursts / interval <= MAX_SWITCHES)) {
    throw new ModelInputError(
      model,
      "cpuTimeSec",
      cpu,
      `at most ${MAX_SWITCHES} switchIntervalSec per burst, ${MAX_SWITCHES * bursts * interval} s (a simulation of more forced GIL switches would not end)`,
    );
  }
  const n =
    o.requests === undefined ? 100_000 : assertInteger(model, "requests", o.requests, 100, 1e8);
  const random = seededRandom(
    o.seed === undefined ? 1 : assertInteger(model, "seed", o.seed, 0, 2 ** 32 - 1),
  );
  const gap = closed ? () => 0 : timeSampler(random, 1 / lambda, 1);
  const thinking = think > 0 ? timeSampler(random, think, 1) : () => 0;
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
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const route = (): number => {
    let u = random.next() * weightSum;
    for (let p = 0; p < processes; p++) {
      u -= weights[p] ?? 0;
      if (u < 0) return p;
    }
    return processes - 1;
  };
  const cpuBurst = timeSampler(random, cpu / bursts, cpuScv);
  const ioWait = io > 0 ? timeSampler(random, io / bursts, ioScv) : () => 0;
  const warm = Math.floor(n / 10);

  const all: Thread[] = [];
  for (let p = 0; p < processes; p++) {
    for (let t = 0; t < threads; t++) {
      all.push({
        process: p,
        bursts: [],
        arrival: 0,
        client: -1,
        remaining: 0,
        state: "idle",
        waitStart: 0,
      });
    }
  }
  const holder: (Thread | undefined)[] = new Array(processes).fill(undefined);
  const waiters: Thread[][] = Array.from({ length: processes }, () => []);
  const lastSwitch = new Float64Array(processes);
  const busyThreads = new Int32Array(processes);
  // Arrival times waiting for a thread: one shared queue, or one per process when pinned.
  const backlogs: { arrival: number; client: number }[][] = Array.from(
    { length: pinned ? processes : 1 },
    () => [],
  );
  const running = new Set<Thread>();
  const ioUntil = new Map<Thread, number>();
  let clock = 0;
  // Arrival times still to come, ascending: one at a time when open, the clients' when closed.
  // Closed load: client i sends every request from time 0 on; pinned, it keeps one process (keep-alive).
  const upcoming: number[] = closed ? new Array<number>(clients).fill(0) : [gap()];
  const upcomingClient: number[] = closed ? Array.from({ length: clients }, (_, i) => i) : [-1];
  const clientProcess: number[] = [];
  apportion(
    clients,
    weights.map((w) => w / weightSum),
  ).forEach((count, p) => {
    for (let i = 0; i < count; i++) clientProcess.push(p);
  });
  const schedule = (t: number, client: number): void => {
    let i = upcoming.length;
    while (i > 0 && (upcoming[i - 1] ?? 0) > t) i--;
    upcoming.splice(i, 0, t);
    upcomingClient.splice(i, 0, client);
  };
  let started = 0;
  let gilHeld = 0; // Σ over time of the number of held GILs
  let coreBusy = 0;
  let measureFrom = -1;
  let measuredTime = 0;
  const responses: number[] = [];

  const newRequest = (t: Thread, arrival: number, client: number): void => {
    t.arrival = arrival;
    t.client = client;
    t.bursts = [];
    for (let i = 0; i < bursts; i++) t.bursts.push(ioWait(), cpuBurst()); // popped cpu first
    busyThreads[t.process] = (busyThreads[t.process] ?? 0) + 1;
    startCpu(t);
  };
  const startCpu = (t: Thread): void => {
    t.remaining = t.bursts.pop() ?? 0;
    if (!shared) {
      t.state = "running";
      running.add(t);
      return;
    }
    const p = t.process;
    if (holder[p] === undefined) {
      grant(t);
    } else {
      t.state = "waitingGil";
      t.waitStart = clock;
      waiters[p]!.push(t);
    }
  };
  const grant = (t: Thread): void => {
    holder[t.process] = t;
    lastSwitch[t.process] = clock;
    t.state = "running";
    running.add(t);
  };
  const release = (p: number): void => {
    holder[p] = undefined;
    const next = waiters[p]!.shift();
    if (next) grant(next);
  };
  const finishCpu = (t: Thread): void => {
    running.delete(t);
    if (shared) release(t.process);
    const wait = t.bursts.pop() ?? 0;
    if (t.bursts.length === 0 && wait === 0) return finishRequest(t);
    t.state = "io";
    ioUntil.set(t, clock + wait);
  };
  const finishRequest = (t: Thread): void => {
    if (started > warm) responses.push(clock - t.arrival);
    t.state = "idle";
    busyThreads[t.process] = (busyThreads[t.process] ?? 1) - 1;
    if (closed) schedule(clock + thinking(), t.client);
    const queued = backlogs[pinned ? t.process : 0]!.shift();
    if (queued !== undefined) newRequest(t, queued.arrival, queued.client);
  };
  const idleThread = (only: number): Thread | undefined => {
    let best: Thread | undefined;
    let bestIdle = -1;
    for (let p = 0; p < processes; p++) {
      if (only >= 0 && p !== only) continue;
      const idle = threads - (busyThreads[p] ?? 0);
      if (idle > bestIdle) {
        bestIdle = idle;
        best = idle > 0 ? all.find((t) => t.process === p && t.state === "idle") : undefined;
      }
    }
    return bestIdle > 0 ? best : undefined;
  };

  while (responses.length < n) {
    // Next event: arrival, a CPU burst finishing (processor sharing), an I/O finishing, a forced
    // GIL switch.
    const share = running.size > cores ? cores / running.size : 1;
    let next = upcoming[0] ?? Infinity;
    let kind: "arrival" | "cpu" | "io" | "switch" = "arrival";
    let who: Thread | undefined;
    let switchProcess = -1;
    for (const t of running) {
      const done = clock + t.remaining / share;
      if (done < next) {
        next = done;
        kind = "cpu";
        who = t;
      }
    }
    for (const [t, until] of ioUntil) {
      if (until < next) {
        next = until;
        kind = "io";
        who = t;
      }
    }
    if (shared) {
      for (let p = 0; p < processes; p++) {
        const first = waiters[p]![0];
        if (first === undefined || holder[p] === undefined) continue;
        const due = Math.max(lastSwitch[p] ?? 0, first.waitStart) + interval;
        if (due < next) {
          next = due;
          kind = "switch";
          switchProcess = p;
        }
      }
    }
    next = Math.max(next, clock);
    const dt = next - clock;
    for (const t of running) t.remaining = Math.max(0, t.remaining - dt * share);
    if (measureFrom >= 0) {
      measuredTime += dt;
      coreBusy += Math.min(running.size, cores) * dt;
      if (shared) gilHeld += holder.filter((h) => h !== undefined).length * dt;
    }
    clock = next;
    if (kind === "arrival") {
      started++;
      if (started === warm + 1) measureFrom = clock;
      upcoming.shift();
      const client = upcomingClient.shift() ?? -1;
      if (!closed) schedule(clock + gap(), -1);
      const p = !pinned ? -1 : closed ? (clientProcess[client] ?? 0) : route();
      const t = idleThread(p);
      if (t) newRequest(t, clock, client);
      else backlogs[pinned ? p : 0]!.push({ arrival: clock, client });
    } else if (kind === "cpu" && who) {
      who.remaining = 0;
      finishCpu(who);
    } else if (kind === "io" && who) {
      ioUntil.delete(who);
      if (who.bursts.length === 0) finishRequest(who);
      else startCpu(who);
    } else if (kind === "switch") {
      // Forced drop: the holder goes to the back of the line with what is left of its burst.
      const h = holder[switchProcess]!;
      running.delete(h);
      h.state = "waitingGil";
      h.waitStart = clock;
      release(switchProcess);
      waiters[switchProcess]!.push(h);
    }
  }
  const sorted = Float64Array.from(responses).sort();
  return {
    requests: responses.length,
    throughputPerSec: measuredTime > 0 ? responses.length / measuredTime : 0,
    meanResponseTimeSec: batchMeans(Float64Array.from(responses)),
    responseTimeQuantileSec: empiricalQuantile(sorted),
    gilUtilization: shared && measuredTime > 0 ? gilHeld / measuredTime / processes : 0,
    coreUtilization: measuredTime > 0 ? coreBusy / measuredTime / cores : 0,
  };
}
