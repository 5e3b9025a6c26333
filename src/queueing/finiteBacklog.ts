import { ModelInputError } from "../errors.js";
import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../validate.js";
import type { OpenStationInput } from "./input.js";
import { MAX_CAPACITY, mmck } from "./mmck.js";
import { mmckAbandonment } from "./mmckAbandonment.js";

/** Input of {@link finiteBacklog}. */
export interface FiniteBacklogInput extends OpenStationInput {
  /** c, the requests served at once (workers × threads); an integer in [1, 1,000,000]. */
  servers: number;
  /**
   * Waiting places while every server is busy (the listen backlog, see {@link listenBacklog});
   * an integer >= 0, with servers + backlog (or the concurrency limit) at most 1,000,000.
   */
  backlog: number;
  /**
   * Most requests in the server, waiting or served (uvicorn `--limit-concurrency`): one more is
   * answered 503 at once. An integer >= 1. @defaultValue no limit
   */
  concurrencyLimit?: number;
  /**
   * Mean patience of a waiting client (exponential), seconds: its request leaves the backlog
   * unserved when it runs out. @defaultValue no limit
   */
  patienceSec?: number;
  /**
   * The client's timeout on the whole response, seconds: a response later than this fails, but
   * the server still does the work. Not with `patienceSec`. @defaultValue no limit
   */
  clientTimeoutSec?: number;
}

/** Result of {@link finiteBacklog}. The shares are of arriving requests and sum to 1. */
export interface FiniteBacklogResult {
  /** `"M/M/c/K"`, or `"M/M/c/K+M"` with a patience. */
  readonly model: string;
  readonly method: "exact";
  /** Servers in use: c, or the concurrency limit when it is lower. */
  readonly servers: number;
  /** K = min(c + backlog, concurrencyLimit): the most in the system. */
  readonly capacity: number;
  /** What turns the K + 1-th away: the full backlog (refused) or the limit (503). */
  readonly refusedBy: "backlog" | "concurrencyLimit";
  /** Share refused at once (connection dropped, or 503). */
  readonly refusedShare: number;
  /** Share that gave up waiting and left the backlog unserved. */
  readonly abandonedShare: number;
  /** Share served after the client's timeout (the work done for nobody). */
  readonly timedOutShare: number;
  /** Share served in time: 1 − refused − abandoned − timed out. */
  readonly servedShare: number;
  /** Share that failed: refused, abandoned or timed out. */
  readonly failedShare: number;
  /** Responses in time per second: λ × servedShare. */
  readonly goodputPerSec: number;
  /** Requests the servers complete per second, late ones included: λ·(1 − refused − abandoned). */
  readonly throughputPerSec: number;
  /** Of the servers' work, the share for clients that had gone: timed out ÷ completed. */
  readonly wastedWorkShare: number;
  /** Mean fraction of time each server is busy: throughput × S / servers. */
  readonly utilization: number;
  /** Mean number in the system (L). */
  readonly meanInSystem: number;
  /** Mean number waiting in the backlog (Lq = λ·(1 − refused)·meanWaitSec). */
  readonly meanQueueLength: number;
  /** Mean wait of an admitted request, served or not. */
  readonly meanWaitSec: number;
  /** Mean response time of the requests the servers complete, late ones included. */
  readonly meanResponseTimeSec: number;
}

/**
 * A server past capacity with a finite listen backlog: c workers, `backlog` waiting places and
 * optionally a concurrency limit (K = min(c + backlog, limit)), with clients that give up
 * while queued (`patienceSec`: M/M/c/K+M, {@link mmckAbandonment}) or time out on the response
 * (`clientTimeoutSec`: M/M/c/K, {@link mmck}, whose FIFO response-time law gives P(R > D)).
 * The refused share, the goodput and the waits of the admitted, exact for Poisson arrivals
 * and exponential work.
 *
 * ```text
 * K = min(c + backlog, limit)   refused = P(N = K)
 * patience:  abandoned = θ·Lq/λ                 timed out = 0
 * timeout D: abandoned = 0   timed out = (1 − refused)·P(R > D)
 * goodput = λ·(1 − refused − abandoned − timed out)   completed = λ·(1 − refused − abandoned)
 * ```
 *
 * @param input - λ = `arrivalRatePerSec`, S = `serviceTimeSec`, c = `servers`, the backlog,
 *   the limit and the clients' patience or timeout.
 * @returns The shares of refused, abandoned, timed-out and served requests, goodput and waits.
 * @throws {@link ModelInputError} for invalid fields, or `clientTimeoutSec` with `patienceSec`
 *   (not modelled together; {@link simulateOverload} takes both).
 * @see Gross, Shortle, Thompson & Harris, Fundamentals of Queueing Theory, 4th ed. (2008), §2.5;
 *   O. Garnett, A. Mandelbaum & M. Reiman, MSOM 4(3), 2002, 208–227.
 * @example
 * ```ts
 * // 8 gunicorn sync workers of 100 ms (80 req/s) under a 2× spike, uWSGI's backlog of 100 + 1.
 * const q = finiteBacklog({ arrivalRatePerSec: 160, serviceTimeSec: 0.1, servers: 8, backlog: 101 });
 * q.refusedShare; // => 0.5
 * q.meanWaitSec; // => 1.25
 * ```
 */
