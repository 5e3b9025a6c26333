import type { ConnectionPoolInput } from "../connectionPool.js";
import type { AnyDeploymentInput } from "../servers/serverInputs.js";

/** The kinds of tier, in the order a request meets them. */
export type TierKind = "http-cache" | "load-balancer" | "web" | "app" | "memcache" | "database";

/** The kinds of tier in the order a request meets them, to check a stack's order. @internal */
export const TIER_ORDER: readonly TierKind[] = [
  "http-cache",
  "load-balancer",
  "web",
  "app",
  "memcache",
  "database",
];

/** What every tier but the app tier has: identical servers, each a multi-core queue. */
interface ServerTierInput {
  /** Name in results, traces and `prices`. @defaultValue the kind */
  name?: string;
  /** Cores (or worker threads) of each server serving in parallel. @defaultValue 4 */
  coresPerServer?: number;
  /** Memory of each server, bytes: reported per tier (a cache's size, a database's buffer pool). @defaultValue 0 */
  memoryBytesPerServer?: number;
}

/** An HTTP cache (Varnish, a CDN edge, nginx's proxy cache) in front of everything. */
export interface HttpCacheTierInput extends ServerTierInput {
  kind: "http-cache";
  /** Servers. @defaultValue 1 */
  servers?: number;
  /** Fewest servers the planner may use (for high availability: 2 keeps one when one fails). @defaultValue 1 */
  minServers?: number;
  /** Share of the requests answered from the cache. */
  hitRatio: number;
  /** Service time of a hit, seconds of one core. */
  hitTimeSec: number;
  /** Service time of a miss (the lookup and forwarding), seconds of one core. @defaultValue hitTimeSec */
  missTimeSec?: number;
}

/** A load balancer spreading requests over the web or app servers. */
export interface LoadBalancerTierInput extends ServerTierInput {
  kind: "load-balancer";
  /** Servers. @defaultValue 1 */
  servers?: number;
  /** Fewest servers the planner may use (for high availability: 2 keeps one when one fails). @defaultValue 1 */
  minServers?: number;
  /** Service time per request, seconds of one core. */
  serviceTimeSec: number;
}

/** Web (front-end) servers: static files served here, the rest proxied to the app servers. */
export interface WebTierInput extends ServerTierInput {
  kind: "web";
  /** Servers. @defaultValue 1 */
  servers?: number;
  /** Fewest servers the planner may use (for high availability: 2 keeps one when one fails). @defaultValue 1 */
  minServers?: number;
  /** Share of the requests reaching the web servers that are static files. @defaultValue 0 */
  staticFraction?: number;
  /** Service time of a static file, seconds of one core; required when `staticFraction` > 0. */
  staticTimeSec?: number;
  /** Service time of proxying one request to the app servers, seconds of one core. */
  proxyTimeSec: number;
}

/** Stateless Python app servers behind a load balancer, each running `deployment` on `machine`. */
export interface AppTierInput {
  kind: "app";
  /** @defaultValue "app" */
  name?: string;
  /**
   * Name of a shared host (`stack.hosts`) this tier runs on: one server a host machine, its CPU
   * work sharing the machine's cores with the other tiers there; the count comes from the host
   * (no `coresPerServer`, servers, shards or replicas of its own). @defaultValue none — servers of its own
   */
  host?: string;
  /** Servers (machines). @defaultValue 1 */
  servers?: number;
  /** Fewest servers the planner may use (for high availability: 2 keeps one when one fails). @defaultValue 1 */
  minServers?: number;
  /** How each server runs the application, in the model's words or a server's (see {@link evaluateDeployment}). */
  deployment: AnyDeploymentInput;
  /**
   * How each process connects to the database: a connection per thread, or a pool per process
   * (see {@link ConnectionPoolInput}). A pool smaller than the requests a process serves at once
   * makes requests wait for a connection. @defaultValue `{ per: "thread" }` — Django's way
   */
  connectionPool?: ConnectionPoolInput;
}

/** Sharded memcache: each lookup is a read the database would otherwise serve (cache-aside). */
export interface MemcacheTierInput extends ServerTierInput {
  kind: "memcache";
  /**
   * Name of a shared host (`stack.hosts`) this tier runs on: one server a host machine, its CPU
   * work sharing the machine's cores with the other tiers there; the count comes from the host
   * (no `coresPerServer`, servers, shards or replicas of its own). @defaultValue none — servers of its own
   */
  host?: string;
  /** Shards (one server each; keys spread evenly). @defaultValue 1 */
  shards?: number;
  /** Fewest shards the planner may use; at most `maxShards`. @defaultValue 1 */
  minShards?: number;
  /** Most shards the planner may use. @defaultValue unlimited */
  maxShards?: number;
  /** Share of lookups that hit. */
  hitRatio: number;
  /** Lookups per dynamic request; each miss becomes one database read. */
  lookupsPerRequest: number;
  /** Service time of a lookup, seconds of one core: all of it CPU. Give this or `cpuTimeSec`. */
  serviceTimeSec?: number;
  /** CPU time of a lookup on the memcache server, seconds of one core: the part that loads its cores. */
  cpuTimeSec?: number;
  /**
   * Time of a lookup off the server's cores, seconds: mostly the network round trip. A delay the
   * app waits (exponentially distributed), loading no core; only with `cpuTimeSec`. @defaultValue 0
   */
  nonCpuTimeSec?: number;
  /**
   * Connections each memcache server accepts (memcached's `-c`); every app worker thread connects to
   * every shard. @defaultValue 1024 — memcached's default (`memcached -h`)
   */
  maxConnections?: number;
}

