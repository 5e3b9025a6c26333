import type { Deployment } from "../deploy/deployment.js";
import {
  findTier,
  type DatabaseTier,
  type HttpCacheTier,
  type LoadBalancerTier,
  type MemcacheTier,
  type PlacedTier,
  type Tier,
  type WebTier,
} from "../deploy/stack/tier.js";
import type { AppProfile } from "../python/appProfile.js";
import { timeSampler, type Random } from "./random.js";

// A request's route is drawn when it arrives, as a flat list of steps [op, a, b].
/** a = station, b = service time: wait FIFO for a core, then serve. */
export const VISIT = 0;
/** a = seconds (the app's own CPU and I/O: a prefork worker never contends). */
export const DELAY = 1;
/** a = the shard's primary station: every replica queues the write's replay. */
export const REPLICATE = 2;
/** a = app server: wait FIFO for a free worker process. */
export const ACQUIRE = 3;
/** a = app server. */
export const RELEASE = 4;
/** a = tier, b = seconds: a call's time off the server's cores, counted in its tier's time. */
export const LATENCY = 5;
/** a = station, b = service time: an app CPU burst on its shared host's cores (no tier's visit). */
export const CPU = 6;

/**
 * The stations of a simulated stack: one per server of every tier but the app tier, and one per
 * app server on a shared host. The stations of the tiers on a host's machine share one array of
 * core free times: a CPU visit at any of them takes a free core of the machine.
 */
export interface StackStations {
  /** Index of each tier's first station (for an app tier of its own, of the next tier's). */
  first: number[];
  /** The tier of each station. */
  stationTier: number[];
  /** Each station's cores' free times, a min-heap (shared by the stations of a host's machine). */
  free: Float64Array[];
  /** Each station's host machine, an index into `machines`, or −1 on a server of its own. */
  stationMachine: number[];
  /** The host machines: the host's name and its cores. */
  machines: { host: string; cores: number }[];
}

/** The stations of `tiers`, every core free at time 0. */
export function stackStations(tiers: readonly Tier[]): StackStations {
  const first: number[] = [];
  const stationTier: number[] = [];
  const free: Float64Array[] = [];
  const stationMachine: number[] = [];
  const machines: { host: string; cores: number }[] = [];
  /** Each host's machines: their index and their cores' free times. */
  const pools = new Map<string, { machine: number; cores: Float64Array }[]>();
  tiers.forEach((t, i) => {
    first.push(free.length);
    const host = t.host;
    if (host !== undefined) {
      let pool = pools.get(host.name);
      if (pool === undefined) {
        pool = Array.from({ length: t.count.units }, () => {
          machines.push({ host: host.name, cores: host.cores });
          return { machine: machines.length - 1, cores: new Float64Array(host.cores) };
        });
        pools.set(host.name, pool);
      }
      for (const m of pool) {
        stationTier.push(i);
        stationMachine.push(m.machine);
        free.push(m.cores);
      }
      return;
    }
    if (t.kind === "app") return;
    for (let k = 0; k < t.count.units * (1 + t.count.replicas); k++) {
      stationTier.push(i);
      stationMachine.push(-1);
      free.push(new Float64Array(t.cores));
    }
  });
  return { first, stationTier, free, stationMachine, machines };
}

/** The random draws of a simulation, all from one generator. */
export interface Draws {
  random: Random;
  /** An exponential time of mean `mean`. */
  exp(mean: number): number;
  /** One of 0 … k − 1, uniformly. */
  pick(k: number): number;
  /** ⌊x⌋, or ⌊x⌋ + 1 with probability x − ⌊x⌋. */
  count(x: number): number;
}

/** The draws made from `random`. */
export function drawsFrom(random: Random): Draws {
  return {
    random,
    exp: (mean) => -mean * Math.log(random.next()),
    pick: (k) => Math.floor(random.next() * k),
    count: (x) => {
      const whole = Math.floor(x);
      return whole + (random.next() < x - whole ? 1 : 0);
    },
  };
}

/** What a route is drawn from. */
interface RouteContext {
  draws: Draws;
  first: readonly number[];
  cache: PlacedTier<HttpCacheTier> | undefined;
  lb: PlacedTier<LoadBalancerTier> | undefined;
  web: PlacedTier<WebTier> | undefined;
  mc: PlacedTier<MemcacheTier> | undefined;
  db: PlacedTier<DatabaseTier> | undefined;
  appServers: number;
  /** The app servers' first station when they run on a shared host (their bursts queue for its cores), else −1. */
  appStations: number;
  bursts: number;
  cpuBurst: () => number;
  ioWait: () => number;
}

/**
 * The drawer of routes through `tiers`, one a request as it arrives; `app` and `deployment` are
 * the app tier's application and deployment (prefork).
 */
