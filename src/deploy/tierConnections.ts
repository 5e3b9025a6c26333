import { ModelInputError } from "../errors.js";
import { assertInteger } from "../validate.js";

/**
 * The connections the app opens to each server of a memcache or database tier, against what the
 * server accepts. The planner reads `fits`: a tier over its limit refuses connections (PostgreSQL:
 * "FATAL: sorry, too many clients already") whatever its utilization.
 */
export interface TierConnections {
  /**
   * Connections each server of the tier gets from the app tier. Database: app servers × processes
   * × connections per process (threads, or the pool's `size + maxOverflow` when fewer), or
   * pgbouncer's `poolSize × instances` when smaller; every process connects to every primary and
   * replica it may query. Memcache: app servers × processes × threads (one per event loop), each
   * worker thread's client connected to every shard.
   */
  openedPerServer: number;
  /**
   * Connections each server accepts from the app: `maxConnections − superuserReservedConnections`
   * (database), `maxConnections` (memcache).
   */
  limitPerServer: number;
  /** `openedPerServer <= limitPerServer`. */
  fits: boolean;
}

/** PostgreSQL's `max_connections` default (PostgreSQL docs, "Connections and Authentication"). */
const POSTGRESQL_MAX_CONNECTIONS = 100;
/** PostgreSQL's `superuser_reserved_connections` default (same page). */
const POSTGRESQL_SUPERUSER_RESERVED = 3;
/** memcached's `-c` (`--conn-limit`) default (`memcached -h`, memcached(1)). */
const MEMCACHED_MAX_CONNECTIONS = 1024;

/**
 * Reads a memcache or database tier's connection limit from `t` at path `field`: the connections
 * each server accepts from the app. @internal
 */
export function readConnectionLimit(
  model: string,
  field: string,
  t: Record<string, unknown>,
  kind: "memcache" | "database",
): number {
  const integer = (key: string, fallback: number, min: number): number =>
    t[key] === undefined ? fallback : assertInteger(model, `${field}.${key}`, t[key], min, 1e9);
  if (kind === "memcache") return integer("maxConnections", MEMCACHED_MAX_CONNECTIONS, 1);
  const most = integer("maxConnections", POSTGRESQL_MAX_CONNECTIONS, 1);
  const reserved = integer("superuserReservedConnections", POSTGRESQL_SUPERUSER_RESERVED, 0);
  if (reserved >= most) {
    throw new ModelInputError(
      model,
      `${field}.superuserReservedConnections`,
      reserved,
      `fewer than maxConnections (${most}), as PostgreSQL requires`,
    );
  }
  return most - reserved;
}

/** A tier's connections: `opened` against `limit`. @internal */
export function tierConnections(opened: number, limit: number): TierConnections {
  return { openedPerServer: opened, limitPerServer: limit, fits: opened <= limit };
}