/** A sharded database with read replicas. */
export interface DatabaseTierInput extends ServerTierInput {
  kind: "database";
  /**
   * Name of a shared host (`stack.hosts`) this tier runs on: one server a host machine, its CPU
   * work sharing the machine's cores with the other tiers there; the count comes from the host
   * (no `coresPerServer`, servers, shards or replicas of its own). @defaultValue none — servers of its own
   */
  host?: string;
  /** Shards (keys spread evenly), each a primary and its replicas. @defaultValue 1 */
  shards?: number;
  /** Fewest shards the planner may use; at most `maxShards`. @defaultValue 1 */
  minShards?: number;
  /**
   * Most shards the planner may use: 1 for an application that cannot shard its data, which then
   * scales reads with replicas only. @defaultValue unlimited
   */
  maxShards?: number;
  /** Read replicas per shard; reads spread evenly over the primary and its replicas. @defaultValue 0 */
  readReplicas?: number;
  /**
   * Fewest read replicas per shard the planner may use: replicas kept for high availability (a
   * shard whose primary fails promotes a replica), not for load. @defaultValue 0
   */
  minReplicas?: number;
  /** Queries per dynamic request without a cache in front (reads and writes). */
  queriesPerRequest: number;
  /** Share of the queries that write: they run on the shard's primary. @defaultValue 0 */
  writeFraction?: number;
  /** Service time of a query, seconds of one core: all of it CPU. Give this or `cpuTimeSec`. */
  serviceTimeSec?: number;
  /**
   * Database CPU per query, seconds of one core: the only part that loads the database's cores
   * (its utilization, capacity and bottleneck).
   */
  cpuTimeSec?: number;
  /**
   * Time of a query off the database's cores, seconds: I/O waits, lock waits, the network round
   * trip. A delay added to the query's response time (exponentially distributed), loading no
   * core; only with `cpuTimeSec`. @defaultValue 0
   */
  nonCpuTimeSec?: number;
  /**
   * Cost of applying a write on a replica, as a share of the write's service time.
   * @defaultValue 1 — every replica executes every write again (statement-based replication): an
   *   assumption to calibrate; row-based replication applies writes for less.
   */
  replicationCostFraction?: number;
  /**
   * PostgreSQL's `max_connections` on each server (primary and replica).
   * @defaultValue 100 — PostgreSQL's default (PostgreSQL docs, "Connections and Authentication")
   */
  maxConnections?: number;
  /**
   * Connections of `maxConnections` kept for superusers (`superuser_reserved_connections`): the app
   * may open the rest. @defaultValue 3 — PostgreSQL's default (same page)
   */
  superuserReservedConnections?: number;
}

/** One tier of a {@link StackInput}. */
export type TierInput =
  | HttpCacheTierInput
  | LoadBalancerTierInput
  | WebTierInput
  | AppTierInput
  | MemcacheTierInput
  | DatabaseTierInput;

/**
 * Machines shared by tiers (co-located tiers: the app, its memcache and its database on one box).
 * Each machine of the host runs one server of every tier placed on it, and their CPU work shares
 * the machine's cores.
 */
export interface HostInput {
  /** Name the tiers' `host` refers to, and the name in results and plans. */
  name: string;
  /** Cores of each machine, shared by the tiers on it. */
  cores: number;
  /** Memory of each machine, bytes, shared by the tiers on it (their memory is summed against it). */
  memoryBytes: number;
  /** Machines (each a server of every tier on the host). @defaultValue 1 */
  machines?: number;
  /** Fewest machines the planner may use. @defaultValue 1 */
  minMachines?: number;
  /**
   * CPU that processes other than the tiers spend on the host per request at the top, seconds of
   * one core: a sidecar proxy, a log shipper, the kernel's network work, a lab's load generator.
   * It takes the machines' cores (their utilization and the app's free cores) and adds nothing
   * to the response time. @defaultValue 0
   */
  otherCpuSecPerRequest?: number;
}

/** The layers a request passes through, top to bottom (the talk's "vertical stack of layers"). */
export interface StackInput {
  /** Machines shared by tiers (tiers name one in their `host`). @defaultValue none — every tier on its own servers */
  hosts?: HostInput[];
  /** In the order `http-cache`, `load-balancer`, `web`, `app`, `memcache`, `database`; each kind at most once, `app` required. */
  tiers: TierInput[];
}
