import type { AcceptRace } from "../dispatch/acceptRace.js";
import { ModelInputError } from "../errors.js";
import { CONTAINER_FIELDS, readContainer, type ContainerLimits } from "./container.js";
import { readDispatch } from "./readDispatch.js";
import {
  assertFraction,
  assertInteger,
  assertKnownFields,
  assertNonNegative,
  assertObject,
  assertPositive,
  assertTimeSec,
} from "../validate.js";

/** How requests get CPU time: the programming models of the talk. */
export type DeploymentKind = "threaded" | "prefork" | "daemon" | "async";

/**
 * `"shared"`: one GIL per process (CPython's default). `"per-interpreter"`: every worker thread
 * runs its own subinterpreter with its own GIL (PEP 684, CPython 3.12+). `"free-threaded"`: no
 * GIL (PEP 703, the `t` builds of 3.13+), at the cost of `app.freeThreadedSlowdown`.
 */
export type GilMode = "shared" | "per-interpreter" | "free-threaded";

/** What every kind of deployment may say beside its kind and counts. */
export interface DeploymentOptions {
  /** @defaultValue "shared" */
  gil?: GilMode;
  /** The master imports the application before forking (gunicorn `--preload`). @defaultValue false */
  preload?: boolean;
  /**
   * How requests reach processes: `"shared-queue"` — one accept queue, an idle thread of any
   * process takes the next request; `"pinned"` — each client's keep-alive connection stays with one
   * process, so each process queues its own share (`processWeights`).
   * @defaultValue "shared-queue"
   */
  dispatch?: "shared-queue" | "pinned";
  /** Share of the requests each process gets under `"pinned"` dispatch (normalized). @defaultValue even */
  processWeights?: number[];
  /**
   * Under `"pinned"` dispatch without `processWeights`: how unevenly keep-alive connections land
   * on the processes, the weight of all idle processes together in a Pólya urn (the guide
   * "Servers", docs/servers.md): small when the process already holding connections takes the
   * next one, `Infinity` for an even hash (`SO_REUSEPORT` with a socket per process). It gives
   * the result's `spread`. Given without `acceptRace`, the urn alone (no race). A server's own
   * settings set it from the lab's measurements.
   * @defaultValue 3 (gunicorn gthread workers in the lab)
   */
  connectionAffinity?: number;
  /**
   * Under `"pinned"` dispatch without `processWeights`: the accept race before the urn (the guide
   * "Servers"): the probability that the first worker awake takes the whole burst of connections,
   * the mean run it takes otherwise beyond its first, and the share of the later connections that
   * go to the worker holding the fewest. Each field defaults to 0; the deployment's default is
   * gthread's race in the lab (a head start of 1). A server's own settings set it.
   */
  acceptRace?: {
    takeAllProbability?: number;
    headStartConnections?: number;
    balance?: number;
  };
  /** Requests after which a worker is recycled (`max_requests`, `maximum-requests`). @defaultValue Infinity */
  maxRequestsPerProcess?: number;
}

/**
 * One process, `threads` threads (paster, CherryPy/cheroot, `gunicorn --threads` with one
 * worker).
 */
export interface ThreadedDeploymentInput extends DeploymentOptions {
  kind: "threaded";
  /** A threaded deployment has exactly one process. @defaultValue 1 */
  processes?: 1;
  /** Threads of the process. @defaultValue 10 (cheroot's `numthreads`) */
  threads?: number;
  concurrency?: never;
  hopTimeSec?: never;
}

/** `processes` single-threaded processes (Apache prefork + mod_wsgi embedded, gunicorn `sync`). */
export interface PreforkDeploymentInput extends DeploymentOptions {
  kind: "prefork";
  /** Worker processes. @defaultValue 1 */
  processes?: number;
  /** A prefork worker has one thread. @defaultValue 1 */
  threads?: 1;
  concurrency?: never;
  hopTimeSec?: never;
}

/**
 * `processes` × `threads` behind a front-end server that hands each request over (mod_wsgi
 * daemon mode, gunicorn `gthread` behind nginx, uWSGI) at `hopTimeSec` per request.
 */
