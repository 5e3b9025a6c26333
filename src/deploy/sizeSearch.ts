import { MAX_WORKERS } from "./deployment.js";
import {
  assess,
  familiesOf,
  type Family,
  type SizedDeployment,
  type SizingQuestion,
} from "./sizeCandidates.js";
import {
  comparatorOf,
  headroomPoints,
  LATENCY_TIE,
  MEMORY_TIE,
  tier,
  type SizingPreference,
} from "./sizeRanking.js";

// The search of sizeDeployment. Within one family (a kind with a thread count or concurrency)
// more processes give more capacity and lower latency but take more memory, so the process
// counts that pass the "up" tests (stable, under the SLO, cores not too busy for an open load,
// no thrashing) are p >= pLow and those that pass the "down" tests (memory; cores not too busy
// for a closed load, whose throughput grows with p) are p <= pHigh: the feasible ones are
// pLow…pHigh. Galloping then bisection finds each end and, for the preference, the point of the
// range the ranking would pick, in O(log P) evaluations per family.

/** One evaluated point: its family (index in the search) and process count. */
export interface Probe {
  family: number;
  processes: number;
  sized: SizedDeployment;
}

/** What the search found in one family. */
export interface FamilyResult {
  family: Family;
  /** Least process count passing the up tests, or undefined. */
  low: SizedDeployment | undefined;
  /** Whether `low` passes the down tests too (the family has feasible configurations). */
  feasible: boolean;
}

/** What {@link searchSizing} returns: every evaluated point, and each family's least. */
export interface SearchResult {
  probes: Probe[];
  families: FamilyResult[];
}

const isOpen = (q: SizingQuestion): boolean => "arrivalRatePerSec" in q.load;

/** Passes the tests that more processes help: stable, under the SLO, no thrashing. */
export function passesUp(q: SizingQuestion, c: SizedDeployment): boolean {
  const r = c.reasons;
  return !r.includes("slo") && !r.includes("thrashing") && !(isOpen(q) && r.includes("saturation"));
}

/** Passes the tests that more processes hurt: memory (and a closed load's busy cores). */
export function passesDown(q: SizingQuestion, c: SizedDeployment): boolean {
  return !c.reasons.includes("memory") && !(!isOpen(q) && c.reasons.includes("saturation"));
}

/** The least p in [lo, hi] that passes (passing is monotone: false…true), or undefined. */
export function leastPassing(
  lo: number,
  hi: number,
  passes: (p: number) => boolean,
): number | undefined {
  let failing = lo - 1;
  let p = lo;
  let step = 1;
  while (!passes(p)) {
    failing = p;
    if (p >= hi) return undefined;
    p = Math.min(hi, p + step);
    step *= 2;
  }
  while (p - failing > 1) {
    const mid = Math.floor((failing + p) / 2);
    if (passes(mid)) p = mid;
    else failing = mid;
  }
  return p;
}

/** The greatest p in [lo, hi] that passes, given that lo does (passing is monotone: true…false). */
export function greatestPassing(lo: number, hi: number, passes: (p: number) => boolean): number {
  let ok = lo;
  let step = 1;
  while (ok < hi) {
    const p = Math.min(hi, ok + step);
    if (!passes(p)) {
      let failing = p;
      while (failing - ok > 1) {
        const mid = Math.floor((ok + failing) / 2);
        if (passes(mid)) ok = mid;
        else failing = mid;
      }
      return ok;
    }
    ok = p;
    step *= 2;
  }
  return ok;
}

/** The evaluations of one family, each process count evaluated once. */
function familyProbe(q: SizingQuestion, family: Family, index: number, probes: Probe[]) {
  const seen = new Map<number, SizedDeployment>();
  return (processes: number): SizedDeployment => {
    let sized = seen.get(processes);
    if (sized === undefined) {
      sized = assess(q, q.candidate(family.kind, processes, family.threadsOrConcurrency));
      seen.set(processes, sized);
      probes.push({ family: index, processes, sized });
    }
    return sized;
  };
}

