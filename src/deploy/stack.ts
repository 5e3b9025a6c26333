import { readAppProfile, type AppProfileInput } from "../python/appProfile.js";
import { assertObject } from "../validate.js";
import { readMachine, type MachineInput } from "./deployment.js";
import { readLoad } from "./evaluateDeployment.js";
import { evaluateTiers } from "./stack/evaluateTiers.js";
import { solveClosedStack } from "./stack/solveClosedStack.js";
import { checkAppMachine } from "./stack/readHosts.js";
import { readPrices } from "./stack/readPrices.js";
import { readStack } from "./stack/readStack.js";
import type { EvaluateStackInput, StackEvaluation } from "./stack/stackEvaluation.js";

// The stack's parts, where the rest of the library and the package index find them.
export { evaluateTiers } from "./stack/evaluateTiers.js";
export { readPrices } from "./stack/readPrices.js";
export { readStack } from "./stack/readStack.js";
export type {
  EvaluateStackInput,
  HostEvaluation,
  StackEvaluation,
  StackSpread,
  TierEvaluation,
} from "./stack/stackEvaluation.js";
export { findAppTier, type AppTier, type Tier, type TierCount } from "./stack/tier.js";
export type {
  AppTierInput,
  DatabaseTierInput,
  HostInput,
  HttpCacheTierInput,
  LoadBalancerTierInput,
  MemcacheTierInput,
  StackInput,
  TierInput,
  TierKind,
  WebTierInput,
} from "./stack/tierInputs.js";

