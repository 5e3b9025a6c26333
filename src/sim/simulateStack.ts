import { readDeployment, readMachine, type Deployment } from "../deploy/deployment.js";
import { checkAppMachine } from "../deploy/stack/readHosts.js";
import { readPrices } from "../deploy/stack/readPrices.js";
import { readStack } from "../deploy/stack/readStack.js";
import type { EvaluateStackInput } from "../deploy/stack/stackEvaluation.js";
import { findAppTier, findTier, type Tier } from "../deploy/stack/tier.js";
import type { TierKind } from "../deploy/stack/tierInputs.js";
import { ModelInputError } from "../errors.js";
import { readAppProfile } from "../python/appProfile.js";
import { assertInteger, assertObject, assertOpenProbability, assertPositive } from "../validate.js";
import { seededRandom } from "./random.js";
import { runStackEvents, type StackRunMeasures } from "./stackEvents.js";
import { drawsFrom, routeDrawer, stackStations, type StackStations } from "./stackRoute.js";
import { batchMeans, empiricalQuantile, type Estimate } from "./statistics.js";

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
  /**
   * Busy fraction of the busiest server's cores (app tier: of its worker processes), replayed
   * writes included; a memcache or database tier on a shared host: of its machine's cores, every
   * tier's work on them.
   */
  utilization: number;
  /** Busy fraction of all the tier's cores (app tier: worker processes). */
  meanUtilization: number;
  /** Mean time of one operation at the tier, waiting and service; the app's from its arrival to its end, calls included. */
  meanResponseTimeSec: number;
}

/** A shared host of a {@link SimulatedStack}, comparable with `evaluateStack`'s `hosts`. */
export interface SimulatedHost {
  name: string;
  /** Busy fraction of the busiest machine's cores, every tier on it together. */
  utilization: number;
  /** Busy fraction of all the host's cores. */
  meanUtilization: number;
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
  /** The shared hosts, in the order of their machines (empty without `stack.hosts`). */
  hosts: SimulatedHost[];
}

/** The most memcache lookups or database queries per request a simulation steps through. */
const MAX_CALLS = 10_000;

/**
 * Discrete-event simulation of the stack `evaluateStack` models — the check its approximations
 * are measured against (`scripts/measure-stack-model.mjs`, and for shared hosts
 * `scripts/measure-host-model.mjs`), never used by it. Poisson arrivals at
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
 * an exponential delay that holds no core, counted in its tier's mean time. Tiers on a shared
 * host (`stack.hosts`) share each machine's cores: their stations hold one pool of core free
 * times, and on a host the app's CPU bursts too take the first free core of their machine, first
 * come first served (then the app may have more processes than cores). Not simulated:
 * thread-switch CPU costs (`contextSwitchSec`), memory and prices.
 *
 * @param input - The question of `evaluateStack`; the app tier must be `"prefork"` with
 *   `processes` ≤ `machine.cores` (unless it runs on a host) and a shared accept queue.
 * @param options - Run length, warm-up and seed (runs are reproducible from the seed).
 * @returns Mean response time with its 95 % interval, empirical quantiles, per-tier throughput,
 *   utilization and mean time, and each shared host's utilization.
 * @throws {@link ModelInputError} naming the field, e.g. `stack.tiers[3].deployment.kind`.
 * @example
 * ```ts
 * // One app tier of 2 prefork workers on 2 cores: the stack is M/M/2, 13.33 ms mean.
 * const question = { stack: { tiers: [{ kind: "app", deployment: { kind: "prefork", processes: 2 } }] }, app: { cpuTimeSec: 0.01, ioTimeSec: 0 }, machine: { cores: 2, memoryBytes: 4e9 }, load: { arrivalRatePerSec: 100 } };
 * const sim = simulateStack(question, { requests: 20000, seed: 1 });
 * const model = evaluateStack(question).meanResponseTimeSec;
 * sim.meanResponseTimeSec.low < model && model < sim.meanResponseTimeSec.high; // => true
 * ```
 */
