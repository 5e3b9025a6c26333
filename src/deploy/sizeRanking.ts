import type { SizedDeployment } from "./sizeCandidates.js";

/**
 * What a sizing optimizes: `"memory"` (the least memory, ties within 2 % broken by headroom),
 * `"latency"` (the lowest SLO quantile), `"headroom"` (the most spare capacity) or `"cost"` (the
 * fewest machines, then the least memory).
 */
export type SizingPreference = "memory" | "latency" | "headroom" | "cost";

/** The ranking a sizing used: its goal and the rule in words. */
export interface SizingRanking {
  prefer: SizingPreference;
  rule: string;
}

export const PREFERENCES: readonly SizingPreference[] = ["memory", "latency", "headroom", "cost"];

/** Memory within this share of the cheapest counts as equal (`"memory"`). */
export const MEMORY_TIE = 0.02;
/** A quantile within this share of the fastest counts as equal (`"latency"`). */
export const LATENCY_TIE = 0.01;

const RULES: Record<SizingPreference, string> = {
  memory:
    "least memory (within 2 % counts as equal), then most headroom (to the point), then least memory, then lowest quantile: memory is what limits processes on most machines",
  latency:
    "lowest quantile (within 1 % counts as equal), then least memory, then most headroom: the fastest answers, for the least memory that gives them",
  headroom:
    "most headroom (to the point), then least memory, then lowest quantile: the most spare capacity for spikes",
  cost: "fewest machines, then least memory, then most headroom, then lowest quantile: the cheapest to run",
};

/** The ranking of a preference. */
export const rankingOf = (prefer: SizingPreference): SizingRanking => ({
  prefer,
  rule: RULES[prefer],
});

const order = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Headroom to the percentage point (Infinity at zero load stays Infinity). */
export const headroomPoints = (c: SizedDeployment): number => Math.round(c.headroom * 100);

/**
 * Steps of `share` above `best`: 0 for `best` itself, anything less than `share` above it, and
 * anything below it (a base taken where a quantile levels off may sit a hair above its minimum).
 */
export const tier = (value: number, best: number, share: number): number =>
  Math.max(0, Math.floor((value - best) / (share * best)));

/**
 * The comparator of a preference: `cheapestBytes` and `fastestSec` are the least memory and the
 * lowest quantile among the feasible configurations (the tiers' bases); `position` is the last
 * tie-break (the order of the search's families and process counts), so the order is total.
 */
export function comparatorOf(
  prefer: SizingPreference,
  cheapestBytes: number,
  fastestSec: number,
  position: (c: SizedDeployment) => number,
): (a: SizedDeployment, b: SizedDeployment) => number {
  const memory = (a: SizedDeployment, b: SizedDeployment) => order(a.pssBytes, b.pssBytes);
  const headroom = (a: SizedDeployment, b: SizedDeployment) =>
    order(headroomPoints(b), headroomPoints(a));
  const quantile = (a: SizedDeployment, b: SizedDeployment) => order(a.quantileSec, b.quantileSec);
  const last = (a: SizedDeployment, b: SizedDeployment) => order(position(a), position(b));
  if (prefer === "memory") {
    const t = (c: SizedDeployment) => tier(c.pssBytes, cheapestBytes, MEMORY_TIE);
    return (a, b) =>
      order(t(a), t(b)) || headroom(a, b) || memory(a, b) || quantile(a, b) || last(a, b);
  }
  if (prefer === "latency") {
    const t = (c: SizedDeployment) => tier(c.quantileSec, fastestSec, LATENCY_TIE);
    return (a, b) => order(t(a), t(b)) || memory(a, b) || headroom(a, b) || last(a, b);
  }
  if (prefer === "headroom") {
    return (a, b) => headroom(a, b) || memory(a, b) || quantile(a, b) || last(a, b);
  }
  // One sizing has one machine count: the fewest machines is settled before ranking.
  return (a, b) => memory(a, b) || headroom(a, b) || quantile(a, b) || last(a, b);
}