export function finiteBacklog(input: FiniteBacklogInput): FiniteBacklogResult {
  const model = "finiteBacklog";
  const o = assertObject(model, input, "input", ["arrivalRatePerSec", ...STATION_FIELDS]);
  const lambda = assertNonNegative(model, "arrivalRatePerSec", o.arrivalRatePerSec);
  return backlogAt(readBacklogStation(model, o), lambda);
}

/** The fields of a {@link FiniteBacklogInput} besides the arrival rate. */
export const STATION_FIELDS = [
  "serviceTimeSec",
  "servers",
  "backlog",
  "concurrencyLimit",
  "patienceSec",
  "clientTimeoutSec",
] as const;

/** A validated station of {@link finiteBacklog}, without its arrival rate. */
export interface BacklogStation {
  serviceTimeSec: number;
  servers: number;
  backlog: number;
  concurrencyLimit: number;
  /** Undefined without a patience. */
  patienceSec: number | undefined;
  clientTimeoutSec: number;
}

/** Validates the station's fields of `o` in the name of `model`. */
export function readBacklogStation(model: string, o: Record<string, unknown>): BacklogStation {
  const s = assertPositive(model, "serviceTimeSec", o.serviceTimeSec);
  const c = assertInteger(model, "servers", o.servers, 1, MAX_CAPACITY);
  const backlog = assertInteger(model, "backlog", o.backlog, 0, MAX_CAPACITY);
  const limit =
    o.concurrencyLimit === undefined
      ? Infinity
      : assertInteger(model, "concurrencyLimit", o.concurrencyLimit, 1);
  const patience =
    o.patienceSec === undefined ? undefined : assertPositive(model, "patienceSec", o.patienceSec);
  const timeout =
    o.clientTimeoutSec === undefined
      ? Infinity
      : assertPositive(model, "clientTimeoutSec", o.clientTimeoutSec);
  if (Math.min(c + backlog, limit) > MAX_CAPACITY) {
    throw new ModelInputError(
      model,
      "backlog",
      backlog,
      `an integer in [0, ${MAX_CAPACITY - c}]: at most ${MAX_CAPACITY} in the system with ${c} servers`,
    );
  }
  if (patience !== undefined && timeout < Infinity) {
    throw new ModelInputError(
      model,
      "clientTimeoutSec",
      timeout,
      "absent with `patienceSec` (the two are not modelled together; simulateOverload takes both)",
    );
  }
  return {
    serviceTimeSec: s,
    servers: c,
    backlog,
    concurrencyLimit: limit,
    patienceSec: patience,
    clientTimeoutSec: timeout,
  };
}

/** The figures of a validated station at arrival rate `lambda`. */
export function backlogAt(station: BacklogStation, lambda: number): FiniteBacklogResult {
  const { serviceTimeSec: s, servers: c, backlog, concurrencyLimit: limit } = station;
  const patience = station.patienceSec;
  const timeout = station.clientTimeoutSec;
  const capacity = Math.min(c + backlog, limit);
  const servers = Math.min(c, capacity);
  const queue = { arrivalRatePerSec: lambda, serviceTimeSec: s, servers, capacity };
  let refused: number;
  let abandoned = 0;
  let late = 0;
  let figures: { meanInSystem: number; meanQueueLength: number; meanWaitSec: number };
  let responseSec: number;
  if (patience !== undefined) {
    const q = mmckAbandonment({ ...queue, patienceSec: patience });
    refused = q.blockingProbability;
    abandoned = q.abandonmentProbability;
    figures = q;
    responseSec = q.meanResponseTimeSec;
  } else {
    const q = mmck(queue);
    refused = q.blockingProbability;
    if (timeout < Infinity) late = (1 - refused) * (1 - q.responseTimeCdf(timeout));
    figures = q;
    responseSec = q.meanResponseTimeSec;
  }
  const completedShare = Math.max(0, 1 - refused - abandoned);
  const servedShare = Math.max(0, completedShare - late);
  const throughput = lambda * completedShare;
  return {
    model: patience === undefined ? "M/M/c/K" : "M/M/c/K+M",
    method: "exact",
    servers,
    capacity,
    refusedBy: limit < c + backlog ? "concurrencyLimit" : "backlog",
    refusedShare: refused,
    abandonedShare: abandoned,
    timedOutShare: late,
    servedShare,
    failedShare: 1 - servedShare,
    goodputPerSec: lambda * servedShare,
    throughputPerSec: throughput,
    wastedWorkShare: completedShare > 0 ? late / completedShare : 0,
    utilization: Math.min(1, (throughput * s) / servers),
    meanInSystem: figures.meanInSystem,
    meanQueueLength: figures.meanQueueLength,
    meanWaitSec: figures.meanWaitSec,
    meanResponseTimeSec: responseSec,
  };
}
