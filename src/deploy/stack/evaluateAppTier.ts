import { readAppProfile, type AppProfileInput } from "../../python/appProfile.js";
import type { StationWait } from "../../queueing/cappedStationWait.js";
import { MAX_SCV } from "../../validate.js";
import type { MachineInput } from "../deployment.js";
import { evaluateDeployment, type DeploymentEvaluation } from "../evaluateDeployment.js";
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
  /** The app tier's utilization at a load at the top (the stack evaluated again). */
  utilizationAt: (arrivalRatePerSec: number) => number;
}

/**
 * The app servers: calls below and the wait for a connection are GIL-free waiting, added to the
 * app's own I/O time (the wait with its mean and variance, so the quantiles see it through the
 * deployment's two-moment law). With an overloaded tier below (or pool), the calls never return:
 * the app's utilization is then ∞ (and the stack unstable through that tier); its deployment is
 * evaluated on its own I/O for the rest. @internal
 */
export function evaluateAppTier(
  stack: StackAtLoad,
  appTier: PlacedTier<AppTier>,
  load: AppTierLoad,
): { result: TierEvaluation; evaluation: DeploymentEvaluation; stable: boolean } {
  const { app, memcache: mc, database: db, poolWait } = load;
  const lambda = stack.arrivalRatePerSec;
  const dynamic = load.dynamicShare;
  const appServers = stack.counts[appTier.at]!.units;
  const profile = readAppProfile("evaluateStack", "app", app);
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
  const bursts = profile.burstsPerRequest;
  // Its SCV per burst, B·var/mean², formed from ratios so that times of 1e300 s do not make it
  // ∞/∞; kept within the SCVs the model takes (a derived value, not the user's to answer for).
  const own = ioMean > 0 ? profile.ioTimeSec / ioMean : 0;
  const ioScv = Math.min(
    MAX_SCV,
    own * own * profile.ioTimeScv + (ioMean > 0 ? (bursts * callsVar) / ioMean / ioMean : 0),
  );
  const evaluation = evaluateDeployment({
    deployment: appTier.tier.deployment,
    app: { ...app, ioTimeSec: ioMean, ...(ioMean > 0 ? { ioTimeScv: ioScv } : {}) },
    machine: load.machine,
    load: { arrivalRatePerSec: (lambda * dynamic) / appServers },
  });
  const stable = evaluation.stable && callsReturn;
  const result = tierResult(stack, appTier.at, {
    visitsPerRequest: dynamic,
    // The load ÷ what the deployment can do with calls that take this long; with calls that
    // never return, its threads would wait forever.
    utilization: callsReturn
      ? (lambda * dynamic) / appServers / evaluation.capacityPerSec
      : Infinity,
    loadAt: (u) => (dynamic === 0 ? Infinity : loadAtUtilization(load.utilizationAt, u, lambda)),
    meanResponseTimeSec: stable ? evaluation.meanResponseTimeSec : Infinity,
    memoryBytes: appServers * evaluation.pssBytes,
  });
  return { result, evaluation, stable };
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
