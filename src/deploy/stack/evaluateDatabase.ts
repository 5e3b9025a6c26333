import { cappedStationWait, type StationWait } from "../../queueing/cappedStationWait.js";
import type { TierConnections } from "../tierConnections.js";
import type { HostShare } from "./hostLoad.js";
import type { TierEvaluation } from "./stackEvaluation.js";
import type { DatabaseTier, PlacedTier } from "./tier.js";
import { linearTier, type StackAtLoad, type TierCalls } from "./tierResult.js";

/** What the database tier is evaluated with, besides the stack. */
interface DatabaseLoad {
  /** Share of the requests at the top that reach the app servers. */
  dynamicShare: number;
  /** Memcache hits per dynamic request: each a read the database does not serve. */
  memcacheHitsPerRequest: number;
  /** The app's worker threads (or event-loop slots): the most queries at once. */
  callers: number;
  /** The connections the app opens to each database server. */
  connections: TierConnections;
  /** The shared host the database runs on: its queries wait the host's common queue. */
  host?: HostShare | undefined;
}

/**
 * The database tier: each shard's primary serves its writes and its share of the reads, each
 * replica its share of the reads and a replay of every write; a query's time is a mixture of
 * the primary's and a replica's waits, its CPU time and its time off the cores. @internal
 */
export function evaluateDatabase(
  stack: StackAtLoad,
  db: PlacedTier<DatabaseTier>,
  load: DatabaseLoad,
): { result: TierEvaluation; calls: TierCalls } {
  const { tier } = db;
  const lambda = stack.arrivalRatePerSec;
  const dynamic = load.dynamicShare;
  const { units: shards, replicas } = stack.counts[db.at]!;
  const writes = tier.queriesPerRequest * tier.writeFraction;
  const reads = Math.max(
    0,
    tier.queriesPerRequest * (1 - tier.writeFraction) - load.memcacheHitsPerRequest,
  );
  const perDynamicRequest = reads + writes;
  // Per shard and per front-end request; reads spread over the primary and its replicas.
  const readsPerServer = (dynamic * reads) / shards / (1 + replicas);
  const writesPerShard = (dynamic * writes) / shards;
  const s = tier.serviceTimeSec;
  const k = tier.replicationCostFraction;
  const primaryWork = (readsPerServer + writesPerShard) * s; // core-seconds per request at the top
  const replicaWork = (readsPerServer + writesPerShard * k) * s;
  const busiest = load.host
    ? load.host.utilizationPerRequest
    : Math.max(primaryWork, replicas > 0 ? replicaWork : 0) / tier.cores;
  const station = (serviceTimeSec: number): StationWait =>
    cappedStationWait({
      arrivalRatePerSec: lambda * (readsPerServer + writesPerShard),
      serviceTimeSec,
      servers: tier.cores,
      callers: load.callers,
    });
  // On a shared host (one server a machine, no replicas) a query waits the host's common queue.
  const primary = load.host ? load.host.wait : station(s);
  // A replica serves its reads and applies the shard's writes: one queue of mixed work.
  const replica =
    replicas > 0 && replicaWork > 0
      ? station(replicaWork / (readsPerServer + writesPerShard))
      : primary;
  const readShare = perDynamicRequest > 0 ? reads / perDynamicRequest : 0;
  const w = mixedWait(primary, replica, readShare * (replicas / (1 + replicas)));
  // The query's time off the cores is a delay after its CPU time (exponential: variance t²).
  const meanSec = w.meanSec + s + tier.nonCpuTimeSec;
  const varianceSec2 = w.varianceSec2 + s * s + tier.nonCpuTimeSec ** 2;
  return {
    result: linearTier(
      stack,
      db,
      dynamic * perDynamicRequest,
      busiest,
      perDynamicRequest > 0 ? meanSec : 0,
      load.connections,
    ),
    calls: { perDynamicRequest, meanSec, varianceSec2 },
  };
}

/** Mean and variance of one query's wait, a share `onReplica` of them at a replica. */
function mixedWait(primary: StationWait, replica: StationWait, onReplica: number): StationWait {
  // (Weights of 0 leave an infinite wait out rather than making 0·∞ = NaN.)
  const mix = (a: number, r: number) =>
    onReplica === 0 ? a : onReplica === 1 ? r : (1 - onReplica) * a + onReplica * r;
  const meanSec = mix(primary.meanSec, replica.meanSec);
  return {
    meanSec,
    // A mixture's variance: the mean of the second moments less the square of the mean.
    varianceSec2: Number.isFinite(meanSec)
      ? Math.max(
          0,
          mix(
            primary.varianceSec2 + primary.meanSec ** 2,
            replica.varianceSec2 + replica.meanSec ** 2,
          ) -
            meanSec ** 2,
        )
      : Infinity,
  };
}
