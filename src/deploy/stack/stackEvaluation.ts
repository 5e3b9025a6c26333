import type { AcceptRace } from "../../dispatch/acceptRace.js";
import type { SpreadQuantiles } from "../../dispatch/splitSpread.js";
import type { AppProfileInput } from "../../python/appProfile.js";
import type { ConnectionPoolEvaluation } from "../connectionPool.js";
import type { MachineInput } from "../deployment.js";
import type { DeploymentEvaluation, LoadInput } from "../evaluateDeployment.js";
import type { TierConnections } from "../tierConnections.js";
import type { StackInput, TierKind } from "./tierInputs.js";

/** Input of {@link evaluateStack}. */
export interface EvaluateStackInput {
  stack: StackInput;
  /** The application on the app servers; its `ioTimeSec` is the wait for everything that is not a tier here (other services, disks). */
  app: AppProfileInput;
  /** Each app server; on a shared host its `cores` must be the host's, and its memory is the host's. */
  machine: MachineInput;
  /**
   * Requests per second arriving at the top of the stack (Poisson), with optionally the
   * keep-alive `connections` that carry them to the app servers, all servers together (each gets
   * ⌈connections ÷ servers⌉; they give the result's `spread`); or a closed loop of `clients` each
   * sending its next request `thinkTimeSec` after an answer (a load test's users, each its own
   * connection): the stack's `arrivalRatePerSec` is then the loop's throughput.
   */
  load: LoadInput;
  /** Price of one server per month, by tier name; a tier without a price costs 0. */
  prices?: Record<string, number>;
}

/** One tier of a {@link StackEvaluation}. */
export interface TierEvaluation {
  name: string;
  kind: TierKind;
  /** Machines in the tier: servers, or shards × (1 + read replicas). */
  servers: number;
  /** Shards (memcache, database; 1 elsewhere). */
  shards: number;
  /** Read replicas per shard (database; 0 elsewhere). */
  readReplicas: number;
  /** Operations per request arriving at the top: 1 for the cache, the miss share below it, lookups and queries further down. */
  visitsPerRequest: number;
  /** Operations per second at the tier. */
  throughputPerSec: number;
  /**
   * Offered load of the tier's busiest server: its busy cores ÷ cores (above 1 when overloaded);
   * for the app tier the load ÷ the capacity {@link evaluateDeployment} gives.
   */
  utilization: number;
  /**
   * Requests per second at the top of the stack at which this tier saturates (computed when
   * read). Linear tiers saturate at the load ÷ utilization; the app tier's utilization grows
   * faster than the load, since its calls below slow down too, so its capacity is found by
   * bisection with the tiers below at each load.
   */
  capacityPerSec: number;
  /** Requests per second at the top of the stack at which this tier reaches utilization `u`. */
  loadAtUtilizationPerSec(u: number): number;
  /** Mean time of one operation at the tier (waiting and service), seconds; the app's includes its calls below. */
  meanResponseTimeSec: number;
  /** Memory of the tier, bytes: Σ PSS of the app servers' deployments, else servers × memoryBytesPerServer. */
  memoryBytes: number;
  /** Servers × price. */
  costPerMonth: number;
  /**
   * Memcache and database tiers: the connections the app opens to each server against what the
   * server accepts; `fits: false` when over (PostgreSQL's `max_connections` less its reserved
   * ones, memcached's `-c`). `undefined` on the other tiers.
   */
  connections: TierConnections | undefined;
}

