import { ModelInputError } from "../errors.js";
import { assertInteger, assertObject } from "../validate.js";

/**
 * How each app process connects to the database: the connections it opens to every database
 * server (each shard's primary and replicas) it may query, and how many requests can use them at
 * once.
 *
 * - `{ per: "thread" }` — one connection per worker thread (per request an event loop serves at
 *   once): Django's way, which keeps a connection per thread, closed after each request or kept for
 *   `CONN_MAX_AGE` seconds (Django docs, "Databases › Persistent connections"). No request ever
 *   waits for a connection. For an `"async"` deployment that is one per request its event loop
 *   serves at once (`concurrency`, 1000 by default): describe an asyncpg or SQLAlchemy asyncio
 *   pool as `per: "process"` instead.
 * - `{ per: "process", size, maxOverflow }` — a pool shared by the process's threads, such as
 *   SQLAlchemy's `QueuePool`: at most `size + maxOverflow` connections at once; a request that
 *   finds them all checked out waits for one.
 *
 * Either may go through pgbouncer in transaction pooling (`pgbouncer`): the database servers then
 * see pgbouncer's server connections only.
 */
export interface ConnectionPoolInput {
  /** `"thread"`: a connection per worker thread; `"process"`: a pool per process. */
  per: "thread" | "process";
  /**
   * Connections the pool keeps open (`per: "process"` only).
   * @defaultValue 5 — SQLAlchemy's `pool_size` (SQLAlchemy docs, "Connection Pooling", `QueuePool`)
   */
  size?: number;
  /**
   * Connections the pool opens beyond `size` when they are all checked out, closed again when
   * returned (`per: "process"` only).
   * @defaultValue 10 — SQLAlchemy's `max_overflow` (SQLAlchemy docs, "Connection Pooling", `QueuePool`)
   */
  maxOverflow?: number;
  /**
   * pgbouncer in transaction pooling between the app and the database: each database server sees
   * `poolSize` server connections per pgbouncer instance, however many clients connect to it.
   * Its own limit on clients, `max_client_conn` (default 100, pgbouncer docs "Configuration"),
   * must be raised to the app's connections: it is not checked here.
   */
  pgbouncer?: PgbouncerInput;
}

/** pgbouncer in transaction pooling mode. */
export interface PgbouncerInput {
  /**
   * Server connections per database (per user and database pair).
   * @defaultValue 20 — pgbouncer's `default_pool_size` (pgbouncer docs, "Configuration")
   */
  poolSize?: number;
  /** pgbouncer processes the app servers go through (one in front of the database, or one per app server). @defaultValue 1 */
  instances?: number;
}

/** A validated connection pool. @internal */
export interface ConnectionPool {
  per: "thread" | "process";
  /** Connections a process may hold at once (size + maxOverflow; Infinity per thread). */
  mostPerProcess: number;
  /** Server connections each database server gets from pgbouncer (Infinity without pgbouncer). */
  pgbouncerConnections: number;
}

/** Django's way, the default: a connection per thread. @internal */
const PER_THREAD: ConnectionPool = {
  per: "thread",
  mostPerProcess: Infinity,
  pgbouncerConnections: Infinity,
};

/** Validates an app tier's `connectionPool`; `field` is its path. @internal */
export function readConnectionPool(model: string, field: string, value: unknown): ConnectionPool {
  if (value === undefined) return PER_THREAD;
  const o = assertObject(model, value, field, ["per", "size", "maxOverflow", "pgbouncer"]);
  if (o.per !== "thread" && o.per !== "process") {
    throw new ModelInputError(model, `${field}.per`, o.per, '"thread" or "process"');
  }
  for (const key of ["size", "maxOverflow"]) {
    if (o.per === "thread" && o[key] !== undefined) {
      throw new ModelInputError(model, `${field}.${key}`, o[key], 'absent unless per is "process"');
    }
  }
  const count = (key: string, fallback: number, min: number): number =>
    o[key] === undefined ? fallback : assertInteger(model, `${field}.${key}`, o[key], min, 1e6);
  let pgbouncerConnections = Infinity;
  if (o.pgbouncer !== undefined) {
    const b = assertObject(model, o.pgbouncer, `${field}.pgbouncer`, ["poolSize", "instances"]);
    const integer = (key: string, fallback: number): number =>
      b[key] === undefined
        ? fallback
        : assertInteger(model, `${field}.pgbouncer.${key}`, b[key], 1, 1e6);
    pgbouncerConnections = integer("poolSize", 20) * integer("instances", 1);
  }
  return {
    per: o.per,
    mostPerProcess:
      o.per === "thread" ? Infinity : count("size", 5, 1) + count("maxOverflow", 10, 0),
    pgbouncerConnections,
  };
}

/** Connections one process holds at once at most: one per request it serves, up to the pool's size. @internal */
export function connectionsPerProcess(pool: ConnectionPool, slots: number): number {
  return Math.min(pool.mostPerProcess, slots);
}

/**
 * The app processes' database connections at the load evaluated: each process's connections are
 * `connectionsPerProcess` servers fed by its requests, each request holding one connection for
 * its queries (`meanHoldSec`). Little's law: `meanConnectionsInUse` = rate × hold and
 * `meanWaiting` = rate × `meanWaitSec`.
 */
export interface ConnectionPoolEvaluation {
  per: "thread" | "process";
  /** Connections a process's requests share: its threads (per thread), else min(size + maxOverflow, threads). */
  connectionsPerProcess: number;
  /** Dynamic requests per second reaching each app process (an even share). */
  requestRatePerProcessPerSec: number;
  /**
   * Time a request holds its connection, seconds: its database queries, back to back, at the
   * query's response time (waiting, CPU and non-CPU time). 0 without a database tier.
   */
  meanHoldSec: number;
  /** Connections of a process in use on average: rate × `meanHoldSec`. */
  meanConnectionsInUse: number;
  /** `meanConnectionsInUse` ÷ `connectionsPerProcess`. */
  utilization: number;
  /**
   * Mean time a request waits for a connection, seconds (over all requests; `Infinity` when the
   * pool cannot carry the rate). Added to the app's I/O time.
   */
  meanWaitSec: number;
  /** Requests of a process waiting for a connection on average: rate × `meanWaitSec`. */
  meanWaiting: number;
}

/** Assembles a {@link ConnectionPoolEvaluation}. @internal */
export function poolEvaluation(
  per: "thread" | "process",
  connections: number,
  ratePerSec: number,
  holdSec: number,
  waitSec: number,
): ConnectionPoolEvaluation {
  const inUse = ratePerSec > 0 ? ratePerSec * holdSec : 0;
  return {
    per,
    connectionsPerProcess: connections,
    requestRatePerProcessPerSec: ratePerSec,
    meanHoldSec: holdSec,
    meanConnectionsInUse: inUse,
    utilization: inUse / connections,
    meanWaitSec: waitSec,
    meanWaiting: ratePerSec > 0 ? ratePerSec * waitSec : 0,
  };
}
