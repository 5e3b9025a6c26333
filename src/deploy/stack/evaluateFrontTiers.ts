import { cappedStationWait, type StationWait } from "../../queueing/cappedStationWait.js";
import type { Path, TimeMoments } from "./stackResult.js";
import type { TierEvaluation } from "./stackEvaluation.js";
import type { HttpCacheTier, LoadBalancerTier, PlacedTier, WebTier } from "./tier.js";
import { linearTier, serverWait, type StackAtLoad } from "./tierResult.js";

/** The tiers in front of the app servers that the stack has. */
interface FrontTiers {
  cache: PlacedTier<HttpCacheTier> | undefined;
  loadBalancer: PlacedTier<LoadBalancerTier> | undefined;
  web: PlacedTier<WebTier> | undefined;
}

/** A front tier evaluated: its result, the paths that end there, and the time above the next. */
interface FrontStep {
  at: number;
  result: TierEvaluation;
  /** Requests answered here (cache hits, static files). */
  paths: Path[];
  /** Time spent above the next tier down, this one included. */
  above: TimeMoments;
}

/**
 * The front tiers top down — the cache, the load balancer, the web servers — each server an
 * M/M/c queue of its cores: their results, the paths of the requests they answer, and the time
 * a request passing them all spends above the app servers. @internal
 */
export function evaluateFrontTiers(
  stack: StackAtLoad,
  front: FrontTiers,
): { steps: FrontStep[]; paths: Path[]; above: TimeMoments } {
  const steps: FrontStep[] = [];
  let above: TimeMoments = { meanSec: 0, varianceSec2: 0 };
  const passed = (step: FrontStep): void => {
    steps.push(step);
    above = step.above;
  };
  const { cache, loadBalancer, web } = front;
  // The share of the requests the cache passes on.
  const pass = cache ? 1 - cache.tier.hitRatio : 1;
  if (cache) passed(evaluateHttpCache(stack, cache));
  if (loadBalancer) passed(evaluateLoadBalancer(stack, loadBalancer, pass, above));
  if (web) passed(evaluateWeb(stack, web, pass, above));
  return { steps, paths: steps.flatMap((s) => s.paths), above };
}

/** The HTTP cache: every request, hits answered, misses passed on. */
function evaluateHttpCache(stack: StackAtLoad, cache: PlacedTier<HttpCacheTier>): FrontStep {
  const { tier } = cache;
  const units = stack.counts[cache.at]!.units;
  const service = tier.hitRatio * tier.hitTimeSec + (1 - tier.hitRatio) * tier.missTimeSec;
  const w = cappedStationWait({
    arrivalRatePerSec: stack.arrivalRatePerSec / units,
    serviceTimeSec: service,
    servers: tier.cores,
  });
  return {
    at: cache.at,
    result: linearTier(stack, cache, 1, service / units / tier.cores, w.meanSec + service),
    paths: [
      {
        share: tier.hitRatio,
        meanSec: w.meanSec + tier.hitTimeSec,
        varianceSec2: w.varianceSec2 + tier.hitTimeSec ** 2,
      },
    ],
    above: {
      meanSec: w.meanSec + tier.missTimeSec,
      varianceSec2: w.varianceSec2 + tier.missTimeSec ** 2,
    },
  };
}

/** The load balancer: the `pass` share of the requests, spread over its servers. */
function evaluateLoadBalancer(
  stack: StackAtLoad,
  lb: PlacedTier<LoadBalancerTier>,
  pass: number,
  above: TimeMoments,
): FrontStep {
  const { tier } = lb;
  const s = tier.serviceTimeSec;
  const { perServer, wait: w } = serverWait(stack, lb, pass, s);
  return {
    at: lb.at,
    result: linearTier(stack, lb, pass, (perServer * s) / tier.cores, w.meanSec + s),
    paths: [],
    above: then(above, w, s),
  };
}

/** The web servers: the `pass` share of the requests, static files answered, the rest proxied. */
function evaluateWeb(
  stack: StackAtLoad,
  web: PlacedTier<WebTier>,
  pass: number,
  above: TimeMoments,
): FrontStep {
  const { tier } = web;
  const staticShare = tier.staticFraction;
  const service = staticShare * tier.staticTimeSec + (1 - staticShare) * tier.serviceTimeSec;
  const { perServer, wait: w } = serverWait(stack, web, pass, service);
  const paths: Path[] = [];
  if (staticShare > 0) {
    paths.push({ share: pass * staticShare, ...then(above, w, tier.staticTimeSec) });
  }
  return {
    at: web.at,
    result: linearTier(stack, web, pass, (perServer * service) / tier.cores, w.meanSec + service),
    paths,
    above: then(above, w, tier.serviceTimeSec),
  };
}

/** The time `above`, then a wait `w`, then an exponential service of mean `serviceSec`. */
function then(above: TimeMoments, w: StationWait, serviceSec: number): TimeMoments {
  return {
    meanSec: above.meanSec + w.meanSec + serviceSec,
    varianceSec2: above.varianceSec2 + w.varianceSec2 + serviceSec ** 2,
  };
}
