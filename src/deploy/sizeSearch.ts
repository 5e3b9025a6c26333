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
function passesUp(q: SizingQuestion, c: SizedDeployment): boolean {
  const r = c.reasons;
  return !r.includes("slo") && !r.includes("thrashing") && !(isOpen(q) && r.includes("saturation"));
}

/** Passes the tests that more processes hurt: memory (and a closed load's busy cores). */
function passesDown(q: SizingQuestion, c: SizedDeployment): boolean {
  return !c.reasons.includes("memory") && !(!isOpen(q) && c.reasons.includes("saturation"));
}

/**
 * The least p in [lo, hi] that passes (passing is monotone: false…true), or undefined; also
 * undefined as soon as `hopeless(failed, next)` says that, both failing, nothing further will pass.
 */
export function leastPassing(
  lo: number,
  hi: number,
  passes: (p: number) => boolean,
  hopeless: (failed: number, next: number) => boolean = () => false,
): number | undefined {
  let failing = lo - 1;
  let p = lo;
  let step = 1;
  while (!passes(p)) {
    if (failing >= lo && hopeless(failing, p)) return undefined;
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

/** Gains of the quantile below this share per doubling of processes count as none. */
const NO_GAIN = 1e-3;

/**
 * Whether a family that fails the up tests at p₁ and at p₂ ≈ 2·p₁ will fail them at every p: the
 * cores too busy for an open load (its core use does not depend on processes), thrashing (nor
 * does that), or a quantile that doubling the processes no longer lowers — which also stops the
 * search before it evaluates thousands of idle processes on a machine of thousands of cores.
 */
function hopeless(q: SizingQuestion, first: SizedDeployment, second: SizedDeployment): boolean {
  const stable = Number.isFinite(second.quantileSec);
  if (second.reasons.includes("thrashing")) return true;
  if (stable && isOpen(q) && second.reasons.includes("saturation")) return true;
  return (
    stable &&
    Number.isFinite(first.quantileSec) &&
    second.quantileSec >= first.quantileSec * (1 - NO_GAIN)
  );
}

/**
 * The greatest p in [lo, hi] that passes, given that lo does (passing is monotone: true…false);
 * or the last one before `settled(ok, next)` says that going on gains nothing.
 */
export function greatestPassing(
  lo: number,
  hi: number,
  passes: (p: number) => boolean,
  settled: (ok: number, next: number) => boolean = () => false,
): number {
  let ok = lo;
  let step = 1;
  while (ok < hi) {
    const p = Math.min(hi, ok + step);
    if (passes(p) && settled(ok, p)) return ok;
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

/** A stretch of process counts within which the model's figures are monotone. */
interface Segment {
  lo: number;
  hi: number;
}

/**
 * lo…hi cut where the model changes regime, each piece monotone on its own: past P·T = cores
 * (the exact M/M/c law gives way to the mixture) and past P = cores (GIL holders share cores).
 */
function segments(lo: number, hi: number, family: Family, cores: number): Segment[] {
  const cuts = [Math.floor(cores / family.threadsOrConcurrency), cores].filter(
    (c) => c >= lo && c < hi,
  );
  const ends = [...new Set(cuts)].sort((a, b) => a - b);
  const list: Segment[] = [];
  let from = lo;
  for (const end of ends) {
    list.push({ lo: from, hi: end });
    from = end + 1;
  }
  list.push({ lo: from, hi });
  return list;
}

/**
 * The least p whose score reaches `target`, a score non-decreasing within each segment: the
 * first segment whose top reaches it, bisected.
 */
function leastReaching(
  parts: readonly Segment[],
  score: (p: number) => number,
  target: number,
): number | undefined {
  for (const g of parts) {
    if (score(g.hi) >= target) return leastPassing(g.lo, g.hi, (p) => score(p) >= target);
  }
  return undefined;
}

/** The evaluations of one family, each process count evaluated once. */
function familyProbe(q: SizingQuestion, family: Family, index: number, probes: Probe[]) {
  const seen = new Map<number, SizedDeployment>();
  return (processes: number): SizedDeployment => {
    let sized = seen.get(processes);
    if (sized === undefined) {
      // Defined: the family's kind runs at one process, and processes do not change that.
      sized = assess(q, q.candidate(family.kind, processes, family.threadsOrConcurrency)!);
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
    const low = leastPassing(
      1,
      family.maxProcesses,
      (p) => passesUp(q, probe(p)),
      (a, b) => hopeless(q, probe(a), probe(b)),
    );
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
  const { results } = lowEnds(q, familiesOf(q, q.machine.cores), [], true);
  return results.some((r) => r.feasible);
}

/**
 * Searches every family: its least feasible process count, then the points the preference's
 * ranking can pick (the end of the cheapest memory tier and the least process count there with
 * its best headroom; or the top of the range and the least count as fast or as roomy).
 */
export function searchSizing(q: SizingQuestion, prefer: SizingPreference): SearchResult {
  const families = familiesOf(q, q.machine.cores);
  const probes: Probe[] = [];
  const { results, at, lows } = lowEnds(q, families, probes, false);
  const live = results.flatMap((r, i) => (r.feasible ? [i] : []));
  const down = (i: number) => (p: number) => passesDown(q, at[i]!(p));
  const hp = (i: number) => (p: number) => headroomPoints(at[i]!(p));
  // The top of a family's range, or where doubling its processes past the cores (and so past the
  // model's changes of regime) stops improving what the ranking looks at.
  const better = (i: number) => (a: number, b: number) =>
    prefer === "headroom"
      ? hp(i)(b) > hp(i)(a)
      : at[i]!(b).quantileSec < at[i]!(a).quantileSec * (1 - NO_GAIN);
  const top = (i: number) =>
    greatestPassing(
      lows[i]!,
      families[i]!.maxProcesses,
      down(i),
      (ok, next) => ok > q.machine.cores && !better(i)(ok, next),
    );
  if (prefer === "memory") {
    const cheapest = Math.min(...live.map((i) => at[i]!(lows[i]!).pssBytes));
    const inTier = (i: number) => (p: number) =>
      down(i)(p) && tier(at[i]!(p).pssBytes, cheapest, MEMORY_TIE) === 0;
    for (const i of live) {
      if (!inTier(i)(lows[i]!)) continue;
      const end = greatestPassing(lows[i]!, families[i]!.maxProcesses, inTier(i));
      const parts = segments(lows[i]!, end, families[i]!, q.machine.cores);
      leastReaching(parts, hp(i), Math.max(...parts.map((g) => hp(i)(g.hi))));
    }
  } else if (prefer === "headroom") {
    const parts = live.map((i) => segments(lows[i]!, top(i), families[i]!, q.machine.cores));
    const most = Math.max(...live.flatMap((i, k) => parts[k]!.map((g) => hp(i)(g.hi))));
    for (const [k, i] of live.entries()) leastReaching(parts[k]!, hp(i), most);
  } else if (prefer === "latency") {
    const quantile = (i: number) => (p: number) => at[i]!(p).quantileSec;
    const parts = live.map((i) => segments(lows[i]!, top(i), families[i]!, q.machine.cores));
    const fastest = Math.min(...live.flatMap((i, k) => parts[k]!.map((g) => quantile(i)(g.hi))));
    for (const [k, i] of live.entries()) {
      const good = (p: number) => (tier(quantile(i)(p), fastest, LATENCY_TIE) === 0 ? 1 : 0);
      leastReaching(parts[k]!, good, 1);
    }
  }
  return { probes, families: results };
}

/**
 * The feasible probes ranked by the preference (best first); the tiers' bases are the least
 * memory (at each family's fewest processes) and the lowest quantile.
 */
export function rankProbes(probes: readonly Probe[], prefer: SizingPreference): Probe[] {
  const feasible = probes.filter((p) => p.sized.feasible);
  const cheapest = Math.min(...feasible.map((p) => p.sized.pssBytes));
  const fastest = Math.min(...feasible.map((p) => p.sized.quantileSec));
  const position = new Map(
    feasible.map((p) => [p.sized, p.family * (MAX_WORKERS + 1) + p.processes]),
  );
  const compare = comparatorOf(prefer, cheapest, fastest, (c) => position.get(c) ?? 0);
  return feasible.sort((a, b) => compare(a.sized, b.sized));
}
