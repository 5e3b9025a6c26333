import { readDeployment, readMachine } from "../deploy/deployment.js";
import {
  readPrices,
  readStack,
  type EvaluateStackInput,
  type Tier,
  type TierKind,
} from "../deploy/stack.js";
import { ModelInputError } from "../errors.js";
import { readAppProfile } from "../python/appProfile.js";
import { assertInteger, assertObject, assertOpenProbability, assertPositive } from "../validate.js";
import { seededRandom, timeSampler } from "./random.js";
import { batchMeans, empiricalQuantile, type Estimate } from "./statistics.js";
import { replaceTop } from "./heap.js";

/** Run length and seed of {@link simulateStack}. */
export interface SimulateStackOptions {
  /** Requests whose response times are recorded, after the warm-up. @defaultValue 200,000 */
  requests?: number;
  /** Requests simulated first and discarded. @defaultValue requests / 10 */
  warmUp?: number;
  /** Seed of the random numbers. @defaultValue 1 */
  seed?: number;
}

/** One tier of a {@link SimulatedStack}, comparable with the same fields of `evaluateStack`. */
export interface SimulatedTier {
  name: string;
  kind: TierKind;
  /** Operations per second arriving at the tier from requests (a replica's replayed writes not counted). */
  throughputPerSec: number;
  /** Busy fraction of the busiest server's cores (app tier: of its worker processes), replayed writes included. */
  utilization: number;
  /** Busy fraction of all the tier's cores (app tier: worker processes). */
  meanUtilization: number;
  /** Mean time of one operation at the tier, waiting and service; the app's from its arrival to its end, calls included. */
  meanResponseTimeSec: number;
}

/** Result of {@link simulateStack}. */
export interface SimulatedStack {
  /** Requests whose response times were recorded. */
  requests: number;
  /** Measured arrivals per second at the top. */
  throughputPerSec: number;
  /** Mean end-to-end response time with its 95 % interval (20 batch means in arrival order). */
  meanResponseTimeSec: Estimate;
  /** Empirical p-quantile of the end-to-end response time. */
  responseTimeQuantileSec(p: number): number;
  /** In the order of the stack's tiers. */
  tiers: SimulatedTier[];
}

// A request's route is drawn when it arrives, as a flat list of steps [op, a, b].
const VISIT = 0; // a = station, b = service time: wait FIFO for a core, then serve
const DELAY = 1; // a = seconds (the app's own CPU and I/O: a prefork worker never contends)
const REPLICATE = 2; // a = the shard's primary station: every replica queues the write's replay
const ACQUIRE = 3; // a = app server: wait FIFO for a free worker process
const RELEASE = 4; // a = app server
const LATENCY = 5; // a = tier, b = seconds: a call's time off the server's cores, counted in its tier's time

interface Request {
  index: number;
  arrival: number;
  steps: number[];
  pos: number;
  /** Time of the next event (heap key). */
  at: number;
  appArrival: number;
  acquiredAt: number;
  busyCounted: boolean;
}

/** The most memcache lookups or database queries per request a simulation steps through. */
const MAX_CALLS = 10_000;

/**
 * Discrete-event simulation of the stack `evaluateStack` models — the check its approximations
 * are measured against (`scripts/measure-stack-model.mjs`), never used by it. Poisson arrivals at
 * λ; each request is spread uniformly at random over a tier's servers (shards, and for a
 * database read over the shard's primary and replicas), so every server sees a Poisson share as
 * the model assumes. Every cache, load-balancer, web, memcache and database server is a FIFO
 * queue with one server per core and exponential service: the cache serves a hit (`hitRatio`,
 * `hitTimeSec`) and stops, or a miss (`missTimeSec`) that goes on; the web tier serves a static
 * file (`staticFraction`, `staticTimeSec`) and stops, or proxies (`proxyTimeSec`) to an app server.
 * Front tiers are passed on the way in only. An app server holds the request in a FIFO queue
 * until one of its `processes` single-threaded workers is free; the worker then runs
 * `burstsPerRequest` CPU bursts and I/O waits (means `cpuTimeSec`/B and `ioTimeSec`/B, SCVs
 * `cpuTimeScv` and `ioTimeScv`; CPU × (1 + `freeThreadedSlowdown`) when free-threaded) with the
 * calls spread over the gaps, one call at a time: ⌊L⌋ lookups, one more with probability
 * L − ⌊L⌋ (likewise for the other counts), each to a random memcache shard, a miss (1 − hitRatio)
 * followed by a database read; Q·(1 − w) − L further reads and Q·w writes, each to a random
 * shard, reads to a random server of it, writes to its primary, after which each replica queues
 * a replay of `replicationCostFraction` × the mean query time (exponential) that nobody waits
 * for. A lookup's or query's `cpuTimeSec` is its service on a core; its `nonCpuTimeSec` follows as
 * an exponential delay that holds no core, counted in its tier's mean time. Not simulated: thread-switch CPU costs (`contextSwitchSec`), memory and prices.
 *
 * @param input - The question of `evaluateStack`; the app tier must be `"prefork"` with
 *   `processes` ≤ `machine.cores` and a shared accept queue (no CPU or GIL contention).
 * @param options - Run length, warm-up and seed (runs are reproducible from the seed).
 * @returns Mean response time with its 95 % interval, empirical quantiles, per-tier throughput,
 *   utilization and mean time.
 * @throws {@link ModelInputError} naming the field, e.g. `stack.tiers[3].deployment.kind`.
 */