export interface DaemonDeploymentInput extends DeploymentOptions {
  kind: "daemon";
  /** Worker processes. @defaultValue 1 */
  processes?: number;
  /** Threads per process. @defaultValue 15 (mod_wsgi's `WSGIDaemonProcess threads=15`) */
  threads?: number;
  concurrency?: never;
  /**
   * Latency the front end adds per request when handing it to a daemon process, seconds.
   * @defaultValue 0.0002 — a local-socket round trip plus copying a small request: an assumption
   *   to calibrate from measurements.
   */
  hopTimeSec?: number;
}

/** `processes` event loops, each serving up to `concurrency` requests at once (gevent, asyncio/uvicorn, Twisted). */
export interface AsyncDeploymentInput extends DeploymentOptions {
  kind: "async";
  /** Event-loop processes. @defaultValue 1 */
  processes?: number;
  /** An event loop runs in one thread. @defaultValue 1 */
  threads?: 1;
  /** Requests one event loop serves at once. @defaultValue 1000 (gunicorn `worker_connections`) */
  concurrency?: number;
  hopTimeSec?: never;
}

/**
 * A Python web deployment in the model's words, one of the programming models of the talk: a
 * field its kind does not have (`{ kind: "prefork", threads: 4 }`) is a type error.
 */
export type DeploymentInput =
  ThreadedDeploymentInput | PreforkDeploymentInput | DaemonDeploymentInput | AsyncDeploymentInput;

/** A validated deployment with its defaults filled in. */
export interface Deployment {
  kind: DeploymentKind;
  processes: number;
  /** Worker threads per process (1 for prefork and async). */
  threads: number;
  /** Requests a process serves at once: threads, or the event loop's concurrency. */
  slots: number;
  gil: GilMode;
  preload: boolean;
  hopTimeSec: number;
  /** Normalized per-process shares, or undefined for a shared accept queue. */
  weights: number[] | undefined;
  /** Pinned with even shares by default: the accept race the spread is drawn with; else undefined. */
  acceptRace: AcceptRace | undefined;
  maxRequestsPerProcess: number;
}

/** The most worker processes, and threads per process, a deployment may have. */
export const MAX_WORKERS = 10_000;
/** The most cores a machine may have. */
export const MAX_CORES = 100_000;

const KINDS: readonly DeploymentKind[] = ["threaded", "prefork", "daemon", "async"];
const GILS: readonly GilMode[] = ["shared", "per-interpreter", "free-threaded"];
/** The fields of every kind; `"daemon"` also takes `hopTimeSec`. */
const FIELDS = [
  "kind",
  "processes",
  "threads",
  "concurrency",
  "gil",
  "preload",
  "dispatch",
  "connectionAffinity",
  "acceptRace",
  "processWeights",
  "maxRequestsPerProcess",
];

/** Validates a deployment; `field` prefixes the names in errors. */
export function readDeployment(model: string, field: string, value: unknown): Deployment {
  const o = assertObject(model, value, field);
  const kind = o.kind as DeploymentKind;
  if (!KINDS.includes(kind)) {
    const orServer =
      o.kind === undefined ? " (the model's words), or give `server` and its settings" : "";
    throw new ModelInputError(
      model,
      `${field}.kind`,
      o.kind,
      `one of ${KINDS.map((k) => `"${k}"`).join(", ")}${orServer}`,
    );
  }
  assertKnownFields(model, o, kind === "daemon" ? [...FIELDS, "hopTimeSec"] : FIELDS, field);
  const integer = (key: string, fallback: number, max: number): number =>
    o[key] === undefined ? fallback : assertInteger(model, `${field}.${key}`, o[key], 1, max);
  const processes =
    kind === "threaded" ? integer("processes", 1, 1) : integer("processes", 1, MAX_WORKERS);
  const threads =
    kind === "threaded"
      ? integer("threads", 10, MAX_WORKERS)
      : kind === "daemon"
        ? integer("threads", 15, MAX_WORKERS)
        : integer("threads", 1, 1);
  const concurrency = kind === "async" ? integer("concurrency", 1000, 100_000) : threads;
  if (kind !== "async" && o.concurrency !== undefined) {
    throw new ModelInputError(
      model,
      `${field}.concurrency`,
      o.concurrency,
      'absent unless kind is "async"',
    );
  }
  const gil = (o.gil ?? "shared") as GilMode;
  if (!GILS.includes(gil)) {
    throw new ModelInputError(
      model,
      `${field}.gil`,
      o.gil,
      `one of ${GILS.map((g) => `"${g}"`).join(", ")}`,
    );
  }
  if (o.preload !== undefined && typeof o.preload !== "boolean") {
    throw new ModelInputError(model, `${field}.preload`, o.preload, "true or false");
  }
  const hop =
    kind !== "daemon"
      ? 0
      : o.hopTimeSec === undefined
        ? 0.0002
        : assertTimeSec(model, `${field}.hopTimeSec`, o.hopTimeSec, 0);
  const { weights, race } = readDispatch(model, field, o, processes);
  const maxRequests =
    o.maxRequestsPerProcess === undefined || o.maxRequestsPerProcess === Infinity
      ? Infinity
      : assertPositive(model, `${field}.maxRequestsPerProcess`, o.maxRequestsPerProcess);
  return {
    kind,
    processes,
    threads: kind === "async" ? 1 : threads,
    slots: concurrency,
    gil,
    preload: o.preload === true,
    hopTimeSec: hop,
    weights,
    acceptRace: race,
    maxRequestsPerProcess: maxRequests,
  };
}

