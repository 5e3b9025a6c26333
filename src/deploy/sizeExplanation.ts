import { MAX_CORES } from "./deployment.js";
import { evaluateDeployment, type LoadInput } from "./evaluateDeployment.js";
import { familiesOf, type SizingQuestion } from "./sizeCandidates.js";
import { leastMachines, MAX_MACHINES, questionFor } from "./sizeMachines.js";
import { anythingFeasible, leastPassing, searchSizing, type FamilyResult } from "./sizeSearch.js";

/** A change that would make something meet the SLO (each one alone). */
export type SizingSuggestion =
  | { /** Spread the load over this many machines of this size. */ machines: number }
  | { /** The least response-time target some configuration meets. */ sloResponseTimeSec: number }
  | {
      /** Machine memory that fits the leanest configuration meeting the rest. */ memoryBytes: number;
    }
  | { /** Cores per machine that carry the load. */ cores: number };

/**
 * The figures behind a sizing, in numbers (the CLI words them): what the load needs against
 * what the machines have, and — when nothing is feasible — what would change that.
 */
export interface SizingExplanation {
  /**
   * Requests per second the load asks of all the machines: the arrival rate, or for a closed
   * load the most its clients can send, clients / (idle mean response time + think time).
   */
  demandPerSec: number;
  /** The least CPU time per request among the kinds (the model's `cpuSecPerRequest`), seconds. */
  cpuSecPerRequest: number;
  /** demandPerSec × cpuSecPerRequest: the cores the load keeps busy. */
  coresNeeded: number;
  /** Cores of all the machines: cores × machines. */
  coresPresent: number;
  /** coresNeeded / coresPresent, to hold against `maxCoreUtilization`. */
  coreUtilizationNeeded: number;
  /** The SLO's `maxCoreUtilization`. */
  maxCoreUtilization: number;
  /**
   * The least number of machines of this size, each taking an even share of the load, on which
   * something is feasible (at most the machines used when something is); undefined when no
   * number of machines helps (the SLO is below the idle floor, or nothing fits in memory).
   */
  machinesNeeded: number | undefined;
  /**
   * The SLO quantile of a lone request at zero load — its own CPU, I/O and hand-over time, no
   * wait — on the fastest kind: the floor no sizing beats, seconds.
   */
  idleQuantileSec: number;
  /**
   * Machine memory (with its reserve and headroom) that fits the leanest configuration meeting
   * everything but memory, bytes; undefined when none does.
   */
  memoryNeededBytes: number | undefined;
  /** The machine's memory, bytes. */
  memoryPresentBytes: number;
  /** What would meet the SLO, each alone (empty when something already does). */
  suggestions: SizingSuggestion[];
}

/** The floor and the CPU per request: each family's lone request at zero load, the best of them. */
function idleFigures(q: SizingQuestion) {
  let quantile = Infinity;
  let mean = Infinity;
  let cpu = Infinity;
  for (const f of familiesOf(q, 1)) {
    const e = evaluateDeployment({
      deployment: q.candidate(f.kind, 1, f.threadsOrConcurrency)!,
      app: q.app,
      machine: q.machine,
      load: { arrivalRatePerSec: 0 },
    });
    quantile = Math.min(quantile, e.responseTimeQuantileSec(q.quantile));
    mean = Math.min(mean, e.meanResponseTimeSec);
    cpu = Math.min(cpu, e.cpuSecPerRequest);
  }
  return { quantile, mean, cpu };
}

/** The least machine memory among the families' least process counts that meet all but memory. */
function memoryNeeded(q: SizingQuestion, families: readonly FamilyResult[]): number | undefined {
  const open = "arrivalRatePerSec" in q.load;
  const needs = families.flatMap((r) =>
    r.low !== undefined && (open || !r.low.reasons.includes("saturation"))
      ? [r.low.machineMemoryNeededBytes]
      : [],
  );
  const least = Math.min(...needs);
  return Number.isFinite(least) ? least : undefined;
}

