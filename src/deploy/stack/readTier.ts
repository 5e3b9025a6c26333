import { ModelInputError } from "../../errors.js";
import { assertFraction, assertInteger, assertNonNegative, assertTimeSec } from "../../validate.js";
import { readCallTime } from "../callTime.js";
import { readConnectionPool } from "../connectionPool.js";
import { readDeployment } from "../deployment.js";
import { modelDeployment } from "../servers/readServerDeployment.js";
import { readConnectionLimit } from "../tierConnections.js";
import type { AppTier, DatabaseTier, HttpCacheTier, MemcacheTier, Tier, WebTier } from "./tier.js";
import type { TierKind } from "./tierInputs.js";

/** The fields of every tier of servers. */
const SERVER_FIELDS = ["kind", "name", "coresPerServer", "memoryBytesPerServer"];
/** …and of one counted in servers rather than shards. */
const COUNTED_FIELDS = [...SERVER_FIELDS, "servers", "minServers"];
/** The fields each kind of tier takes, to catch misspelt ones. @internal */
export const TIER_FIELDS: Record<TierKind, readonly string[]> = {
  "http-cache": [...COUNTED_FIELDS, "hitRatio", "hitTimeSec", "missTimeSec"],
  "load-balancer": [...COUNTED_FIELDS, "serviceTimeSec"],
  web: [...COUNTED_FIELDS, "staticFraction", "staticTimeSec", "proxyTimeSec"],
  app: ["kind", "name", "host", "servers", "minServers", "deployment", "connectionPool"],
  memcache: [
    ...SERVER_FIELDS,
    "host",
    "shards",
    "minShards",
    "maxShards",
    "hitRatio",
    "lookupsPerRequest",
    "serviceTimeSec",
    "cpuTimeSec",
    "nonCpuTimeSec",
    "maxConnections",
  ],
  database: [
    ...SERVER_FIELDS,
    "host",
    "shards",
    "minShards",
    "maxShards",
    "readReplicas",
    "minReplicas",
    "queriesPerRequest",
    "writeFraction",
    "serviceTimeSec",
    "cpuTimeSec",
    "nonCpuTimeSec",
    "replicationCostFraction",
    "maxConnections",
    "superuserReservedConnections",
  ],
};

/** One input tier's fields, read and checked by kind of value; errors name `field.key`. */
interface TierFields {
  model: string;
  field: string;
  input: Record<string, unknown>;
  /** An integer in [min, 1e6], `fallback` when absent. */
  integer(key: string, fallback: number, min: number): number;
  /** A time in seconds > 0. */
  time(key: string): number;
  /** A fraction in [0, 1]; `fallback`, when given, when absent. */
  fraction(key: string, fallback?: number): number;
}

function tierFields(model: string, field: string, input: Record<string, unknown>): TierFields {
  return {
    model,
    field,
    input,
    integer: (key, fallback, min) =>
      input[key] === undefined
        ? fallback
        : assertInteger(model, `${field}.${key}`, input[key], min, 1e6),
    time: (key) => assertTimeSec(model, `${field}.${key}`, input[key], 0, true),
    fraction: (key, fallback) =>
      input[key] === undefined && fallback !== undefined
        ? fallback
        : assertFraction(model, `${field}.${key}`, input[key]),
  };
}

/** The fields every tier has: name, path, count and the planner's limits. */
type CountedTier = Omit<AppTier, "kind" | "deployment" | "connectionPool" | "workersPerServer">;
/** …and a tier of servers: their cores and memory. */
type ServerCountedTier = CountedTier & { cores: number; memoryBytesPerServer: number };

/**
 * Validates one tier of kind `kind` (already checked, as are its field names and its `name`) at
 * path `field`; errors name `field.key`. @internal
 */
