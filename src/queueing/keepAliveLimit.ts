import { ModelInputError } from "../errors.js";
import { assertInteger, assertNonNegative, assertObject, assertTimeSec } from "../validate.js";
import { keepAliveWorkers } from "./keepAliveWorkers.js";

/** Input of {@link keepAliveLimit}. */
export interface KeepAliveLimitInput {
  /** N keep-alive clients, each with one request at a time; an integer in [1, 100,000]. */
  clients: number;
  /** Z, the mean think time between a response and the client's next request (exponential), seconds; > 0. */
  thinkTimeSec: number;
  /** S, the mean hold of a served request, from its arrival to the end of its response (exponential), seconds; > 0. */
  serviceTimeSec: number;
  /** c, the requests a worker progresses at once (FIFO beyond them); default: all it holds (an event loop waiting on I/O). */
  servers?: number;
  /** Worker processes (uvicorn `--workers`); a new connection lands on one drawn uniformly. Default 1. */
  workers?: number;
  /** uvicorn `--limit-concurrency` L, at least 2: a request is answered 503 when its worker's open connections, its own counted, reach L. */
  limitConcurrency: number;
  /** T, uvicorn `--timeout-keep-alive` (5 by default): the server closes a connection idle this long, seconds; >= 0. */
  keepAliveTimeoutSec: number;
  /** r, how long a 503's connection stays open before it closes, seconds; default 0. */
  refusalSec?: number;
}

/** Result of {@link keepAliveLimit}. */
export interface KeepAliveLimitResult {
  model: "keep-alive limit";
  /** `"exact"` for one worker with r = 0 and T = 0 (Engset) or a limit never reached; else an approximation (see the doc). */
  method: "exact" | "approximation";
  /** Share of the requests answered 503. */
  refusedShare: number;
  /** Requests (served or answered 503) per second, all workers: N ÷ (Z + (1 − refused)·R). */
  requestRatePerSec: number;
  /** Requests served per second, all workers. */
  goodputPerSec: number;
  /** R, the mean response time of a served request (its wait for a server and its hold), seconds. */
  meanResponseTimeSec: number;
  /** Mean open connections of a worker: requests held plus idle keep-alive connections. */
  meanOpenConnections: number;
  /** Mean idle keep-alive connections of a worker, each counted against the limit. */
  meanIdleConnections: number;
  /** Mean requests a worker holds (served or waiting for a server). */
  meanBusyConnections: number;
  /** Share of the requests that come on a new connection (none open, or closed by the timeout). */
  newConnectionShare: number;
}

/** The fields of {@link KeepAliveLimitInput}. @internal */
export const KEEP_ALIVE_FIELDS = [
  "clients",
  "thinkTimeSec",
  "serviceTimeSec",
  "servers",
  "workers",
  "limitConcurrency",
  "keepAliveTimeoutSec",
  "refusalSec",
];

/**
 * The question of {@link keepAliveLimit}, checked field by field (`more`: other fields the
 * caller allows, e.g. a simulation's length). @internal
 */
export function readKeepAliveQuestion(model: string, input: unknown, more: string[] = []) {
  const o = assertObject(model, input, "input", [...KEEP_ALIVE_FIELDS, ...more]);
  return {
    o,
    n: assertInteger(model, "clients", o.clients, 1, 100_000),
    z: assertTimeSec(model, "thinkTimeSec", o.thinkTimeSec, 0, true),
    s: assertTimeSec(model, "serviceTimeSec", o.serviceTimeSec, 0, true),
    c: o.servers === undefined ? Infinity : assertInteger(model, "servers", o.servers, 1),
    w: o.workers === undefined ? 1 : assertInteger(model, "workers", o.workers, 1, 10_000),
    limit: assertInteger(model, "limitConcurrency", o.limitConcurrency, 2),
    t: assertNonNegative(model, "keepAliveTimeoutSec", o.keepAliveTimeoutSec),
    r: o.refusalSec === undefined ? 0 : assertTimeSec(model, "refusalSec", o.refusalSec, 0),
  };
}

/** The most open connections per worker the chain is solved for (its work grows as their fourth power). */
export const MAX_CHAIN_CONNECTIONS = 200;

