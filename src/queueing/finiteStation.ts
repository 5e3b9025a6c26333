import { compensatedSum } from "../math/sum.js";
import { queueResult } from "./distribution.js";
import { fifoSojourn } from "./fifoSojourn.js";
import type { QueueResult } from "./types.js";

/**
 * Assembles the result of a finite birth–death station (M/M/c/K, M/M/c/K/K) from its state
 * probabilities `p[0…K]` and the distribution `seen[0…K−1]` of the number of requests that an
 * accepted arrival finds.
 */
export function finiteStationResult(
  name: string,
  model: string,
  p: Float64Array,
  seen: Float64Array,
  servers: number,
  serviceTimeSec: number,
  rates: { offeredLoad: number; blockingProbability: number },
): QueueResult {
  const c = servers;
  const capacity = p.length - 1;
  const busy = new Float64Array(p.length);
  const inSystem = new Float64Array(p.length);
  const waiting = new Float64Array(p.length);
  for (let n = 0; n <= capacity; n++) {
    const pn = p[n] ?? 0;
    busy[n] = Math.min(n, c) * pn;
    inSystem[n] = n * pn;
    waiting[n] = Math.max(0, n - c) * pn;
  }
  const meanBusy = compensatedSum(busy);
  const meanInSystem = compensatedSum(inSystem);
  for (let n = 0; n <= capacity; n++) inSystem[n] = (n - meanInSystem) ** 2 * (p[n] ?? 0);
  const sojourn = fifoSojourn(seen, c, serviceTimeSec);
  return queueResult(
    name,
    { model, method: "exact", distribution: "exact", servers: c },
    {
      stable: true,
      utilization: Math.min(1, meanBusy / c), // rounding can push a saturated sum past 1
      offeredLoad: rates.offeredLoad,
      throughputPerSec: meanBusy / serviceTimeSec,
      probabilityOfWaiting: sojourn.probabilityOfWaiting,
      blockingProbability: rates.blockingProbability,
      meanInSystem,
      meanQueueLength: compensatedSum(waiting),
      meanResponseTimeSec: sojourn.meanResponseTimeSec,
      meanWaitSec: sojourn.meanWaitSec,
      varianceInSystem: compensatedSum(inSystem),
      responseTimeVarianceSec2: sojourn.responseTimeVarianceSec2,
    },
    {
      stateProbability: (n) => p[n] ?? 0,
      waitSurvival: sojourn.waitSurvival,
      responseSurvival: sojourn.responseSurvival,
      scaleSec: sojourn.meanResponseTimeSec,
    },
  );
}

/**
 * `values[0…length)` divided by their sum. A sum of 0 (every accepted arrival's chance
 * underflowed: a load so high that the station is always full) is the limit of that load: an
 * arrival that gets in finds the last state.
 */
export function normalized(values: Float64Array): Float64Array {
  const total = compensatedSum(values);
  if (!(total > 0)) return values.map((_, i) => (i === values.length - 1 ? 1 : 0));
  return values.map((v) => v / total);
}