export function readTier(
  model: string,
  field: string,
  input: Record<string, unknown>,
  kind: TierKind,
  name: string,
): Tier {
  const f = tierFields(model, field, input);
  const sharded = kind === "memcache" || kind === "database";
  const counted: CountedTier = {
    name,
    field,
    count: {
      units: sharded ? f.integer("shards", 1, 1) : f.integer("servers", 1, 1),
      replicas: kind === "database" ? f.integer("readReplicas", 0, 0) : 0,
    },
    maxUnits: sharded ? f.integer("maxShards", 1e6, 1) : 1e6,
    minUnits: sharded ? f.integer("minShards", 1, 1) : f.integer("minServers", 1, 1),
    minReplicas: kind === "database" ? f.integer("minReplicas", 0, 0) : 0,
    host: undefined,
  };
  // Cores and memory of each server (not the app tier's: its servers are `machine`).
  const server: ServerCountedTier = {
    ...counted,
    cores: f.integer("coresPerServer", 4, 1),
    memoryBytesPerServer:
      input.memoryBytesPerServer === undefined
        ? 0
        : assertNonNegative(model, `${field}.memoryBytesPerServer`, input.memoryBytesPerServer),
  };
  if (counted.minUnits > counted.maxUnits) {
    throw new ModelInputError(
      model,
      `${field}.minShards`,
      counted.minUnits,
      `an integer <= maxShards (${counted.maxUnits})`,
    );
  }
  switch (kind) {
    case "http-cache":
      return readHttpCacheTier(f, server);
    case "load-balancer":
      return { ...server, kind, serviceTimeSec: f.time("serviceTimeSec") };
    case "web":
      return readWebTier(f, server);
    case "app":
      return readAppTier(f, counted);
    case "memcache":
      return readMemcacheTier(f, server);
    case "database":
      return readDatabaseTier(f, server);
  }
}

function readHttpCacheTier(f: TierFields, server: ServerCountedTier): HttpCacheTier {
  const hitRatio = f.fraction("hitRatio");
  const hitTimeSec = f.time("hitTimeSec");
  const missTimeSec = f.input.missTimeSec === undefined ? hitTimeSec : f.time("missTimeSec");
  return { ...server, kind: "http-cache", hitRatio, hitTimeSec, missTimeSec };
}

function readWebTier(f: TierFields, server: ServerCountedTier): WebTier {
  const staticFraction = f.fraction("staticFraction", 0);
  const serviceTimeSec = f.time("proxyTimeSec");
  const staticTimeSec = staticFraction > 0 ? f.time("staticTimeSec") : 0;
  return { ...server, kind: "web", staticFraction, staticTimeSec, serviceTimeSec };
}

function readAppTier(f: TierFields, counted: CountedTier): AppTier {
  const at = `${f.field}.deployment`;
  const deployment = modelDeployment(f.model, at, f.input.deployment);
  const d = readDeployment(f.model, at, deployment);
  return {
    ...counted,
    kind: "app",
    deployment,
    workersPerServer: d.processes * d.slots,
    connectionPool: readConnectionPool(
      f.model,
      `${f.field}.connectionPool`,
      f.input.connectionPool,
    ),
  };
}

function readMemcacheTier(f: TierFields, server: ServerCountedTier): MemcacheTier {
  const hitRatio = f.fraction("hitRatio");
  const lookupsPerRequest = assertNonNegative(
    f.model,
    `${f.field}.lookupsPerRequest`,
    f.input.lookupsPerRequest,
  );
  const time = readCallTime(f.model, f.field, f.input);
  return {
    ...server,
    kind: "memcache",
    hitRatio,
    lookupsPerRequest,
    serviceTimeSec: time.cpuTimeSec,
    nonCpuTimeSec: time.nonCpuTimeSec,
    connectionLimit: readConnectionLimit(f.model, f.field, f.input, "memcache"),
  };
}

function readDatabaseTier(f: TierFields, server: ServerCountedTier): DatabaseTier {
  const queriesPerRequest = assertNonNegative(
    f.model,
    `${f.field}.queriesPerRequest`,
    f.input.queriesPerRequest,
  );
  const writeFraction = f.fraction("writeFraction", 0);
  const time = readCallTime(f.model, f.field, f.input);
  const connectionLimit = readConnectionLimit(f.model, f.field, f.input, "database");
  return {
    ...server,
    kind: "database",
    queriesPerRequest,
    writeFraction,
    serviceTimeSec: time.cpuTimeSec,
    nonCpuTimeSec: time.nonCpuTimeSec,
    connectionLimit,
    replicationCostFraction: f.fraction("replicationCostFraction", 1),
  };
}