/**
 * Evaluates a deployment stack at a load: the visits each request makes to each tier (from the
 * cache's hit ratio, the static share, memcache lookups and database queries), every tier's
 * utilization, the bottleneck, the capacity of the whole stack, end-to-end latency with its
 * quantiles, memory and cost.
 *
 * Each server of a cache, load-balancer, web, memcache or database tier is an M/M/c queue with
 * one server per core, its share of the load spread evenly (sharded keys spread evenly, reads
 * over a shard's primary and replicas); memcache and database servers never hold more calls than
 * the app has worker threads (M/M/c/K, and no wait at all with no more workers than cores).
 * Against a discrete-event simulation of the same stack (`scripts/measure-stack-model.mjs`, 20
 * stacks at 30–90 % load) the mean response time is within 5.5 % (median 0.7 %), p95 within
 * 5.6 %, p99 low by up to 15 % (median 4.4 %). Each app server is a Python deployment
 * ({@link evaluateDeployment}) whose I/O time is the app's own plus its memcache and database
 * calls at their response times, so a slow database fills the app servers' threads. A memcache
 * lookup's or database query's `cpuTimeSec` loads its server's cores; its `nonCpuTimeSec` (I/O,
 * lock waits, the network round trip) only delays the app. Each process's database connections
 * (`connectionPool`) are an M/M/c queue of its requests, each holding a connection for its
 * queries; the wait is added to the app's I/O (`connectionPool` of the result). The connections the
 * app opens to each memcache and database server are reported against `maxConnections`
 * (`connections` of those tiers, `connectionsFit`). Time on the network between the other tiers
 * is not modelled (add it to the service times).
 *
 * Tiers may share machines (`stack.hosts`; a tier's `host`): the app, memcache and database on
 * one box. Each host machine runs a server of every tier on it; its cores serve all their CPU
 * visits as one queue, so host utilization = Σ over its tiers of λ × visits × CPU time ÷ cores
 * (`hosts` of the result), its capacity cores ÷ CPU per request. A lookup or query waits the
 * host's common M/M/c/K queue of the mixed visits; the app runs on the cores the other tiers
 * leave free (F = cores − their busy cores, as ⌈F⌉ cores at F/⌈F⌉ speed). Against the
 * simulation (`scripts/measure-host-model.mjs`, 5 hosts at 30–75 % load) the mean is within
 * 12 % (median 4.5 %), p99 within 20 %; at 90 % see the background guide. A host's
 * `otherCpuSecPerRequest` (a sidecar, a log shipper, a lab's load generator) takes its cores too.
 *
 * A closed load (`load: { clients, thinkTimeSec }`, a load test's users) is solved as a fixed
 * point: the app servers as the closed loop of the clients, the tiers below at the rate the loop
 * sends, and the rate where the two agree is the stack's `arrivalRatePerSec` (so clients =
 * throughput × (think time + mean response time)). Every request must reach the app servers (no
 * HTTP cache or static files) and the clients divide evenly over them.
 *
 * Where the app servers pin keep-alive connections of a known number to their processes (an open
 * load's `connections`, each server holding ⌈connections ÷ servers⌉, or a closed loop's clients),
 * `app.spread` is {@link evaluateDeployment}'s spread for one server and the stack's `spread` the
 * end-to-end mean and quantiles over the ways they can land on the processes (each split the
 * stack with the app pinned at its shares; the figures outside `spread` are an even split's).
 *
 * @param input - The stack, the app profile and machine, the load and the prices.
 * @returns Per-tier results and the end-to-end view.
 * @throws {@link ModelInputError} naming the path of a bad field, e.g. `stack.tiers[2].hitRatio`.
 * @example
 * ```ts
 * const s = evaluateStack({ stack: { tiers: [{ kind: "app", servers: 2, deployment: { kind: "prefork", processes: 4 } }, { kind: "database", queriesPerRequest: 5, serviceTimeSec: 0.002, coresPerServer: 8 }] }, app: { cpuTimeSec: 0.02, ioTimeSec: 0 }, machine: { cores: 4, memoryBytes: 8 * 2 ** 30 }, load: { arrivalRatePerSec: 200 } });
 * s.tiers[1].utilization; // => 0.25
 * s.tiers[1].connections.openedPerServer; // => 8
 * s.tiers[1].connections.limitPerServer; // => 97
 * // The app and its database on one 2-core machine: 1 busy core of the app's, 1 of the queries'.
 * const box = evaluateStack({ stack: { hosts: [{ name: "box", cores: 2, memoryBytes: 8 * 2 ** 30 }], tiers: [{ kind: "app", host: "box", deployment: { kind: "prefork", processes: 4 } }, { kind: "database", host: "box", queriesPerRequest: 5, cpuTimeSec: 0.002 }] }, app: { cpuTimeSec: 0.01, ioTimeSec: 0 }, machine: { cores: 2, memoryBytes: 8 * 2 ** 30 }, load: { arrivalRatePerSec: 50 } });
 * box.hosts[0].utilization; // => 0.5
 * box.hosts[0].capacityPerSec; // => 100
 * // The same box under 10 users who wait 1 s between requests: Little's law holds for the loop.
 * const users = evaluateStack({ stack: { hosts: [{ name: "box", cores: 2, memoryBytes: 8 * 2 ** 30 }], tiers: [{ kind: "app", host: "box", deployment: { kind: "prefork", processes: 4 } }, { kind: "database", host: "box", queriesPerRequest: 5, cpuTimeSec: 0.002 }] }, app: { cpuTimeSec: 0.01, ioTimeSec: 0 }, machine: { cores: 2, memoryBytes: 8 * 2 ** 30 }, load: { clients: 10, thinkTimeSec: 1 } });
 * Math.round(users.arrivalRatePerSec * (1 + users.meanResponseTimeSec)); // => 10
 * // 16 keep-alive connections on 2 gthread workers: most often 14 on one of them.
 * const ka = evaluateStack({ stack: { tiers: [{ kind: "app", deployment: { server: "gunicorn", workerClass: "gthread", workers: 2, threads: 8 } }] }, app: { cpuTimeSec: 0.005, ioTimeSec: 0.015 }, machine: { cores: 2, memoryBytes: 8 * 2 ** 30 }, load: { arrivalRatePerSec: 150, connections: 16 } });
 * ka.spread.likelySplit; // => [14, 2]
 * ka.spread.responseTimeQuantileSec(0.99).p90 > ka.responseTimeQuantileSec(0.99); // => true
 * ```
 */
export function evaluateStack(input: EvaluateStackInput): StackEvaluation {
  const model = "evaluateStack";
  const o = assertObject(model, input, "input", ["stack", "app", "machine", "load", "prices"]);
  const tiers = readStack(model, o.stack);
  const machine = o.machine as MachineInput;
  checkAppMachine(model, tiers, readMachine(model, "machine", machine, true));
  readAppProfile(model, "app", o.app);
  const load = readLoad(model, o.load);
  const prices = readPrices(model, o.prices, tiers);
  const counts = tiers.map((t) => t.count);
  const app = o.app as AppProfileInput;
  if ("clients" in load) return solveClosedStack(tiers, counts, app, machine, prices, load);
  return evaluateTiers(tiers, counts, app, machine, load.arrivalRatePerSec, prices, {
    ...(load.connections === undefined ? {} : { connections: load.connections }),
  });
}