/** A machine shared by tiers (`stack.hosts`), in a {@link StackEvaluation}. */
export interface HostEvaluation {
  name: string;
  /** Machines, each running one server of every tier on the host. */
  machines: number;
  coresPerMachine: number;
  /** The tiers on the host, by name. */
  tiers: string[];
  /** Busy cores ÷ cores of each machine: Σ over its tiers of visits × CPU time × λ ÷ cores. */
  utilization: number;
  /** Busy cores of each machine, by tier name (the app's bytecode, the lookups', the queries'). */
  busyCoresByTier: Record<string, number>;
  /** Busy cores of each machine outside the tiers: the host's `otherCpuSecPerRequest` × its requests per second. */
  otherBusyCores: number;
  /** Requests per second at the top at which the host's cores saturate: cores ÷ CPU per request of a machine. */
  capacityPerSec: number;
  /** Mean wait of a CPU visit (an app burst, a lookup, a query) for a free core, seconds. */
  meanCpuWaitSec: number;
  /** Memory of the tiers on the host, bytes, all machines together. */
  memoryBytes: number;
  /** Memory of each machine, bytes. */
  memoryBytesPerMachine: number;
  /** Whether the tiers' memory on each machine fits in the machine's. */
  fitsMemory: boolean;
}

/**
 * The stack end to end over the ways each app server's keep-alive connections can land on its
 * processes (the accept race of the guide "Servers", "How connections land on the workers").
 */
export interface StackSpread {
  /**
   * Keep-alive connections each app server holds: ⌈`load.connections` ÷ app servers⌉ of an open
   * load (the busiest server's share), or the clients of each server of a closed loop.
   */
  connectionsPerServer: number;
  /** The urn's total weight of the idle processes (the app deployment's `connectionAffinity`). */
  connectionAffinity: number;
  /** The accept race the splits are drawn from (the app deployment's). */
  acceptRace: AcceptRace;
  /** The end-to-end mean response time over the splits: 10th, 50th and 90th percentiles, seconds. */
  meanResponseTimeSec: SpreadQuantiles;
  /**
   * A quantile of the end-to-end response time over the splits: its 10th, 50th and 90th
   * percentiles, seconds (`Infinity` where a split overloads a process).
   */
  responseTimeQuantileSec(p: number): SpreadQuantiles;
  /** The split that comes out most often: connections per process of one server, largest first. */
  likelySplit: number[];
  /** Its probability among the sorted splits. */
  likelySplitProbability: number;
}

/** Result of {@link evaluateStack}. */
export interface StackEvaluation {
  /** False when a tier is overloaded (utilization >= 1): means and quantiles are `Infinity`. */
  stable: boolean;
  arrivalRatePerSec: number;
  tiers: TierEvaluation[];
  /** The shared hosts (empty when every tier runs on servers of its own). */
  hosts: HostEvaluation[];
  /**
   * The tier that saturates first as the load grows (the lowest of equals), or the host whose
   * cores saturate first when that tier runs on one; computed when read.
   */
  bottleneck: string;
  /** Requests per second at the top of the stack at which the first tier saturates; computed when read. */
  capacityPerSec: number;
  /** Mean end-to-end response time, seconds. */
  meanResponseTimeSec: number;
  /**
   * A quantile of the end-to-end response time: each path a request can take (cache hit,
   * static file, dynamic — the last split further into requests that found a free app thread
   * and requests that waited) is a sum of independent tier times fitted by a gamma law on its
   * mean and variance; the paths mix by their shares. Open load, Poisson at every tier.
   */
  responseTimeQuantileSec(p: number): number;
  /**
   * The app servers' deployment at their share of the load. Its I/O time is the app's own, its
   * memcache and database calls and its wait for a database connection. Where its processes pin
   * keep-alive connections of a known number (`load.connections`, or a closed loop's clients),
   * its `spread` is {@link evaluateDeployment}'s for one app server.
   */
  app: DeploymentEvaluation;
  /**
   * Where the app servers pin keep-alive connections of a known number to more than one process
   * each (`load.connections` of an open load, or a closed loop's clients; see
   * {@link DeploymentEvaluation.spread}): the end-to-end mean and quantiles over the ways they
   * can land on the processes. The figures above are those of an even split. Computed when read.
   */
  spread?: StackSpread;
  /** The app processes' database connections: their use and the wait for one. */
  connectionPool: ConnectionPoolEvaluation;
  /**
   * False when the app opens more connections to a memcache or database server than it accepts
   * (a tier's `connections.fits` is false): the stack then refuses connections, whatever its load.
   */
  connectionsFit: boolean;
  costPerMonth: number;
  memoryBytes: number;
}