/**
 * The machine a deployment runs on: a host, or a container on a node (`cpuLimitCores`,
 * `memoryLimitBytes`), e.g. `{ cores: 64, memoryBytes: GiB(256), cpuLimitCores: 0.5,
 * memoryLimitBytes: MiB(512) }` for a pod with `limits: { cpu: 500m, memory: 512Mi }`.
 */
export interface MachineInput {
  /** CPU cores (hardware threads the OS schedules on); in a container, the node's (what `os.cpu_count()` sees). */
  cores: number;
  /** Physical memory, bytes (the node's, in a container). */
  memoryBytes: number;
  /** The container's CPU limit, cores: CFS quota ÷ period (`500m` = 0.5). @defaultValue no limit */
  cpuLimitCores?: number;
  /** The CFS period, seconds, 0.001–1 (`cpu.cfs_period_us`). @defaultValue 0.1 */
  cpuPeriodSec?: number;
  /** Runtime a period may save for later ones, seconds, at most the quota (`cpu.cfs_burst_us`). @defaultValue 0 */
  cpuBurstSec?: number;
  /** The container's CPU request, cores (scheduling only: the model does not use it). */
  cpuRequestCores?: number;
  /** The container's memory limit, bytes: more is an OOM kill, not swapping. @defaultValue no limit */
  memoryLimitBytes?: number;
  /** Memory kept for the OS, the front-end server and everything else, bytes. @defaultValue 512 MiB */
  reservedBytes?: number;
  /** Share of the usable memory to keep free. @defaultValue 0.1 */
  headroomFraction?: number;
}

/** A validated machine. */
export interface Machine {
  cores: number;
  memoryBytes: number;
  reservedBytes: number | undefined;
  headroomFraction: number | undefined;
  /** The container limits, or undefined for a host. */
  container?: ContainerLimits;
}

/**
 * Validates a machine; `field` prefixes the names in errors. The container fields are taken only
 * where the caller models them (`container`); elsewhere they are unknown fields.
 */
export function readMachine(
  model: string,
  field: string,
  value: unknown,
  container = false,
): Machine {
  const o = assertObject(model, value, field, [
    "cores",
    "memoryBytes",
    "reservedBytes",
    "headroomFraction",
    ...(container ? CONTAINER_FIELDS : []),
  ]);
  const cores = assertInteger(model, `${field}.cores`, o.cores, 1, MAX_CORES);
  const memoryBytes = assertPositive(model, `${field}.memoryBytes`, o.memoryBytes);
  const limits = container ? readContainer(model, field, o, cores, memoryBytes) : undefined;
  return {
    cores,
    memoryBytes,
    ...(limits === undefined ? {} : { container: limits }),
    reservedBytes:
      o.reservedBytes === undefined
        ? undefined
        : assertNonNegative(model, `${field}.reservedBytes`, o.reservedBytes),
    headroomFraction:
      o.headroomFraction === undefined
        ? undefined
        : assertFraction(model, `${field}.headroomFraction`, o.headroomFraction),
  };
}
