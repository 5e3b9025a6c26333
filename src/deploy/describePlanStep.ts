import type { PlanStep } from "./planStep.js";
import { limitsWords, overLimitWords, quantileName, wholeMilliseconds } from "./planWords.js";

/**
 * Why a step of {@link planCapacity}'s trace was taken, in words: the figures of its
 * {@link PlanReason} in whole percents and milliseconds, as `pywebperf plan` prints them.
 *
 * - `"utilization"`: `database at 108 % > 80 %`, under N+1 `app at 326 % after the loss of one app server > 80 %`;
 * - `"slo"`: `p99 612 ms > 500 ms`;
 * - `"trim"`: `still within 80 % and p99 ≤ 500 ms`;
 * - `"minimum"`: `kept at 2 by minReplicas (one fewer would be within 80 % and p99 ≤ 500 ms)`.
 *
 * @param step - A step of `plan.trace`.
 * @returns The reason in words, without the tier's name for a minimum (`"database kept at …"`
 *   puts it in front).
 * @example
 * ```ts
 * const plan = planCapacity({ stack: { tiers: [{ kind: "app", deployment: { kind: "prefork", processes: 4 } }] }, app: { cpuTimeSec: 0.02, ioTimeSec: 0 }, machine: { cores: 4, memoryBytes: 8 * 2 ** 30 }, load: { arrivalRatePerSec: 300 }, slo: { responseTimeSec: 1 } });
 * plan.trace[0].reason; // => "utilization"
 * describePlanStep(plan.trace[0]); // => "app at 150 % > 80 %"
 * ```
 */
export function describePlanStep(step: PlanStep): string {
  switch (step.reason) {
    case "utilization":
      return overLimitWords(step);
    case "slo":
      return `${quantileName(step.quantile)} ${wholeMilliseconds(step.quantileBeforeSec)} > ${wholeMilliseconds(step.targetSec)}`;
    case "trim":
      return `still ${limitsWords(step.maxUtilization, step)}`;
    case "minimum":
      return `kept at ${step.keptAt} by ${step.field} (one fewer would be ${limitsWords(step.maxUtilization, step.sloChecked ? step : undefined)})`;
  }
}
