import { readAppProfile, type AppProfileInput } from "../../python/appProfile.js";
import type { StationWait } from "../../queueing/cappedStationWait.js";
import { MAX_SCV, MAX_TIME_SEC } from "../../validate.js";
import { MAX_CORES, type MachineInput } from "../deployment.js";
import {
  evaluateDeployment,
  type DeploymentEvaluation,
  type EvaluateDeploymentInput,
} from "../evaluateDeployment.js";
import type { HostShare } from "./hostLoad.js";
import type { TierEvaluation } from "./stackEvaluation.js";
import type { AppTier, PlacedTier } from "./tier.js";
import { tierResult, type StackAtLoad, type TierCalls } from "./tierResult.js";

/** What the app tier is evaluated with, besides the stack. */
interface AppTierLoad {
  /** The application on each app server, and the server. */
  app: AppProfileInput;
  machine: MachineInput;
  /** Share of the requests at the top that reach the app servers. */
  dynamicShare: number;
  /** Its calls below, and its wait for a database connection. */
  memcache: TierCalls;
  database: TierCalls;
  poolWait: StationWait;
  /** The shared host the app runs on: the other tiers' busy cores are not the app's. */
  host: HostShare | undefined;
  /**
   * A closed loop instead of the open load: the clients of each app server (a whole number) and
   * their time away from it (think time and the time above the app); undefined for open load.
   */
  closed: { clientsPerServer: number; thinkTimeSec: number } | undefined;
  /** Keep-alive connections that carry each server's share of an open load, if known. */
  connectionsPerServer: number | undefined;
  /** The app tier's utilization at a load at the top (the stack evaluated again). */
  utilizationAt: (arrivalRatePerSec: number) => number;
}

/**
 * The app servers: calls below and the wait for a connection are GIL-free waiting, added to the
 * app's own I/O time (the wait with its mean and variance, so the quantiles see it through the
 * deployment's two-moment law). With an overloaded tier below (or pool), the calls never return:
 * the app's utilization is then ∞ (and the stack unstable through that tier); its deployment is
 * evaluated on its own I/O for the rest. On a shared host (`load.host`) the deployment runs on
 * the cores the other tiers leave free and the host's memory, and its utilization is at least
 * the host's. @internal
 */