export function routeDrawer(
  tiers: readonly Tier[],
  first: readonly number[],
  app: AppProfile,
  deployment: Deployment,
  draws: Draws,
): () => number[] {
  const { random } = draws;
  const context: RouteContext = {
    draws,
    first,
    cache: findTier(tiers, "http-cache"),
    lb: findTier(tiers, "load-balancer"),
    web: findTier(tiers, "web"),
    mc: findTier(tiers, "memcache"),
    db: findTier(tiers, "database"),
    appServers: findTier(tiers, "app")!.tier.count.units,
    appStations: appHosted(tiers) ? first[findTier(tiers, "app")!.at]! : -1,
    bursts: app.burstsPerRequest,
    cpuBurst: timeSampler(
      random,
      (app.cpuTimeSec * (deployment.gil === "free-threaded" ? 1 + app.freeThreadedSlowdown : 1)) /
        app.burstsPerRequest,
      app.cpuTimeScv,
    ),
    ioWait:
      app.ioTimeSec > 0
        ? timeSampler(random, app.ioTimeSec / app.burstsPerRequest, app.ioTimeScv)
        : () => 0,
  };
  return () => {
    const steps: number[] = [];
    if (frontSteps(context, steps)) return steps;
    appSteps(context, steps, callGroups(context));
    return steps;
  };
}

/** Whether the app tier runs on a shared host. */
function appHosted(tiers: readonly Tier[]): boolean {
  return findTier(tiers, "app")!.tier.host !== undefined;
}

/** A visit to a random server of `placed`, served for an exponential time of mean `mean`. */
function visit(c: RouteContext, steps: number[], placed: PlacedTier<Tier>, mean: number): void {
  steps.push(VISIT, c.first[placed.at]! + c.draws.pick(placed.tier.count.units), c.draws.exp(mean));
}

/** The steps through the cache, load balancer and web servers; true when the request ends there. */
function frontSteps(c: RouteContext, steps: number[]): boolean {
  const { cache, lb, web } = c;
  const { random } = c.draws;
  if (cache) {
    const hit = random.next() < cache.tier.hitRatio;
    visit(c, steps, cache, hit ? cache.tier.hitTimeSec : cache.tier.missTimeSec);
    if (hit) return true;
  }
  if (lb) visit(c, steps, lb, lb.tier.serviceTimeSec);
  if (web) {
    const isStatic = random.next() < web.tier.staticFraction;
    visit(c, steps, web, isStatic ? web.tier.staticTimeSec : web.tier.serviceTimeSec);
    if (isStatic) return true;
  }
  return false;
}

/** The calls of a dynamic request, each a group of steps: a lookup and the read its miss costs; reads; writes. */
function callGroups(c: RouteContext): number[][] {
  const { mc, db, first } = c;
  const { random, exp, pick, count } = c.draws;
  const calls: number[][] = [];
  const perShard = db ? 1 + db.tier.count.replicas : 1;
  const dbFirst = db ? first[db.at]! : 0;
  /** A call's time off the cores (exponential), when it has one, after its CPU time. */
  const latency = (group: number[], placed: PlacedTier<MemcacheTier | DatabaseTier>): void => {
    if (placed.tier.nonCpuTimeSec > 0) {
      group.push(LATENCY, placed.at, exp(placed.tier.nonCpuTimeSec));
    }
  };
  const read = (group: number[], db: PlacedTier<DatabaseTier>): void => {
    const shards = db.tier.count.units;
    group.push(
      VISIT,
      dbFirst + pick(shards) * perShard + pick(perShard),
      exp(db.tier.serviceTimeSec),
    );
    latency(group, db);
  };
  const lookups = mc ? mc.tier.lookupsPerRequest : 0;
  for (let k = count(lookups); k > 0; k--) {
    const group = [
      VISIT,
      first[mc!.at]! + pick(mc!.tier.count.units),
      exp(mc!.tier.serviceTimeSec),
    ];
    latency(group, mc!);
    if (db && random.next() >= mc!.tier.hitRatio) read(group, db);
    calls.push(group);
  }
  if (db) {
    const { queriesPerRequest: queries, writeFraction } = db.tier;
    for (let k = count(Math.max(0, queries * (1 - writeFraction) - lookups)); k > 0; k--) {
      const group: number[] = [];
      read(group, db);
      calls.push(group);
    }
    for (let k = count(queries * writeFraction); k > 0; k--) {
      const primary = dbFirst + pick(db.tier.count.units) * perShard;
      const group = [VISIT, primary, exp(db.tier.serviceTimeSec), REPLICATE, primary, 0];
      latency(group, db);
      calls.push(group);
    }
  }
  return calls;
}

/** The steps at a random app server: a worker, its bursts of CPU and I/O with the calls spread over them. */
function appSteps(c: RouteContext, steps: number[], calls: readonly number[][]): void {
  const server = c.draws.pick(c.appServers);
  steps.push(ACQUIRE, server, 0);
  const bursts = c.bursts;
  let next = 0;
  for (let b = 0; b < bursts; b++) {
    if (c.appStations < 0) {
      steps.push(DELAY, c.cpuBurst() + c.ioWait(), 0);
    } else {
      // On a shared host the burst takes a free core of the server's machine, then its I/O.
      steps.push(CPU, c.appStations + server, c.cpuBurst(), DELAY, c.ioWait(), 0);
    }
    // Call j goes after burst ⌊j·B/K⌋: the calls spread evenly over the request.
    for (; next < calls.length && Math.floor((next * bursts) / calls.length) === b; next++) {
      steps.push(...calls[next]!);
    }
  }
  steps.push(RELEASE, server, 0);
}