export function simulateStack(
  input: EvaluateStackInput,
  options: SimulateStackOptions = {},
): SimulatedStack {
  const model = "simulateStack";
  const o = assertObject(model, input, "input", ["stack", "app", "machine", "load", "prices"]);
  const tiers = readStack(model, o.stack);
  const machine = readMachine(model, "machine", o.machine);
  checkAppMachine(model, tiers, machine);
  const app = readAppProfile(model, "app", o.app);
  const load = assertObject(model, o.load, "load", ["arrivalRatePerSec"]);
  const lambda = assertPositive(model, "load.arrivalRatePerSec", load.arrivalRatePerSec);
  readPrices(model, o.prices, tiers);
  for (const t of tiers) {
    if (t.host !== undefined && t.host.otherCpuSecPerRequest > 0) {
      throw new ModelInputError(
        model,
        `${t.host.field}.otherCpuSecPerRequest`,
        t.host.otherCpuSecPerRequest,
        "0 (absent): the simulation runs the tiers' work only, not other processes on a host",
      );
    }
  }
  const appTier = findAppTier(tiers);
  const d = readSimulatedDeployment(model, tiers, machine.cores);
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
  const draws = drawsFrom(random);
  const stations = stackStations(tiers);
  const db = findTier(tiers, "database")?.tier;
  const measures = runStackEvents({
    stations,
    tierCount: tiers.length,
    appAt: appTier.at,
    appServers: appTier.tier.count.units,
    processes: d.processes,
    serversPerShard: db ? 1 + db.count.replicas : 1,
    replayTimeSec: db ? db.replicationCostFraction * db.serviceTimeSec : 0,
    arrivalRatePerSec: lambda,
    warmUp: warm,
    requests: n,
    route: routeDrawer(tiers, stations.first, app, d, draws),
    draws,
  });
  const sorted = measures.responses.slice().sort();
  const quantile = empiricalQuantile(sorted);
  return {
    requests: n,
    throughputPerSec: n / measures.spanSec,
    meanResponseTimeSec: batchMeans(measures.responses),
    responseTimeQuantileSec: (p: number) => quantile(assertOpenProbability(model, "p", p)),
    tiers: simulatedTiers(tiers, stations, measures, d.processes),
    hosts: simulatedHosts(stations, measures),
  };
}

/**
 * The app tier's deployment, refused unless the simulator models it: prefork, at most a process
 * per core, a shared accept queue; and the stack's calls per request, at most `MAX_CALLS`.
 */
function readSimulatedDeployment(model: string, tiers: readonly Tier[], cores: number): Deployment {
  const appTier = findAppTier(tiers).tier;
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
  // On a shared host the processes' bursts queue for the host's cores: contention is simulated.
  if (d.processes > cores && appTier.host === undefined) {
    throw new ModelInputError(
      model,
      `${field}.processes`,
      d.processes,
      `at most machine.cores = ${cores} (no CPU contention is simulated)`,
    );
  }
  if (d.weights !== undefined) {
    throw new ModelInputError(model, `${field}.dispatch`, "pinned", '"shared-queue"');
  }
  // Each call is an event: a request with more than MAX_CALLS of them would not end.
  for (const t of tiers) {
    if (t.kind !== "memcache" && t.kind !== "database") continue;
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
  return d;
}

/** Each host machine's busy fraction of its cores: every station on it together. */
function machineBusy(stations: StackStations, m: StackRunMeasures): number[] {
  const busy = stations.machines.map(() => 0);
  stations.stationMachine.forEach((k, station) => {
    if (k >= 0) busy[k]! += m.busy[station]! / m.spanSec / stations.machines[k]!.cores;
  });
  return busy;
}

/** Each shared host's measured utilization. */
function simulatedHosts(stations: StackStations, m: StackRunMeasures): SimulatedHost[] {
  const busy = machineBusy(stations, m);
  const hosts: SimulatedHost[] = [];
  stations.machines.forEach((machine, k) => {
    let h = hosts.find((x) => x.name === machine.host);
    if (h === undefined) {
      h = { name: machine.host, utilization: 0, meanUtilization: 0 };
      hosts.push(h);
    }
    h.utilization = Math.max(h.utilization, busy[k]!);
  });
  for (const h of hosts) {
    const own = stations.machines.flatMap((x, k) => (x.host === h.name ? [busy[k]!] : []));
    h.meanUtilization = own.reduce((a, b) => a + b, 0) / own.length;
  }
  return hosts;
}

/** Each tier's measured throughput, utilization and mean time. */
function simulatedTiers(
  tiers: readonly Tier[],
  stations: StackStations,
  m: StackRunMeasures,
  processes: number,
): SimulatedTier[] {
  const { first, free, stationTier } = stations;
  const span = m.spanSec;
  const hostBusy = machineBusy(stations, m);
  return tiers.map((t, i) => {
    let most = 0;
    let sum = 0;
    let servers = 0;
    if (t.kind === "app") {
      for (const b of m.appBusy) {
        most = Math.max(most, b / span / processes);
        sum += b / span / processes;
        servers++;
      }
    } else {
      for (let k = first[i]!; k < free.length && stationTier[k] === i; k++) {
        // A tier on a shared host: the busy fraction of its machine's cores, every tier's work.
        const b = t.host ? hostBusy[stations.stationMachine[k]!]! : m.busy[k]! / span / t.cores;
        most = Math.max(most, b);
        sum += b;
        servers++;
      }
    }
    return {
      name: t.name,
      kind: t.kind,
      throughputPerSec: m.tierOps[i]! / span,
      utilization: most,
      meanUtilization: sum / servers,
      meanResponseTimeSec: m.tierVisits[i]! > 0 ? m.tierTime[i]! / m.tierVisits[i]! : 0,
    };
  });
}