export function evaluateAppTier(
  stack: StackAtLoad,
  appTier: PlacedTier<AppTier>,
  load: AppTierLoad,
): {
  result: TierEvaluation;
  evaluation: DeploymentEvaluation;
  stable: boolean;
  /** The deployment question it was evaluated with, and whether its calls below return. */
  question: EvaluateDeploymentInput;
  callsReturn: boolean;
} {
  const { app, memcache: mc, database: db, poolWait, host } = load;
  const lambda = stack.arrivalRatePerSec;
  const dynamic = load.dynamicShare;
  const appServers = stack.counts[appTier.at]!.units;
  const profile = readAppProfile("evaluateStack", "app", app);
  const bursts = profile.burstsPerRequest;
  const callsReturn =
    Number.isFinite(mc.meanSec) && Number.isFinite(db.meanSec) && Number.isFinite(poolWait.meanSec);
  const callsMean = callsReturn
    ? mc.perDynamicRequest * mc.meanSec + db.perDynamicRequest * db.meanSec + poolWait.meanSec
    : 0;
  const callsVar = callsReturn
    ? mc.perDynamicRequest * mc.varianceSec2 +
      db.perDynamicRequest * db.varianceSec2 +
      poolWait.varianceSec2
    : 0;
  const ioMean = profile.ioTimeSec + callsMean;
  // Total I/O variance: the app's own B bursts of SCV s give io²·s/B; the calls add theirs.
  // Its SCV per burst, B·var/mean², formed from ratios so that times of 1e300 s do not make it
  // ∞/∞; kept within the SCVs the model takes (a derived value, not the user's to answer for).
  const own = ioMean > 0 ? profile.ioTimeSec / ioMean : 0;
  const ioScv = Math.min(
    MAX_SCV,
    own * own * profile.ioTimeScv + (ioMean > 0 ? (bursts * callsVar) / ioMean / ioMean : 0),
  );
  const onHost = host ? freeCores(host, appTier.tier.name) : undefined;
  const question: EvaluateDeploymentInput = {
    deployment: appTier.tier.deployment,
    app: {
      ...app,
      // On a shared host: its CPU on the cores the other tiers leave free (below).
      // (Kept within the times the model takes: past them the app is saturated anyway.)
      ...(onHost
        ? { cpuTimeSec: Math.min(MAX_TIME_SEC, profile.cpuTimeSec * onHost.stretch) }
        : {}),
      ioTimeSec: ioMean,
      ...(ioMean > 0 ? { ioTimeScv: ioScv } : {}),
    },
    machine: onHost
      ? { ...load.machine, cores: onHost.cores, memoryBytes: host!.host.memoryBytes }
      : load.machine,
    load: load.closed
      ? { clients: load.closed.clientsPerServer, thinkTimeSec: load.closed.thinkTimeSec }
      : {
          arrivalRatePerSec: (lambda * dynamic) / appServers,
          ...(load.connectionsPerServer === undefined
            ? {}
            : { connections: load.connectionsPerServer }),
        },
  };
  const evaluation = evaluateDeployment(question);
  const stable = evaluation.stable && callsReturn;
  // The load ÷ what the deployment can do with calls that take this long; with calls that never
  // return, its threads would wait forever. On a shared host the app has the cores the other
  // tiers leave free: it saturates with the host.
  const offered = callsReturn
    ? Math.max(
        (lambda * dynamic) / appServers / evaluation.capacityPerSec,
        host ? lambda * host.utilizationPerRequest : 0,
      )
    : Infinity;
  const result = tierResult(stack, appTier.at, {
    visitsPerRequest: dynamic,
    // A closed loop sends no more than the deployment completes: at most 1 (up to rounding).
    utilization: load.closed ? Math.min(1, offered) : offered,
    loadAt: (u) => (dynamic === 0 ? Infinity : loadAtUtilization(load.utilizationAt, u, lambda)),
    meanResponseTimeSec: stable ? evaluation.meanResponseTimeSec : Infinity,
    memoryBytes: appServers * evaluation.pssBytes,
  });
  return { result, evaluation, stable, question, callsReturn };
}

/**
 * The cores the other tiers on the app's host leave it: F = c − Σ (their busy cores), as ⌈F⌉
 * whole cores each free F/⌈F⌉ of the time — the app's CPU time stretched by ⌈F⌉/F, so that its
 * CPU capacity is F ÷ its CPU per request (the host's capacity) while a burst that finds a core
 * free runs at nearly full speed. (A shadow server, Lazowska et al., QSP §11.3, for the fraction
 * of a core the others take.)
 */
function freeCores(host: HostShare, appName: string): { cores: number; stretch: number } {
  let others = host.otherBusyCores;
  for (const [name, busy] of Object.entries(host.busyCoresByTier)) {
    if (name !== appName) others += busy;
  }
  // (With the others taking every core the app's CPU never ends: a stretch of 1e300.)
  const free = host.host.cores - others;
  if (!(free > 0)) return { cores: 1, stretch: 1e300 };
  const cores = Math.min(MAX_CORES, Math.ceil(free));
  return { cores, stretch: cores / free };
}

/**
 * The load at the top at which the app tier reaches utilization `u`: its utilization grows
 * faster than the load (its calls below slow down too), so it is found by doubling from
 * `arrivalRatePerSec`, then bisection.
 */
function loadAtUtilization(
  utilizationAt: (arrivalRatePerSec: number) => number,
  u: number,
  arrivalRatePerSec: number,
): number {
  let lo = 0;
  let hi = Math.max(arrivalRatePerSec, 1);
  while (utilizationAt(hi) < u && hi < 1e300) {
    lo = hi;
    hi *= 2;
  }
  for (let k = 0; k < 200 && hi - lo > hi * 1e-12; k++) {
    const mid = (lo + hi) / 2;
    if (utilizationAt(mid) < u) lo = mid;
    else hi = mid;
  }
  return hi;
}