/**
 * Keep-alive clients against uvicorn's `--limit-concurrency` L and `--timeout-keep-alive` T.
 * uvicorn answers 503 when a worker's open connections, the asking one included, reach L, and it
 * counts idle keep-alive connections (0.17's `httptools_impl.py`/`h11_impl.py`,
 * `len(self.connections) >= self.limit_concurrency`; uvicorn pull request #3029 documents it).
 * So once L − 1 clients hold connections that stay open between their requests (think time
 * shorter than T), they are served and every other client's new connection is answered 503
 * and closed, however idle the workers are — refusals far below capacity.
 *
 * A worker is a Markov chain on (b, i), the requests it holds and its idle connections, with
 * b + i <= L − 1, solved exactly level by level (src/queueing/keepAliveChain.ts):
 * ```text
 * (b, i) → (b − 1, i + 1)  at min(b, c)/S          a response ends; its connection idles
 * (b, i) → (b + 1, i − 1)  at i/Z · (1 − p₅₀₃)      an idle connection's next request
 * (b, i) → (b, i − 1)      at i·θ + i/Z · p₅₀₃       the keep-alive timeout closes it, or a 503 does
 * (b, i) → (b + 1, i)      at a(b + i) if b + i < L − 1   a new connection's request, served
 * θ = e^(−T/Z) / (Z·(1 − e^(−T/Z)))   a(n) = E[(N − n − O)⁺] / (w·Z)
 * p₅₀₃ = 1 − e^(−a(n)·r) at b + i = L − 1 (a 503 under way fills the last place), else 0
 * ```
 * A client without a connection asks on a new one at rate 1/Z (exponential thinks forget the
 * time before the timeout), landing on each worker with probability 1/w; O, the other w − 1
 * workers' open connections, is the sum of independent copies of this worker's own law (a fixed
 * point; O = 0 and the chain exact for w = 1). An idle
 * connection's end is a request with probability 1 − e^(−T/Z) and a timeout otherwise, at the
 * rates that keep its mean Z·(1 − e^(−T/Z)) — the deterministic timer made memoryless, the
 * chain's approximation (measured against {@link simulateKeepAlive}: docs/queueing.md). With
 * T = 0, r = 0 and one worker it is Engset's loss system with L − 1 servers (exact).
 *
 * @param input - N, Z, S, c, w, L, T and r.
 * @returns The 503 share, the rates, the open and idle connections per worker.
 * @throws {@link ModelInputError} for invalid fields, or a limit and clients that put more than
 *   200 connections on a worker within the limit (the chain's work grows as their fourth power).
 * @see T. Engset (1918), the loss system of a finite source (Kleinrock, Queueing Systems Vol. 1,
 *   1975, §3.8; Iversen, Teletraffic Engineering and Network Planning, 2015, ch. 8).
 * @example
 * ```ts
 * // 12 clients thinking 0.5 s between 0.1 s requests on one uvicorn worker, --limit-concurrency 9:
 * // with the default --timeout-keep-alive 5, 8 clients keep their connections and the rest get 503.
 * const held = keepAliveLimit({ clients: 12, thinkTimeSec: 0.5, serviceTimeSec: 0.1,
 *   limitConcurrency: 9, keepAliveTimeoutSec: 5 });
 * Math.round(held.refusedShare * 100); // => 37
 * // Closing idle connections after 0.2 s frees their places: fewer 503s.
 * const freed = keepAliveLimit({ clients: 12, thinkTimeSec: 0.5, serviceTimeSec: 0.1,
 *   limitConcurrency: 9, keepAliveTimeoutSec: 0.2 });
 * Math.round(freed.refusedShare * 100); // => 3
 * ```
 */
export function keepAliveLimit(input: KeepAliveLimitInput): KeepAliveLimitResult {
  const model = "keepAliveLimit";
  const { n, z, s, c, w, limit, t, r } = readKeepAliveQuestion(model, input);
  const places = Math.min(limit - 1, n);
  if (places > MAX_CHAIN_CONNECTIONS) {
    throw new ModelInputError(
      model,
      "limitConcurrency",
      limit,
      `at most ${MAX_CHAIN_CONNECTIONS + 1} when the clients (${n}) can fill it: the chain is solved up to ${MAX_CHAIN_CONNECTIONS} open connections per worker`,
    );
  }
  const chain = keepAliveWorkers({ n, z, s, c, w, places, t, r });
  const share = chain.requestRate > 0 ? chain.refusedRate / chain.requestRate : 0;
  const goodput = w * chain.servedRate;
  // One worker is exact without keep-alive (Engset) or when its clients cannot fill the limit.
  const exact = w === 1 && ((r === 0 && t === 0) || n <= limit - 1);
  return {
    model: "keep-alive limit",
    method: exact ? "exact" : "approximation",
    refusedShare: share,
    requestRatePerSec: w * chain.requestRate,
    goodputPerSec: goodput,
    meanResponseTimeSec: goodput > 0 ? (w * chain.busy) / goodput : s,
    meanOpenConnections: chain.busy + chain.idle,
    meanIdleConnections: chain.idle,
    meanBusyConnections: chain.busy,
    newConnectionShare: chain.requestRate > 0 ? chain.newRate / chain.requestRate : 0,
  };
}
