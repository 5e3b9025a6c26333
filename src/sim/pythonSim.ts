import { apportion } from "../math/apportion.js";
import { startQuota, type QuotaState } from "./quotaState.js";
import { seededRandom, timeSampler } from "./random.js";
import type { PythonSimSetup } from "./simulatePythonInput.js";

/** A worker thread of the simulated server. */
export interface Thread {
  process: number;
  /** Remaining bursts of the current request: [cpu, io] pairs, consumed from the end. */
  bursts: number[];
  arrival: number;
  /** The client that sent the current request (closed load), else −1. */
  client: number;
  /** CPU work left in the current burst, seconds. */
  remaining: number;
  state: "idle" | "waitingGil" | "running" | "io";
  waitStart: number;
}

/** The random draws of a run, all from one seeded generator. */
export interface PythonSimDraws {
  /** Time to the next arrival (open load). */
  gap(): number;
  /** A client's think time (closed load). */
  thinking(): number;
  /** The process a pinned request goes to, by weight. */
  route(): number;
  cpuBurst(): number;
  ioWait(): number;
}

/** The simulated server at one moment: threads, GILs, queues, the clock and what was measured. */
export interface PythonSim {
  setup: PythonSimSetup;
  draw: PythonSimDraws;
  /** Requests before measuring starts. */
  warm: number;
  threads: Thread[];
  /** The thread holding each process's GIL. */
  holder: (Thread | undefined)[];
  /** The threads waiting for each process's GIL, first come first served. */
  waiters: Thread[][];
  /** When each process's GIL last changed hands. */
  lastSwitch: Float64Array;
  busyThreads: Int32Array;
  /** Arrival times waiting for a thread: one shared queue, or one per process when pinned. */
  backlogs: { arrival: number; client: number }[][];
  /** Threads running bytecode on the cores. */
  running: Set<Thread>;
  /** Threads in I/O and when their wait ends. */
  ioUntil: Map<Thread, number>;
  clock: number;
  /** Arrival times still to come, ascending, and the client of each (−1 when open). */
  upcoming: number[];
  upcomingClient: number[];
  /** The process each client keeps (closed load, pinned: keep-alive). */
  clientProcess: number[];
  /** Requests arrived so far. */
  started: number;
  /** Σ over the measured time of the number of held GILs. */
  gilHeld: number;
  /** Σ over the measured time of the number of busy cores. */
  coreBusy: number;
  /** When measuring started (−1: not yet). */
  measureFrom: number;
  measuredTime: number;
  /** Response times of the measured requests, in the order they finished. */
  responses: number[];
  /** Requests in the server (in threads or waiting for one). */
  inServer: number;
  /** The CPU quota (CFS bandwidth control); an infinite quota when there is no limit. */
  quota: QuotaState;
}

/** The server at time 0: every thread idle, the first arrivals scheduled. */
export function startPythonSim(setup: PythonSimSetup): PythonSim {
  const { processes, threads, weights, closed, clients } = setup;
  const random = seededRandom(setup.seed);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const draw: PythonSimDraws = {
    gap: closed ? () => 0 : timeSampler(random, 1 / setup.arrivalRatePerSec, 1),
    thinking: setup.thinkTimeSec > 0 ? timeSampler(random, setup.thinkTimeSec, 1) : () => 0,
    route: () => {
      let u = random.next() * weightSum;
      for (let p = 0; p < processes; p++) {
        u -= weights[p] ?? 0;
        if (u < 0) return p;
      }
      return processes - 1;
    },
    cpuBurst: timeSampler(random, setup.cpuSec / setup.bursts, setup.cpuScv),
    ioWait:
      setup.ioSec > 0 ? timeSampler(random, setup.ioSec / setup.bursts, setup.ioScv) : () => 0,
  };
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
  const clientProcess: number[] = [];
  apportion(
    clients,
    weights.map((w) => w / weightSum),
  ).forEach((count, p) => {
    for (let i = 0; i < count; i++) clientProcess.push(p);
  });
  return {
    setup,
    draw,
    warm: Math.floor(setup.requests / 10),
    threads: all,
    holder: new Array<Thread | undefined>(processes).fill(undefined),
    waiters: Array.from({ length: processes }, () => []),
    lastSwitch: new Float64Array(processes),
    busyThreads: new Int32Array(processes),
    backlogs: Array.from({ length: setup.pinned ? processes : 1 }, () => []),
    running: new Set<Thread>(),
    ioUntil: new Map<Thread, number>(),
    clock: 0,
    // Closed load: client i sends every request from time 0 on.
    upcoming: closed ? new Array<number>(clients).fill(0) : [draw.gap()],
    upcomingClient: closed ? Array.from({ length: clients }, (_, i) => i) : [-1],
    clientProcess,
    started: 0,
    gilHeld: 0,
    coreBusy: 0,
    measureFrom: -1,
    measuredTime: 0,
    responses: [],
    inServer: 0,
    quota: startQuota(setup.quotaSec, setup.periodSec, setup.burstSec),
  };
}
