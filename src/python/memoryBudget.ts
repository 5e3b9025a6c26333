import { ModelInputError } from "../errors.js";
import { MiB } from "../units.js";
import {
  assertFraction,
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
} from "../validate.js";
import { readMemoryProfile, type MemoryProfileInput } from "./profile.js";

/** The machine a deployment runs on (its memory part). */
export interface MachineMemoryInput {
  /** Physical memory, bytes. */
  memoryBytes: number;
  /** Memory kept for the operating system, the web server and everything else, bytes. @defaultValue 512 MiB */
  reservedBytes?: number;
}

/** Input of {@link memoryBudget}. */
export interface MemoryBudgetInput {
  /** The application's memory profile; every field has a default. */
  memory?: MemoryProfileInput;
  /** Worker processes; an integer >= 1. */
  processes: number;
  /** Threads per worker process; an integer >= 1. @defaultValue 1 */
  threadsPerProcess?: number;
  /**
   * Requests whose memory the workers hold, over the whole deployment. A threaded worker keeps
   * one request's memory per thread after a busy period (the allocator's high-water mark,
   * docs/python-memory.md), which is the default. @defaultValue every thread
   */
  inFlight?: number;
  /** Whether the master loads the application before forking workers (copy-on-write sharing). @defaultValue false */
  preload?: boolean;
  /**
   * Whether a Python master process forks and watches the workers (gunicorn's arbiter, uWSGI's
   * master); false for a single-process threaded server, or when the parent is not Python
   * (mod_wsgi daemons are forked by Apache). Without one, `preload` does not apply.
   * @defaultValue true
   */
  masterProcess?: boolean;
  /**
   * Requests after which a worker is replaced (gunicorn `max_requests`, mod_wsgi
   * `maximum-requests`, uWSGI `max-requests`); `Infinity` for never.
   * @defaultValue Infinity
   */
  maxRequestsPerProcess?: number;
  machine: MachineMemoryInput;
  /** Share of the usable memory to keep free. @defaultValue 0.1 */
  headroomFraction?: number;
}

/** Memory of one process, bytes. */
export interface ProcessMemory {
  /** Resident set size: what `ps` and `top` show, counting shared pages in full. */
  rssBytes: number;
  /** Proportional set size: shared pages divided among the processes sharing them. */
  pssBytes: number;
  /** Pages shared copy-on-write with the master and the other workers. */
  sharedBytes: number;
  /** Pages of this process alone. */
  privateBytes: number;
}

/** Result of {@link memoryBudget}. */
export interface MemoryBudget {
  /** The master process (all zero without one). */
  master: ProcessMemory;
  /** A worker at its average age (half a recycling cycle; at start when never recycled). */
  worker: ProcessMemory;
  /** A worker just before it is recycled (`Infinity` when memory grows and workers are never recycled). */
  peakWorkerRssBytes: number;
  /** Σ RSS over master and workers: double-counts shared pages, as summing `ps` output does. */
  totalRssBytes: number;
  /** Σ PSS: the physical memory the deployment uses. */
  totalPssBytes: number;
  /** Physical memory the deployment uses with every worker at its peak. */
  peakTotalBytes: number;
  /** Memory available to the deployment: machine memory minus the reserve. */
  availableBytes: number;
  /** What the headroom leaves: availableBytes × (1 − headroomFraction). */
  budgetBytes: number;
  /** True when the peak use stays within the budget. */
  fits: boolean;
  /** True when the peak use exceeds the available memory: the machine would swap. */
  swaps: boolean;
}

/**
 * The memory a Python deployment of P worker processes × T threads needs, with the pages workers
 * share copy-on-write with their master (more after a preload), and growth bounded by worker
 * recycling.
 *
 * ```text
 * shared  = fₖ·I + (f·(B − I) when preloaded)   (I = interpreterBytes, B = processBaseBytes,
 *                                                 fₖ = sharedAfterForkFraction, f = sharedAfterPreloadFraction)
 * private = B − shared + T·thread + (inFlight/P)·request + growth·age
 * worker RSS = private + shared     worker PSS = private + shared/(P + 1)
 * master RSS = B (preload) or I      Σ PSS = master private + shared + P·private
 * age = maxRequests/2 on average, maxRequests at the peak (recycling)
 * ```
 * PSS divides each shared page among the processes mapping it (Linux `smaps`), so Σ PSS is the
 * physical memory used, while Σ RSS — what adding up `ps` shows — counts shared pages once per
 * process. Without a master (`masterProcess: false`) nothing is shared.
 *
 * @param input - Memory profile, processes, threads, load, preload, recycling, machine, headroom.
 * @returns Per-process and total memory, and whether it fits or swaps.
 * @throws {@link ModelInputError} for invalid inputs.
 * @see Linux kernel documentation, filesystems/proc.rst (Rss, Pss); Instagram Engineering,
 *   "Dismissing Python Garbage Collection at Instagram" (2017) and "Copy-on-write friendly Python
 *   garbage collection" (2017); gunicorn settings `preload_app`, `max_requests`.
 * @example
 * ```ts
 * memoryBudget({ processes: 4, threadsPerProcess: 1, preload: false, machine: { memoryBytes: MiB(1024) } }).totalPssBytes / MiB(1); // => 135.45
 * ```
 */
