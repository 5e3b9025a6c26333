import { gammaSurvival } from "../math/gamma.js";
import type { QueueResponse } from "./queueResponse.js";
import type { ResponseComponent } from "./serverSolution.js";

/**
 * The response-time law of the server as a mixture of gamma laws. Each queue's response time:
 * with probability 1 − P(wait) only the hold in a thread, else the hold plus the wait, each a
 * gamma law on its mean and variance; `weight` is the queue's share of the requests.
 */
export function responseComponents(
  queues: readonly (QueueResponse & { weight: number })[],
  hopSec: number,
): ResponseComponent[] {
  const components: ResponseComponent[] = [];
  for (const q of queues) {
    const pw = q.waitProbability;
    const holdMean = q.holdSec;
    const holdVariance = Math.max(
      0,
      q.varianceSec2 - pw * (q.waitVarianceSec2 + q.waitMeanSec ** 2) + (pw * q.waitMeanSec) ** 2,
    );
    components.push({
      weight: q.weight * (1 - pw),
      meanSec: hopSec + holdMean,
      varianceSec2: holdVariance,
    });
    if (pw > 0) {
      components.push({
        weight: q.weight * pw,
        meanSec: hopSec + holdMean + q.waitMeanSec,
        varianceSec2: holdVariance + q.waitVarianceSec2,
      });
    }
  }
  return components;
}

/**
 * P(R > t) of the mixture, whose components all include the fixed hop: each gamma law is taken
 * on the time after the hop (R = hop + a gamma law).
 */
export function mixtureSurvival(
  components: readonly ResponseComponent[],
  hopSec: number,
): (t: number) => number {
  return (t) => {
    let s = 0;
    for (const c of components) {
      s += c.weight * gammaSurvival(c.meanSec - hopSec, c.varianceSec2, t - hopSec);
    }
    return s;
  };
}