/**
 * The least response-time target the search meets: the lowest quantile among the configurations
 * that meet everything else (the latency search evaluates each family's top, where its quantile
 * is lowest), or the next one up where the model's quantile is a hair off monotone in processes
 * (the switch to the approximation beyond one process per core) and the search would miss it.
 */
function leastTarget(q: SizingQuestion, total: LoadInput, machines: number): number | undefined {
  const relaxed = { ...questionFor(q, total, machines), targetSec: Infinity };
  const met = searchSizing(relaxed, "latency").probes.filter((p) => p.sized.feasible);
  const quantiles = [...new Set(met.map((p) => p.sized.quantileSec))].sort((a, b) => a - b);
  // Met at a larger target whenever at a smaller one: bisect over the list, O(log n) searches.
  const k = leastPassing(0, quantiles.length - 1, (j) =>
    anythingFeasible({ ...relaxed, targetSec: quantiles[j]! }),
  );
  return k === undefined ? undefined : quantiles[k];
}

/** The suggestions when nothing is feasible on `machines` machines. */
function suggestionsFor(
  q: SizingQuestion,
  total: LoadInput,
  machines: number,
  figures: Omit<SizingExplanation, "suggestions">,
): SizingSuggestion[] {
  const list: SizingSuggestion[] = [];
  if (figures.machinesNeeded !== undefined) list.push({ machines: figures.machinesNeeded });
  const slo = leastTarget(q, total, machines);
  if (slo !== undefined) list.push({ sloResponseTimeSec: slo });
  const memory = figures.memoryNeededBytes;
  if (memory !== undefined && memory > figures.memoryPresentBytes)
    list.push({ memoryBytes: memory });
  if (
    figures.maxCoreUtilization > 0 &&
    figures.coreUtilizationNeeded > figures.maxCoreUtilization
  ) {
    const perMachine = figures.coresNeeded / machines / figures.maxCoreUtilization;
    const from = Math.max(q.machine.cores + 1, Math.floor(perMachine));
    const to = Math.min(MAX_CORES, 4 * Math.max(from, 1));
    const withCores = (cores: number) =>
      anythingFeasible({
        ...questionFor(q, total, machines),
        machine: { ...q.machine, cores },
      });
    const cores = from <= to ? leastPassing(from, to, withCores) : undefined;
    if (cores !== undefined) list.push({ cores });
  }
  return list;
}

/**
 * The explanation of a sizing of `machines` machines sharing `total`; `families` is the search's
 * per-family result, `feasible` whether anything met the SLO.
 */
export function explainSizing(
  q: SizingQuestion,
  total: LoadInput,
  machines: number,
  families: readonly FamilyResult[],
  feasible: boolean,
): SizingExplanation {
  const idle = idleFigures(q);
  const demand =
    "arrivalRatePerSec" in total
      ? total.arrivalRatePerSec
      : total.clients / (idle.mean + total.thinkTimeSec);
  const coresPresent = q.machine.cores * machines;
  // No fewer machines keep the cores under the limit (less one: rounding must not skip the least).
  const ratio = (demand * idle.cpu) / (q.machine.cores * q.maxCoreUtilization);
  const byCores = ratio >= 0 ? Math.floor(ratio) : 0; // Infinity when no core use is allowed
  const figures = {
    demandPerSec: demand,
    cpuSecPerRequest: idle.cpu,
    coresNeeded: demand * idle.cpu,
    coresPresent,
    coreUtilizationNeeded: (demand * idle.cpu) / coresPresent,
    maxCoreUtilization: q.maxCoreUtilization,
    machinesNeeded: feasible
      ? machines === 1
        ? 1
        : (leastMachines(q, total, 1, machines) ?? machines)
      : leastMachines(q, total, Math.max(machines + 1, byCores), MAX_MACHINES),
    idleQuantileSec: idle.quantile,
    memoryNeededBytes: memoryNeeded(q, families),
    memoryPresentBytes: q.machine.memoryBytes,
  };
  return {
    ...figures,
    suggestions: feasible ? [] : suggestionsFor(q, total, machines, figures),
  };
}
