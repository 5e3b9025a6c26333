import { cappedStationWait, type StationWait } from "../../queueing/cappedStationWait.js";
import type { StackAtLoad } from "./tierResult.js";
import type { Host, Tier } from "./tier.js";

/** What a co-located tier sees of its host: the common wait for a core and the host's load. @internal */
export interface HostShare {
  host: Host;
  /** The wait of one CPU visit (a burst, a lookup, a query) for a free core of the machine. */
  wait: StationWait;
  /** The machine's busy cores ÷ cores per request per second at the top. */
  utilizationPerRequest: number;
  /** Busy cores of each machine, by tier name. */
  busyCoresByTier: Record<string, number>;
  /** Busy cores of each machine outside the tiers (`otherCpuSecPerRequest`). */
  otherBusyCores: number;
}

/** The CPU visits a request at the top makes to one tier (per machine) and their mean. @internal */
export interface CpuVisits {
  /** Visits per request at the top, to each server of the tier. */
  perRequest: number;
  /** Mean CPU time of a visit, seconds of one core. */
  serviceTimeSec: number;
}

/**
 * Each shared host's machines as one queue of their cores fed by every tier on them, by tier
 * index (undefined for a tier on servers of its own). `visitsOf(i)` gives tier i's CPU visits;
 * `callers` bounds the CPU visits in flight (the app's worker threads, each doing one thing at a
 * time). With every tier on its own servers, an empty array: nothing changes.
 *
 * ```text
 * λ_k = λ·v_k (visits per second at one machine of tier k)   Λ = Σ λ_k
 * (the other processes, `otherCpuSecPerRequest`, one more class of one visit per request)
 * busy cores B = Σ λ_k·S_k   U = B / c   capacity λ* = c / Σ v_k·S_k   (utilization law)
 * S̄ = B / Λ   W = W_M/M/c/K(Λ, S̄, c, K)   (K = callers; W = 0 when K ≤ c)
 * ```
 * Every class waits the same W: the cores serve the visits first come, first served, and Poisson
 * arrivals see the time-average queue (PASTA). The mixture's variability is left out: an
 * Allen–Cunneen factor (1 + c_s²)/2 made the waits 2–2.5 × the simulation's, the visits coming
 * from a few workers that each wait for their own (docs/stack.md). @internal
 */
export function hostLoads(
  stack: StackAtLoad,
  visitsOf: (at: number) => CpuVisits,
  callers: number,
): (HostShare | undefined)[] {
  const { tiers } = stack;
  const hosts = new Map<string, number[]>();
  tiers.forEach((t, i) => {
    if (t.host !== undefined) hosts.set(t.host.name, [...(hosts.get(t.host.name) ?? []), i]);
  });
  const shares: (HostShare | undefined)[] = tiers.map(() => undefined);
  for (const members of hosts.values()) {
    const share = hostShare(stack, members, visitsOf, callers);
    for (const i of members) shares[i] = share;
  }
  return shares;
}

/** One host's share: the common wait and the load of its machines. */
function hostShare(
  stack: StackAtLoad,
  members: readonly number[],
  visitsOf: (at: number) => CpuVisits,
  callers: number,
): HostShare {
  const lambda = stack.arrivalRatePerSec;
  const host = stack.tiers[members[0]!]!.host!;
  let visits = 0; // per request at the top
  let work = 0; // core-seconds per request at the top
  const busyCoresByTier: Record<string, number> = {};
  for (const i of members) {
    const v = visitsOf(i);
    visits += v.perRequest;
    work += v.perRequest * v.serviceTimeSec;
    busyCoresByTier[stack.tiers[i]!.name] = lambda * v.perRequest * v.serviceTimeSec;
  }
  // The other processes: one visit per request reaching each machine.
  const other = host.otherCpuSecPerRequest;
  if (other > 0) {
    const perMachine = 1 / stack.counts[host.leader]!.units;
    visits += perMachine;
    work += perMachine * other;
  }
  const otherBusyCores = other > 0 ? (lambda * other) / stack.counts[host.leader]!.units : 0;
  const c = host.cores;
  const wait = cappedStationWait({
    arrivalRatePerSec: lambda * visits,
    serviceTimeSec: visits > 0 ? work / visits : 0,
    servers: c,
    callers,
  });
  return { host, wait, utilizationPerRequest: work / c, busyCoresByTier, otherBusyCores };
}

/** Whether any tier runs on a shared host. @internal */
export function hasHosts(tiers: readonly Tier[]): boolean {
  return tiers.some((t) => t.host !== undefined);
}

/** What a tier's CPU visits are made of besides the tier: the stack's shares and the app. */
interface VisitContext {
  /** Share of the requests at the top that reach the app servers. */
  dynamicShare: number;
  /** Memcache hits per dynamic request (reads the database does not serve). */
  memcacheHitsPerRequest: number;
  /** The app's CPU per request, seconds (its bytecode, slowed when free-threaded), and its bursts. */
  appCpuSec: number;
  appBursts: number;
}

/**
 * The CPU visits a request at the top makes to each server of tier `at` (app: its bursts;
 * memcache: its lookups; database: its reads after the cache and its writes). @internal
 */
export function cpuVisitsOf(stack: StackAtLoad, at: number, context: VisitContext): CpuVisits {
  const tier = stack.tiers[at]!;
  const perServer = context.dynamicShare / stack.counts[at]!.units;
  switch (tier.kind) {
    case "app":
      return {
        perRequest: perServer * context.appBursts,
        serviceTimeSec: context.appCpuSec / context.appBursts,
      };
    case "memcache":
      return {
        perRequest: perServer * tier.lookupsPerRequest,
        serviceTimeSec: tier.serviceTimeSec,
      };
    case "database": {
      const q = tier.queriesPerRequest;
      const reads = Math.max(0, q * (1 - tier.writeFraction) - context.memcacheHitsPerRequest);
      return {
        perRequest: perServer * (reads + q * tier.writeFraction),
        serviceTimeSec: tier.serviceTimeSec,
      };
    }
    default:
      return { perRequest: 0, serviceTimeSec: 0 };
  }
}
