import { quantileName, wholeMilliseconds } from "./planWords.js";
import type { PlanInput } from "./readPlanInput.js";
import type { SplitCheck } from "./sizeCandidates.js";
import type { StackEvaluation } from "./stack.js";

// Whether a plan meets its SLO only when each app server's keep-alive connections split evenly
// over its processes.

/**
 * The plan's SLO quantile, end to end at the peak, over the accept race's splits of each app server's
 * keep-alive connections (the stack's `spread`), where the plan's load has them
 * (`load.connections`) and the app servers pin them to more than one process; else undefined.
 * `evenSplitOnly` when the stack meets the SLO with an even split but not in the worst tenth of
 * the splits (their 90th percentile over the target). @internal
 */
export function planSplitCheck(given: PlanInput, atPeak: StackEvaluation): SplitCheck | undefined {
  const spread = atPeak.spread;
  if (spread === undefined) return undefined;
  const quantileSec = spread.responseTimeQuantileSec(given.quantile);
  const evenMeets = atPeak.responseTimeQuantileSec(given.quantile) <= given.targetSec;
  return {
    connections: spread.connectionsPerServer,
    quantileSec,
    likelySplit: spread.likelySplit,
    evenSplitOnly: evenMeets && !(quantileSec.p90 <= given.targetSec),
  };
}

/**
 * The warning for a plan that meets its SLO only under an even split: `the app meets p99 ≤ 250
 * ms only when each server's 16 keep-alive connections split evenly over its 4 processes: over
 * the splits its p99 is 80 ms, 1250 ms and ∞ (10th, 50th and 90th percentiles; likeliest split
 * 9 : 7 : 0 : 0).` No warning otherwise. @internal
 */
export function splitWarnings(given: PlanInput, check: SplitCheck | undefined): string[] {
  if (check === undefined || !check.evenSplitOnly) return [];
  const q = quantileName(given.quantile);
  const { p10, p50, p90 } = check.quantileSec;
  return [
    `the ${given.appName} meets ${q} ≤ ${wholeMilliseconds(given.targetSec)} only when each server's ${check.connections} keep-alive connections split evenly over its ${check.likelySplit.length} processes: over the splits its ${q} is ${wholeMilliseconds(p10)}, ${wholeMilliseconds(p50)} and ${wholeMilliseconds(p90)} (10th, 50th and 90th percentiles; likeliest split ${check.likelySplit.join(" : ")}).`,
  ];
}
