import { ModelInputError } from "../errors.js";
import { assertInteger, assertNonNegative, assertPositive } from "../validate.js";
import { readKeepAliveQuestion, type KeepAliveLimitInput } from "../queueing/keepAliveLimit.js";
import { pop, push } from "./heap.js";
import { seededRandom } from "./random.js";
import { batchMeans, type Estimate } from "./statistics.js";

/** The 95 % interval of 20 batch values; `mean` overrides their mean (a ratio of the totals). */
const estimate = (values: number[], mean?: number): Estimate => {
  const e = batchMeans(Float64Array.from(values));
  if (mean === undefined) return e;
  return { mean, low: mean - (e.mean - e.low), high: mean + (e.high - e.mean) };
};

/** Input of {@link simulateKeepAlive}: {@link keepAliveLimit}'s question, and the run. */
export interface SimulateKeepAliveInput extends KeepAliveLimitInput {
  /** Simulated seconds, warm-up included; default 2,000 think times. */
  durationSec?: number;
  /** Seconds left out at the start; default a tenth of the duration. */
  warmUpSec?: number;
  /** Seed of the run; default 1. */
  seed?: number;
}

/** Result of {@link simulateKeepAlive}, over the window after the warm-up (95 % batch-means intervals). */
export interface SimulatedKeepAlive {
  /** Requests (served or answered 503) in the window. */
  requests: number;
  /** Share of the requests answered 503. */
  refusedShare: Estimate;
  /** Requests per second, all workers. */
  requestRatePerSec: Estimate;
  /** Requests served per second, all workers. */
  goodputPerSec: Estimate;
  /** Time-average open connections of a worker (busy, idle and 503s under way). */
  meanOpenConnections: Estimate;
  /** Time-average idle keep-alive connections of a worker. */
  meanIdleConnections: Estimate;
  /** Share of the requests that came on a new connection (none open, or closed by the timeout). */
  newConnectionShare: number;
}

/** A client's event: its think ends, its request ends, its 503 closes, or its idle connection times out. */
interface ClientEvent {
  at: number;
  kind: "request" | "served" | "closed503" | "idleTimeout";
  client: number;
  /** For idleTimeout: the connection's idle period it belongs to (stale timers are ignored). */
  epoch: number;
}

/**
 * Discrete-event simulation of keep-alive clients against uvicorn's `--limit-concurrency` with
 * its `--timeout-keep-alive`: each of N clients thinks, sends a request on its open connection
 * (or opens one on a worker drawn uniformly), and gets a 503 — after which the connection closes —
 * when its worker's open connections, its own counted, reach L; idle connections count, and a
 * connection idle for the keep-alive timeout is closed by the server. The check
 * {@link keepAliveLimit} is measured against; never used by it. Runs are reproducible from their
 * seed.
 *
 * @param input - The clients, the server's settings and the run.
 * @returns Shares and rates over the window with 95 % intervals (20 batch means).
 * @throws {@link ModelInputError} for invalid fields or a run of more than 5,000,000 requests.
 * @example
 * ```ts
 * // 12 clients thinking 0.5 s, 0.1 s requests, uvicorn --limit-concurrency 9 (8 at once),
 * // idle connections closed after 5 s: the 8 that hold a connection keep it, the others get 503.
 * const r = simulateKeepAlive({ clients: 12, thinkTimeSec: 0.5, serviceTimeSec: 0.1,
 *   limitConcurrency: 9, keepAliveTimeoutSec: 5, durationSec: 2000 });
 * r.refusedShare.mean > 0.3; // => true
 * ```
 */