export function memoryBudget(input: MemoryBudgetInput): MemoryBudget {
  const model = "memoryBudget";
  const o = assertObject(model, input, "input", [
    "memory",
    "processes",
    "threadsPerProcess",
    "inFlight",
    "preload",
    "masterProcess",
    "maxRequestsPerProcess",
    "machine",
    "headroomFraction",
  ]);
  const profile = readMemoryProfile(model, "memory", o.memory);
  const processes = assertInteger(model, "processes", o.processes, 1);
  const threads =
    o.threadsPerProcess === undefined
      ? 1
      : assertInteger(model, "threadsPerProcess", o.threadsPerProcess, 1);
  const inFlight =
    o.inFlight === undefined
      ? processes * threads
      : assertNonNegative(model, "inFlight", o.inFlight);
  if (typeof o.preload !== "boolean" && o.preload !== undefined) {
    throw new ModelInputError(model, "preload", o.preload, "true or false");
  }
  if (typeof o.masterProcess !== "boolean" && o.masterProcess !== undefined) {
    throw new ModelInputError(model, "masterProcess", o.masterProcess, "true or false");
  }
  const hasMaster = o.masterProcess !== false;
  const preload = o.preload === true && hasMaster;
  const maxRequests =
    o.maxRequestsPerProcess === undefined || o.maxRequestsPerProcess === Infinity
      ? Infinity
      : assertPositive(model, "maxRequestsPerProcess", o.maxRequestsPerProcess);
  const machine = assertObject(model, o.machine, "machine", ["memoryBytes", "reservedBytes"]);
  const memory = assertPositive(model, "machine.memoryBytes", machine.memoryBytes);
  const reserved =
    machine.reservedBytes === undefined
      ? MiB(512)
      : assertNonNegative(model, "machine.reservedBytes", machine.reservedBytes);
  const headroom =
    o.headroomFraction === undefined
      ? 0.1
      : assertFraction(model, "headroomFraction", o.headroomFraction);

  const base = profile.processBaseBytes;
  const atFork = Math.min(profile.interpreterBytes, base); // the master's pages workers start from
  const shared = !hasMaster
    ? 0
    : profile.sharedAfterForkFraction * atFork +
      (preload ? profile.sharedAfterPreloadFraction * (base - atFork) : 0);
  const growth = profile.growthPerRequestBytes;
  const averageAge = maxRequests === Infinity ? 0 : maxRequests / 2;
  const peakAge = maxRequests;
  const fixedPrivate =
    base -
    shared +
    threads * profile.perThreadBytes +
    (inFlight / processes) * profile.perRequestBytes;
  const privateAt = (age: number): number => fixedPrivate + (growth === 0 ? 0 : growth * age);
  const sharers = processes + 1;
  const workerPrivate = privateAt(averageAge);
  const worker: ProcessMemory = {
    rssBytes: workerPrivate + shared,
    pssBytes: workerPrivate + shared / sharers,
    sharedBytes: shared,
    privateBytes: workerPrivate,
  };
  const masterRss = !hasMaster ? 0 : preload ? base : profile.interpreterBytes;
  const masterPrivate = masterRss - shared;
  const master: ProcessMemory = {
    rssBytes: masterRss,
    pssBytes: masterPrivate + shared / sharers,
    sharedBytes: shared,
    privateBytes: masterPrivate,
  };
  const peakPrivate = privateAt(peakAge);
  const totalPss = masterPrivate + shared + processes * workerPrivate;
  const peakTotal = masterPrivate + shared + processes * peakPrivate;
  const available = Math.max(0, memory - reserved);
  const budget = available * (1 - headroom);
  return {
    master,
    worker,
    peakWorkerRssBytes: peakPrivate + shared,
    totalRssBytes: masterRss + processes * worker.rssBytes,
    totalPssBytes: totalPss,
    peakTotalBytes: peakTotal,
    availableBytes: available,
    budgetBytes: budget,
    fits: peakTotal <= budget,
    swaps: peakTotal > available,
  };
}