/** Each family's least process count passing the up tests, and whether it is feasible. */
function lowEnds(q: SizingQuestion, families: Family[], probes: Probe[], stopAtFirst: boolean) {
  const results: FamilyResult[] = [];
  const at: ((p: number) => SizedDeployment)[] = [];
  const lows: number[] = [];
  for (const [index, family] of families.entries()) {
    const probe = familyProbe(q, family, index, probes);
    const low = leastPassing(1, family.maxProcesses, (p) => passesUp(q, probe(p)));
    const sized = low === undefined ? undefined : probe(low);
    const feasible = sized !== undefined && passesDown(q, sized);
    results.push({ family, low: sized, feasible });
    at.push(probe);
    lows.push(low ?? 0);
    if (stopAtFirst && feasible) break;
  }
  return { results, at, lows };
}

/** True when some configuration meets everything (stops at the first feasible family). */
export function anythingFeasible(q: SizingQuestion): boolean {
  const { results } = lowEnds(q, familiesOf(q.kinds, q.machine.cores), [], true);
  return results.some((r) => r.feasible);
}

/**
 * Searches every family: its least feasible process count, then the points the preference's
 * ranking can pick (the end of the cheapest memory tier and the least process count there with
 * its best headroom; or the top of the range and the least count as fast or as roomy).
 */
export function searchSizing(q: SizingQuestion, prefer: SizingPreference): SearchResult {
  const families = familiesOf(q.kinds, q.machine.cores);
  const probes: Probe[] = [];
  const { results, at, lows } = lowEnds(q, families, probes, false);
  const live = results.flatMap((r, i) => (r.feasible ? [i] : []));
  const down = (i: number) => (p: number) => passesDown(q, at[i]!(p));
  const top = (i: number) => greatestPassing(lows[i]!, families[i]!.maxProcesses, down(i));
  if (prefer === "memory") {
    const cheapest = Math.min(...live.map((i) => at[i]!(lows[i]!).pssBytes));
    const inTier = (i: number) => (p: number) =>
      down(i)(p) && tier(at[i]!(p).pssBytes, cheapest, MEMORY_TIE) === 0;
    for (const i of live) {
      if (!inTier(i)(lows[i]!)) continue;
      const end = greatestPassing(lows[i]!, families[i]!.maxProcesses, inTier(i));
      const best = headroomPoints(at[i]!(end));
      leastPassing(lows[i]!, end, (p) => headroomPoints(at[i]!(p)) >= best);
    }
  } else if (prefer === "headroom" || prefer === "latency") {
    const tops = live.map((i) => at[i]!(top(i)));
    const most = Math.max(...tops.map(headroomPoints));
    const fastest = Math.min(...tops.map((c) => c.quantileSec));
    for (const [k, i] of live.entries()) {
      const good =
        prefer === "headroom"
          ? (c: SizedDeployment) => headroomPoints(c) >= most
          : (c: SizedDeployment) => tier(c.quantileSec, fastest, LATENCY_TIE) === 0;
      if (good(tops[k]!)) leastPassing(lows[i]!, top(i), (p) => good(at[i]!(p)));
    }
  }
  return { probes, families: results };
}

/**
 * The feasible probes ranked by the preference (best first). The tiers' bases are taken at the
 * ends of each family's range: the least memory at its fewest processes, the fastest quantile at
 * its most (where the quantile levels off, its last digits are noise that must not move a base).
 */
export function rankProbes(probes: readonly Probe[], prefer: SizingPreference): Probe[] {
  const feasible = probes.filter((p) => p.sized.feasible);
  const fewest = new Map<number, Probe>();
  const most = new Map<number, Probe>();
  for (const p of feasible) {
    if (!(p.processes >= (fewest.get(p.family)?.processes ?? Infinity))) fewest.set(p.family, p);
    if (!(p.processes <= (most.get(p.family)?.processes ?? 0))) most.set(p.family, p);
  }
  const cheapest = Math.min(...[...fewest.values()].map((p) => p.sized.pssBytes));
  const fastest = Math.min(...[...most.values()].map((p) => p.sized.quantileSec));
  const position = new Map(
    feasible.map((p) => [p.sized, p.family * (MAX_WORKERS + 1) + p.processes]),
  );
  const compare = comparatorOf(prefer, cheapest, fastest, (c) => position.get(c) ?? 0);
  return feasible.sort((a, b) => compare(a.sized, b.sized));
}
