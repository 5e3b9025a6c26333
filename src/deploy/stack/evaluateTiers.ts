import { readAppProfile, type AppProfileInput } from "../../python/appProfile.js";
import { readDeployment, type MachineInput } from "../deployment.js";
import { tierConnections } from "../tierConnections.js";
import { connectionPoolWait, connectionsOpened, type AppProcesses } from "./appConnections.js";
import { evaluateAppTier } from "./evaluateAppTier.js";
import { evaluateDatabase } from "./evaluateDatabase.js";
import { evaluateFrontTiers } from "./evaluateFrontTiers.js";
import { evaluateMemcache } from "./evaluateMemcache.js";
import type { StackEvaluation, TierEvaluation } from "./stackEvaluation.js";
import { stackResult, type StackParts } from "./stackResult.js";
import { withStackSpread } from "./stackSpread.js";
import { cpuVisitsOf, hasHosts, hostLoads } from "./hostLoad.js";
import { hostResults } from "./hostResult.js";
import { findAppTier, findTier, hostCounts, type Tier, type TierCount } from "./tier.js";
import { NO_CALLS, type StackAtLoad } from "./tierResult.js";

/** A closed loop of clients at the top: each sends its next request `thinkTimeSec` after an answer. */
export interface ClosedStackLoad {
  clients: number;
  thinkTimeSec: number;
}

/**
 * What the load at the top says besides its rate: a closed loop of clients, or the keep-alive
 * connections that carry an open load to the app servers (all of them together). @internal
 */
export interface TopLoad {
  closed?: ClosedStackLoad;
  connections?: number;
}

/**
 * Evaluates validated tiers with explicit counts. Shared by {@link evaluateStack} and the planner,
 * which changes the counts and nothing else. With `top.closed`, the app servers are evaluated as
 * the closed loop of those clients (their think time plus the time above the app), the tiers
 * below at `lambda`: {@link solveClosedStack} finds the `lambda` at which the two agree. With
 * keep-alive connections of a known number (`top.connections`, or the clients), the result has
 * the `spread` over their splits. @internal
 */
export function evaluateTiers(
  tiers: readonly Tier[],
  asked: readonly TierCount[],
  app: AppProfileInput,
  machine: MachineInput,
  lambda: number,
  prices: Readonly<Record<string, number>>,
  top: TopLoad = {},
): StackEvaluation {
  const { closed } = top;
  // A co-located tier has one server per machine of its host, whatever count it was asked.
  const counts = hostCounts(tiers, asked);
  const stack: StackAtLoad = { tiers, counts, arrivalRatePerSec: lambda, prices };
  const front = {
    cache: findTier(tiers, "http-cache"),
    loadBalancer: findTier(tiers, "load-balancer"),
    web: findTier(tiers, "web"),
  };
  const appTier = findAppTier(tiers);
  const mc = findTier(tiers, "memcache");
  const db = findTier(tiers, "database");
  const results: TierEvaluation[] = [];

  // Visits per request at the top: the cache answers its hits, the web servers their static files.
  const pass = front.cache ? 1 - front.cache.tier.hitRatio : 1;
  const dynamic = pass * (1 - (front.web ? front.web.tier.staticFraction : 0));

  // Bottom up: database and memcache times feed the app's I/O time. The app's worker threads (or
  // event-loop slots) are the only callers: no tier below holds more calls than that.
  const processes: AppProcesses = {
    servers: counts[appTier.at]!.units,
    deployment: readDeployment(
      "evaluateStack",
      `${appTier.tier.field}.deployment`,
      appTier.tier.deployment,
    ),
    pool: appTier.tier.connectionPool,
  };
  const callers = processes.servers * appTier.tier.workersPerServer;
  const opened = connectionsOpened(processes);
  const profile = readAppProfile("evaluateStack", "app", app);
  const mcHits = mc ? mc.tier.lookupsPerRequest * mc.tier.hitRatio : 0;
  const shares = hasHosts(tiers)
    ? hostLoads(
        stack,
        (at) =>
          cpuVisitsOf(stack, at, {
            dynamicShare: dynamic,
            memcacheHitsPerRequest: mcHits,
            appCpuSec:
              profile.cpuTimeSec *
              (processes.deployment.gil === "free-threaded" ? 1 + profile.freeThreadedSlowdown : 1),
            appBursts: profile.burstsPerRequest,
          }),
        callers,
      )
    : [];
  let memcacheCalls = NO_CALLS;
  if (mc) {
    const connections = tierConnections(opened.memcache, mc.tier.connectionLimit);
    const e = evaluateMemcache(stack, mc, dynamic, callers, connections, shares[mc.at]);
    results[mc.at] = e.result;
    memcacheCalls = e.calls;
  }
  let databaseCalls = NO_CALLS;
  if (db) {
    const e = evaluateDatabase(stack, db, {
      dynamicShare: dynamic,
      memcacheHitsPerRequest: mcHits,
      callers,
      connections: tierConnections(opened.database, db.tier.connectionLimit),
      host: shares[db.at],
    });
    results[db.at] = e.result;
    databaseCalls = e.calls;
  }
  const pool = connectionPoolWait(processes, lambda * dynamic, databaseCalls);
  // The cache, the load balancer, the web servers: their times depend on the load alone.
  const frontTiers = evaluateFrontTiers(stack, front);
  for (const step of frontTiers.steps) results[step.at] = step.result;

  const connectionsPerServer = connectionsOfEachServer(top, processes.servers);
  const appEval = evaluateAppTier(stack, appTier, {
    app,
    machine,
    dynamicShare: dynamic,
    memcache: memcacheCalls,
    database: databaseCalls,
    poolWait: pool.wait,
    host: shares[appTier.at],
    closed: closed && {
      clientsPerServer: closed.clients / processes.servers,
      thinkTimeSec: closed.thinkTimeSec + frontTiers.above.meanSec,
    },
    connectionsPerServer,
    utilizationAt: (rate) =>
      evaluateTiers(tiers, counts, app, machine, rate, prices).tiers[appTier.at]!.utilization,
  });
  results[appTier.at] = appEval.result;

  const parts: StackParts = {
    arrivalRatePerSec: lambda,
    tiers: results,
    app: appEval.evaluation,
    appStable: appEval.stable,
    dynamicShare: dynamic,
    frontPaths: frontTiers.paths,
    above: frontTiers.above,
    connectionPool: pool.evaluation,
    hosts: hostResults(stack, shares, results),
    closedApp: closed !== undefined,
  };
  return withStackSpread(stackResult(parts), parts, {
    ...appEval,
    deployment: processes.deployment,
    connectionsPerServer,
  });
}

/**
 * The keep-alive connections each app server holds: a closed loop's clients of each, or
 * ⌈connections ÷ servers⌉ of an open load (the busiest server's share); undefined when unknown.
 */
function connectionsOfEachServer(top: TopLoad, servers: number): number | undefined {
  if (top.closed) return top.closed.clients / servers;
  return top.connections === undefined ? undefined : Math.ceil(top.connections / servers);
}