export function simulateKeepAlive(input: SimulateKeepAliveInput): SimulatedKeepAlive {
  const { n, z, s, servers, w, limit, timeout, r, duration, warmUp, seed } = readRun(input);
  const random = seededRandom(seed);
  const exp = (mean: number): number => -mean * Math.log(random.next());
  // Per client: its worker (−1: no open connection), whether its connection is idle, the epoch of its idle period.
  const worker = new Int32Array(n).fill(-1);
  const idle = new Uint8Array(n);
  const epoch = new Int32Array(n);
  // Per worker: open connections, idle ones, requests held (busy), and its FIFO of requests waiting for a server.
  const open = new Int32Array(w);
  const idleCount = new Int32Array(w);
  const held = new Int32Array(w);
  const waiting: number[][] = Array.from({ length: w }, () => []);
  const events: ClientEvent[] = [];
  for (let k = 0; k < n; k++) push(events, { at: exp(z), kind: "request", client: k, epoch: 0 });

  const batches = 20;
  const batchSec = (duration - warmUp) / batches;
  const perBatch = Array.from({ length: batches }, () => ({
    requests: 0,
    refused: 0,
    open: 0,
    idle: 0,
  }));
  let newConnections = 0;
  let now = 0;
  // Time integrals of the open and idle connections, summed over the workers.
  let openSum = 0;
  let idleSum = 0;
  const advance = (to: number): void => {
    let t = Math.max(now, warmUp);
    while (t < to) {
      const b = Math.min(batches - 1, Math.floor((t - warmUp) / batchSec));
      const end = Math.min(to, warmUp + (b + 1) * batchSec);
      perBatch[b]!.open += openSum * (end - t);
      perBatch[b]!.idle += idleSum * (end - t);
      t = end;
      if (b === batches - 1) break;
    }
    now = to;
  };
  const startService = (k: number, at: number): void => {
    push(events, { at: at + exp(s), kind: "served", client: k, epoch: 0 });
  };

  while (events.length > 0) {
    const e = pop(events)!;
    if (e.at >= duration) break;
    advance(e.at);
    const k = e.client;
    const batch =
      e.at >= warmUp
        ? perBatch[Math.min(batches - 1, Math.floor((e.at - warmUp) / batchSec))]
        : undefined;
    if (e.kind === "request") {
      let v = worker[k]!;
      if (v < 0) {
        v = Math.floor(random.next() * w);
        worker[k] = v;
        open[v]!++;
        openSum++;
        if (batch) newConnections++;
      } else {
        idle[k] = 0;
        idleCount[v]!--;
        idleSum--;
      }
      if (batch) batch.requests++;
      if (open[v]! >= limit) {
        if (batch) batch.refused++;
        if (r > 0) push(events, { at: e.at + r, kind: "closed503", client: k, epoch: 0 });
        else closeConnection(k);
        push(events, { at: e.at + r + exp(z), kind: "request", client: k, epoch: 0 });
      } else {
        held[v]!++;
        if (held[v]! <= servers) startService(k, e.at);
        else waiting[v]!.push(k);
      }
    } else if (e.kind === "served") {
      const v = worker[k]!;
      held[v]!--;
      const next = waiting[v]!.shift();
      if (next !== undefined) startService(next, e.at);
      idle[k] = 1;
      idleCount[v]!++;
      idleSum++;
      epoch[k]!++;
      push(events, { at: e.at + timeout, kind: "idleTimeout", client: k, epoch: epoch[k]! });
      push(events, { at: e.at + exp(z), kind: "request", client: k, epoch: 0 });
    } else if (e.kind === "closed503") {
      closeConnection(k);
    } else if (idle[k] === 1 && epoch[k] === e.epoch) {
      idle[k] = 0;
      idleCount[worker[k]!]!--;
      idleSum--;
      closeConnection(k);
    }
  }
  advance(duration);

  function closeConnection(k: number): void {
    open[worker[k]!]!--;
    openSum--;
    worker[k] = -1;
  }

  return summary(perBatch, batchSec, w, newConnections);
}

/** The run's parameters, checked: each error names its field. */
function readRun(input: SimulateKeepAliveInput) {
  const model = "simulateKeepAlive";
  const question = readKeepAliveQuestion(model, input, ["durationSec", "warmUpSec", "seed"]);
  const { o, n, z, s, w, limit, r } = question;
  const servers = question.c;
  const timeout = question.t;
  const duration =
    o.durationSec === undefined ? 2000 * z : assertPositive(model, "durationSec", o.durationSec);
  const warmUp =
    o.warmUpSec === undefined ? duration / 10 : assertNonNegative(model, "warmUpSec", o.warmUpSec);
  if (!(warmUp < duration)) {
    throw new ModelInputError(model, "warmUpSec", warmUp, `less than durationSec (${duration})`);
  }
  const seed =
    o.seed === undefined ? 1 : assertInteger(model, "seed", o.seed, -(2 ** 31), 2 ** 32 - 1);
  const expected = (n * duration) / (z + s);
  if (expected > 5_000_000) {
    throw new ModelInputError(
      model,
      "durationSec",
      duration,
      `a run of at most 5,000,000 requests (about ${Math.round(expected)} here)`,
    );
  }
  return { n, z, s, servers, w, limit, timeout, r, duration, warmUp, seed };
}

/** A batch's counts and time integrals of the open and idle connections (all workers). */
interface Batch {
  requests: number;
  refused: number;
  open: number;
  idle: number;
}

/** The run's figures from its batches. */
function summary(
  perBatch: Batch[],
  batchSec: number,
  w: number,
  newConnections: number,
): SimulatedKeepAlive {
  const requests = perBatch.reduce((t, b) => t + b.requests, 0);
  const refused = perBatch.reduce((t, b) => t + b.refused, 0);
  return {
    requests,
    refusedShare: estimate(
      perBatch.map((b) => (b.requests > 0 ? b.refused / b.requests : 0)),
      requests > 0 ? refused / requests : 0,
    ),
    requestRatePerSec: estimate(perBatch.map((b) => b.requests / batchSec)),
    goodputPerSec: estimate(perBatch.map((b) => (b.requests - b.refused) / batchSec)),
    meanOpenConnections: estimate(perBatch.map((b) => b.open / batchSec / w)),
    meanIdleConnections: estimate(perBatch.map((b) => b.idle / batchSec / w)),
    newConnectionShare: requests > 0 ? newConnections / requests : 0,
  };
}
