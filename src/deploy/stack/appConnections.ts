import { cappedStationWait, type StationWait } from "../../queueing/cappedStationWait.js";
import {
  connectionsPerProcess,
  poolEvaluation,
  type ConnectionPool,
  type ConnectionPoolEvaluation,
} from "../connectionPool.js";
import type { Deployment } from "../deployment.js";
import type { TierCalls } from "./tierResult.js";

/** The app servers' processes, as the connections they open see them. @internal */
export interface AppProcesses {
  /** App servers. */
  servers: number;
  /** Each server's deployment, validated. */
  deployment: Deployment;
  /** How each process connects to the database. */
  pool: ConnectionPool;
}

/**
 * The connections each database and each memcache server gets from the app: every process
 * connects to every server it may call — to the database with its pool's connections (or
 * pgbouncer's, when fewer), to memcache with one per worker thread. @internal
 */
export function connectionsOpened(app: AppProcesses): { database: number; memcache: number } {
  const { servers, deployment: d, pool } = app;
  return {
    database: Math.min(
      servers * d.processes * connectionsPerProcess(pool, d.slots),
      pool.pgbouncerConnections,
    ),
    memcache: servers * d.processes * d.threads,
  };
}

/**
 * The wait for a database connection: each process's connections are shared by the requests it
 * serves at once, each request holding one for its queries, back to back, at their response
 * time: an M/M/c queue of c = the connections, capped at the process's slots as the tiers below
 * are (M/M/c/K). With a connection for every request a process serves at once, nothing waits.
 * `dynamicRatePerSec` is the requests per second reaching the app tier. @internal
 */
export function connectionPoolWait(
  app: AppProcesses,
  dynamicRatePerSec: number,
  database: TierCalls,
): { wait: StationWait; evaluation: ConnectionPoolEvaluation } {
  const { deployment: d, pool } = app;
  const perProcess = connectionsPerProcess(pool, d.slots);
  const processRate = dynamicRatePerSec / app.servers / d.processes;
  const holdSec =
    database.perDynamicRequest > 0 ? database.perDynamicRequest * database.meanSec : 0;
  const wait =
    perProcess < d.slots && holdSec > 0
      ? cappedStationWait({
          arrivalRatePerSec: processRate,
          serviceTimeSec: holdSec,
          servers: perProcess,
          callers: d.slots,
        })
      : { meanSec: 0, varianceSec2: 0 };
  return {
    wait,
    evaluation: poolEvaluation(pool.per, perProcess, processRate, holdSec, wait.meanSec),
  };
}
