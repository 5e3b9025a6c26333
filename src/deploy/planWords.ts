import type { UtilizationReason } from "./planStep.js";

// The planner's figures in the words of its trace and of its reasons for an infeasible plan:
// whole percents and milliseconds, so that a step reads at a glance.

/** A utilization in whole percents: `"108 %"`, `"∞"`. @internal */
export function wholePercent(utilization: number): string {
  return utilization === Infinity ? "∞" : `${Math.round(utilization * 100)} %`;
}

/** A duration in whole milliseconds: `"612 ms"`, `"∞"`. @internal */
export function wholeMilliseconds(seconds: number): string {
  return seconds === Infinity ? "∞" : `${Math.round(seconds * 1000)} ms`;
}

/** The name of a quantile: `"p99"` for 0.99, `"p99.9"` for 0.999. @internal */
export function quantileName(quantile: number): string {
  return `p${Math.round(quantile * 1e4) / 100}`;
}

/** A tier above the limit: `"database at 108 % > 80 %"`, `"app at ∞ after the loss of one app server > 80 %"`. @internal */
export function overLimitWords(
  over: Pick<UtilizationReason, "busyTier" | "busyUtilization" | "lost" | "maxUtilization">,
): string {
  const loss = over.lost === undefined ? "" : ` after the loss of ${over.lost}`;
  return `${over.busyTier} at ${wholePercent(over.busyUtilization)}${loss} > ${wholePercent(over.maxUtilization)}`;
}

/** The limits a plan keeps: `"within 80 % and p99 ≤ 500 ms"`, or `"within 80 %"` without the SLO. @internal */
export function limitsWords(
  maxUtilization: number,
  slo: { quantile: number; targetSec: number } | undefined,
): string {
  const quantile =
    slo === undefined
      ? ""
      : ` and ${quantileName(slo.quantile)} ≤ ${wholeMilliseconds(slo.targetSec)}`;
  return `within ${wholePercent(maxUtilization)}${quantile}`;
}