export function simulateStack(
  input: EvaluateStackInput,
  options: SimulateStackOptions = {},
): SimulatedStack {
  const model = "simulateStack";
  const o = assertObject(model, input, "input", ["stack", "app", "machine", "load", "prices"]);
  const tiers = readStack(model, o.stack);
  const machine = readMachine(model, "machine", o.machine);
  const app = readAppProfile(model, "app", o.app);
  const load = assertObject(model, o.load, "load", ["arrivalRatePerSec"]);
  const lambda = assertPositive(model, "load.arrivalRatePerSec", load.arrivalRatePerSec);
  readPrices(model, o.prices, tiers);
  const appTier = tiers.find((t) => t.kind === "app")!;
  const d = readDeployment(model, `${appTier.field}.deployment`, appTier.deployment);
  const field = `${appTier.field}.deployment`;
  if (d.kind !== "prefork") {
    throw new ModelInputError(
      model,
      `${field}.kind`,
      d.kind,
      '"prefork" (single-threaded workers)',
    );
  }
  if (d.processes > machine.cores) {
    throw new ModelInputError(
      model,
      `${field}.processes`,
      d.processes,
      `at most machine.cores = ${machine.cores} (no CPU contention is simulated)`,
    );
  }
  if (d.weights !== undefined) {
    throw new ModelInputError(model, `${field}.dispatch`, "pinned", '"shared-queue"');
  }
  // Each call is an event: a request with more than MAX_CALLS of them would not end.
  for (const t of tiers) {
    const key = t.kind === "memcache" ? "lookupsPerRequest" : "queriesPerRequest";
    const calls = t.kind === "memcache" ? t.lookupsPerRequest : t.queriesPerRequest;
    if (calls > MAX_CALLS) {
      throw new ModelInputError(
        model,
        `${t.field}.${key}`,
        calls,
        `at most ${MAX_CALLS} to simulate (each call is an event)`,
      );
    }
  }
  const opts = assertObject(model, options, "options", ["requests", "warmUp", "seed"]);
  const n =
    opts.requests === undefined
      ? 200_000
      : assertInteger(model, "options.requests", opts.requests, 100, 1e9);
  const warm =
    opts.warmUp === undefined
      ? Math.floor(n / 10)
      : assertInteger(model, "options.warmUp", opts.warmUp, 0, 1e9);
  const random = seededRandom(
    opts.seed === undefined ? 1 : assertInteger(model, "options.seed", opts.seed, 0, 2 ** 32 - 1),
  );
  const exp = (mean: number): number => -mean * Math.log(random.next());
  const pick = (k: number): number => Math.floor(random.next() * k);
  const count = (x: number): number => {
    const whole = Math.floor(x);
    return whole + (random.next() < x - whole ? 1 : 0);
  };

  // Stations: one per server of every tier but the app tier, each with its cores' free times.
  const find = (kind: TierKind): Tier | undefined => tiers.find((t) => t.kind === kind);
  const first: number[] = []; // first station of each tier
  const stationTier: number[] = [];
  const free: Float64Array[] = [];
  tiers.forEach((t, i) => {
    first.push(free.length);
    if (t.kind === "app") return;
    for (let k = 0; k < t.count.units * (1 + t.count.replicas); k++) {
      stationTier.push(i);
      free.push(new Float64Array(t.cores));
    }
  });
  const busy = new Float64Array(free.length);
  const at = (kind: TierKind): number => tiers.findIndex((t) => t.kind === kind);
  const [cache, lb, web, mc, db] = [
    find("http-cache"),
    find("load-balancer"),
    find("web"),
    find("memcache"),
    find("database"),
  ];
  const appAt = at("app");
  const appServers = appTier.count.units;
  const cpuBurst = timeSampler(
    random,
    (app.cpuTimeSec * (d.gil === "free-threaded" ? 1 + app.freeThreadedSlowdown : 1)) /
      app.burstsPerRequest,
    app.cpuTimeScv,
  );
  const ioWait =
    app.ioTimeSec > 0
      ? timeSampler(random, app.ioTimeSec / app.burstsPerRequest, app.ioTimeScv)
      : () => 0;
  const lookups = mc ? mc.lookupsPerRequest : 0;
  const perShard = db ? 1 + db.count.replicas : 1;
  const dbFirst = db ? first[at("database")]! : 0;

  /** The steps of one request, drawn as it arrives. */
  const route = (): number[] => {
    const s: number[] = [];
    const visit = (kind: TierKind, servers: number, mean: number): void => {
      s.push(VISIT, first[at(kind)]! + pick(servers), exp(mean));
    };
    if (cache) {
      const hit = random.next() < cache.hitRatio;
      visit("http-cache", cache.count.units, hit ? cache.hitTimeSec : cache.missTimeSec);
      if (hit) return s;
    }
    if (lb) visit("load-balancer", lb.count.units, lb.serviceTimeSec);
    if (web) {
      const isStatic = random.next() < web.staticFraction;
      visit("web", web.count.units, isStatic ? web.staticTimeSec : web.serviceTimeSec);
      if (isStatic) return s;
    }
    // The calls, each a group of steps: a lookup and the read its miss costs; reads; writes.
    const calls: number[][] = [];
    /** A call's time off the cores (exponential), when it has one, after its CPU time. */
    const latency = (group: number[], tier: Tier): void => {
      if (tier.nonCpuTimeSec > 0) {
        group.push(LATENCY, at(tier.kind), exp(tier.nonCpuTimeSec));
      }
    };
    const read = (group: number[]): void => {
      group.push(
        VISIT,
        dbFirst + pick(db!.count.units) * perShard + pick(perShard),
        exp(db!.serviceTimeSec),
      );
      latency(group, db!);
    };
    for (let k = count(lookups); k > 0; k--) {
      const group = [
        VISIT,
        first[at("memcache")]! + pick(mc!.count.units),
        exp(mc!.serviceTimeSec),
      ];
      latency(group, mc!);
      if (db && random.next() >= mc!.hitRatio) read(group);
      calls.push(group);
    }
    if (db) {
      for (
        let k = count(Math.max(0, db.queriesPerRequest * (1 - db.writeFraction) - lookups));
        k > 0;
        k--
      ) {
        const group: number[] = [];
        read(group);
        calls.push(group);
      }
      for (let k = count(db.queriesPerRequest * db.writeFraction); k > 0; k--) {
        const primary = dbFirst + pick(db.count.units) * perShard;
        const group = [VISIT, primary, exp(db.serviceTimeSec), REPLICATE, primary, 0];
        latency(group, db);
        calls.push(group);
      }
    }
    const server = pick(appServers);
    s.push(ACQUIRE, server, 0);
    const bursts = app.burstsPerRequest;
    let next = 0;
    for (let b = 0; b < bursts; b++) {
      s.push(DELAY, cpuBurst() + ioWait(), 0);
      // Call j goes after burst ⌊j·B/K⌋: the calls spread evenly over the request.
      for (; next < calls.length && Math.floor((next * bursts) / calls.length) === b; next++) {
        s.push(...calls[next]!);
      }
    }
    s.push(RELEASE, server, 0);
    return s;
  };

  const tierOps = new Float64Array(tiers.length);
  const tierTime = new Float64Array(tiers.length);
  const tierVisits = new Float64Array(tiers.length);
  const processes = d.processes;
  const idle = new Int32Array(appServers).fill(processes);
  const appQueues: Request[][] = Array.from({ length: appServers }, () => []);
  const appBusy = new Float64Array(appServers);
  const responses = new Float64Array(n);
  const heap: Request[] = [];
  let inWindow = false;
  let windowStart = 0;
  let windowEnd = 0;

  const serve = (station: number, t: number, service: number): number => {
    const cores = free[station]!;
    const done = Math.max(t, cores[0]!) + service;
    replaceTop(cores, done);
    if (inWindow) busy[station]! += service;
    return done;
  };
  /** Runs a request's steps from time t until it waits for an event or ends. */
  const run = (r: Request, t: number): void => {
    const s = r.steps;
    const measured = r.index >= warm;
    while (r.pos < s.length) {
      const op = s[r.pos]!;
      const a = s[r.pos + 1]!;
      const b = s[r.pos + 2]!;
      r.pos += 3;
      if (op === VISIT) {
        const tier = stationTier[a]!;
        const done = serve(a, t, b);
        if (inWindow) tierOps[tier]! += 1;
        if (measured) {
          tierTime[tier]! += done - t;
          tierVisits[tier]! += 1;
        }
        r.at = done;
        return push(heap, r);
      } else if (op === DELAY) {
        r.at = t + a;
        return push(heap, r);
      } else if (op === LATENCY) {
        if (measured) tierTime[a]! += b;
        r.at = t + b;
        return push(heap, r);
      } else if (op === REPLICATE) {
        for (let k = 1; k < perShard; k++)
          serve(a + k, t, exp(db!.replicationCostFraction * db!.serviceTimeSec));
      } else if (op === ACQUIRE) {
        r.appArrival = t;
        if (inWindow) tierOps[appAt]! += 1;
        if (idle[a]! === 0) return void appQueues[a]!.push(r);
        idle[a]! -= 1;
        r.acquiredAt = t;
        r.busyCounted = inWindow;
      } else if (op === RELEASE) {
        if (measured) {
          tierTime[appAt]! += t - r.appArrival;
          tierVisits[appAt]! += 1;
        }
        if (r.busyCounted) appBusy[a]! += t - r.acquiredAt;
        const waiting = appQueues[a]!.shift();
        if (waiting === undefined) {
          idle[a]! += 1;
        } else {
          waiting.acquiredAt = t;
          waiting.busyCounted = inWindow;
          waiting.at = t;
          push(heap, waiting);
        }
      }
    }
    if (measured) responses[r.index - warm] = t - r.arrival;
  };

  const total = warm + n;
  let arrivals = 0;
  let nextArrival = exp(1 / lambda);
  while (arrivals < total || heap.length > 0) {
    if (arrivals < total && (heap.length === 0 || nextArrival <= heap[0]!.at)) {
      const t = nextArrival;
      if (arrivals === warm) {
        inWindow = true;
        windowStart = t;
      }
      const r: Request = {
        index: arrivals,
        arrival: t,
        steps: route(),
        pos: 0,
        at: t,
        appArrival: 0,
        acquiredAt: 0,
        busyCounted: false,
      };
      arrivals++;
      run(r, t);
      if (arrivals === total) {
        inWindow = false;
        windowEnd = t;
      }
      nextArrival = t + exp(1 / lambda);
    } else {
      const r = pop(heap);
      run(r, r.at);
    }
  }

  const span = windowEnd - windowStart;
  const result: SimulatedTier[] = tiers.map((t, i) => {
    let most = 0;
    let sum = 0;
    let servers = 0;
    if (t.kind === "app") {
      for (const b of appBusy) {
        most = Math.max(most, b / span / processes);
        sum += b / span / processes;
        servers++;
      }
    } else {
      for (let k = first[i]!; k < free.length && stationTier[k] === i; k++) {
        most = Math.max(most, busy[k]! / span / t.cores);
        sum += busy[k]! / span / t.cores;
        servers++;
      }
    }
    return {
      name: t.name,
      kind: t.kind,
      throughputPerSec: tierOps[i]! / span,
      utilization: most,
      meanUtilization: sum / servers,
      meanResponseTimeSec: tierVisits[i]! > 0 ? tierTime[i]! / tierVisits[i]! : 0,
    };
  });
  const sorted = responses.slice().sort();
  const quantile = empiricalQuantile(sorted);
  return {
    requests: n,
    throughputPerSec: n / span,
    meanResponseTimeSec: batchMeans(responses),
    responseTimeQuantileSec: (p: number) => quantile(assertOpenProbability(model, "p", p)),
    tiers: result,
  };
}

/** Adds a request to the event heap, keyed by its next event time. */
function push(heap: Request[], r: Request): void {
  let i = heap.length;
  heap.push(r);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.at <= r.at) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = r;
}

/** Removes and returns the request with the earliest next event. */
function pop(heap: Request[]): Request {
  const top = heap[0]!;
  const last = heap.pop()!;
  const n = heap.length;
  if (n > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && heap[r]!.at < heap[l]!.at ? r : l;
      if (heap[child]!.at >= last.at) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
  return top;
}
