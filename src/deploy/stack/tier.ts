import type { ConnectionPool } from "../connectionPool.js";
import type { DeploymentInput } from "../deployment.js";
import type { TierKind } from "./tierInputs.js";

/** How many servers a tier has: servers, or shards × (1 + replicas) for the sharded tiers. */
export interface TierCount {
  /** Servers of an unsharded tier, shards of memcache and database. */
  units: number;
  /** Read replicas per shard (database). */
  replicas: number;
}

/** A validated shared host: machines whose cores the tiers on it share. @internal */
export interface Host {
  name: string;
  /** The host's path in the input, for errors: `stack.hosts[0]`. */
  field: string;
  /** Cores of each machine. */
  cores: number;
  /** Memory of each machine, bytes. */
  memoryBytes: number;
  /** CPU of processes that are not tiers here (a sidecar, a log shipper), seconds per request at the top. */
  otherCpuSecPerRequest: number;
  /** Index of the first tier on the host: its count is the host's, the others follow it. */
  leader: number;
}

/**
 * What every validated tier has: its name, where it sits in the input, its count and the limits
 * the planner keeps it within. Every count has units and replicas, so every tier has their
 * limits: an unsharded tier at most 1,000,000 units, a tier without replicas a minimum of 0.
 */
interface TierBase<K extends TierKind> {
  kind: K;
  name: string;
  /** The tier's path in the input, for errors: `stack.tiers[2]`. */
  field: string;
  count: TierCount;
  /** Most units (shards) the planner may use. */
  maxUnits: number;
  /** Fewest units (servers or shards) the planner may use. */
  minUnits: number;
  /** Fewest read replicas per shard the planner may use. */
  minReplicas: number;
  /** The shared host the tier runs on (app, memcache, database), or undefined: servers of its own. */
  host: Host | undefined;
}

/** A validated tier of identical multi-core servers (every kind but the app tier). */
interface ServerTierBase<K extends TierKind> extends TierBase<K> {
  /** Cores of each server. */
  cores: number;
  memoryBytesPerServer: number;
}

/** A validated HTTP cache tier. @internal */
export interface HttpCacheTier extends ServerTierBase<"http-cache"> {
  hitRatio: number;
  /** Service time of a hit, seconds of one core. */
  hitTimeSec: number;
  /** Service time of a miss, seconds of one core. */
  missTimeSec: number;
}

/** A validated load-balancer tier. @internal */
export interface LoadBalancerTier extends ServerTierBase<"load-balancer"> {
  /** Service time per request, seconds of one core. */
  serviceTimeSec: number;
}

/** A validated web tier. @internal */
export interface WebTier extends ServerTierBase<"web"> {
  staticFraction: number;
  /** Service time of a static file, seconds of one core (0 without static files). */
  staticTimeSec: number;
  /** Service time of proxying a request to the app servers (the input's `proxyTimeSec`). */
  serviceTimeSec: number;
}

/** A validated app tier. @internal */
export interface AppTier extends TierBase<"app"> {
  /** How each server runs the application, in the model's words. */
  deployment: DeploymentInput;
  /** How the app's processes connect to the database. */
  connectionPool: ConnectionPool;
  /** Requests one app server serves at once: processes × threads (or event-loop slots). */
  workersPerServer: number;
}

/** A validated memcache tier. @internal */
export interface MemcacheTier extends ServerTierBase<"memcache"> {
  hitRatio: number;
  lookupsPerRequest: number;
  /** A lookup's CPU time, seconds of one core. */
  serviceTimeSec: number;
  /** A lookup's time off the cores, seconds: a delay. */
  nonCpuTimeSec: number;
  /** Connections each server accepts from the app. */
  connectionLimit: number;
}

/** A validated database tier. @internal */
export interface DatabaseTier extends ServerTierBase<"database"> {
  queriesPerRequest: number;
  writeFraction: number;
  replicationCostFraction: number;
  /** A query's CPU time, seconds of one core. */
  serviceTimeSec: number;
  /** A query's time off the cores, seconds: a delay. */
  nonCpuTimeSec: number;
  /** Connections each server accepts from the app (`maxConnections` less the reserved ones). */
  connectionLimit: number;
}

/** A validated tier: only the fields its kind has. @internal */
export type Tier =
  HttpCacheTier | LoadBalancerTier | WebTier | AppTier | MemcacheTier | DatabaseTier;

/** A validated tier of identical multi-core servers. @internal */
export type ServerTier = Exclude<Tier, AppTier>;

/** The validated tier of a kind. */
type TierOfKind<K extends TierKind> = Extract<Tier, { kind: K }>;

/** A tier with its index in the stack. @internal */
export interface PlacedTier<T extends Tier> {
  at: number;
  tier: T;
}

/** The stack's tier of `kind` with its index, if it has one. @internal */
export function findTier<K extends TierKind>(
  tiers: readonly Tier[],
  kind: K,
): PlacedTier<TierOfKind<K>> | undefined {
  const at = tiers.findIndex((t) => t.kind === kind);
  return at < 0 ? undefined : { at, tier: tiers[at] as TierOfKind<K> };
}

/**
 * The counts with every co-located tier following its host's leader: one server (shard) per host
 * machine, no replicas. `counts` itself when no tier is on a host. @internal
 */
export function hostCounts(tiers: readonly Tier[], counts: readonly TierCount[]): TierCount[] {
  if (tiers.every((t) => t.host === undefined)) return counts as TierCount[];
  return counts.map((c, i) => {
    const host = tiers[i]!.host;
    return host === undefined ? c : { units: counts[host.leader]!.units, replicas: 0 };
  });
}

/** The stack's app tier with its index (a validated stack has one). @internal */
export function findAppTier(tiers: readonly Tier[]): PlacedTier<AppTier> {
  return findTier(tiers, "app")!;
}
