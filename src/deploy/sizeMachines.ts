import type { LoadInput } from "./evaluateDeployment.js";
import type { SizingQuestion } from "./sizeCandidates.js";
import { anythingFeasible, leastPassing } from "./sizeSearch.js";

// Spreading a load over N machines of one size, and the least N that carries it. Internal.

/** The most machines a sizing considers. */
export const MAX_MACHINES = 1_000_000;

/**
 * The load of one of `machines` machines sharing `load` evenly: the arrival rate over N (and
 * ⌈connections/N⌉ keep-alive connections), or for a closed load ⌈clients/N⌉ clients (the busiest
 * machine's share).
 */
function loadPerMachine(load: LoadInput, machines: number): LoadInput {
  if ("arrivalRatePerSec" in load) {
    const rate = load.arrivalRatePerSec / machines;
    return load.connections === undefined
      ? { arrivalRatePerSec: rate }
      : { arrivalRatePerSec: rate, connections: Math.ceil(load.connections / machines) };
  }
  return { clients: Math.ceil(load.clients / machines), thinkTimeSec: load.thinkTimeSec };
}

/** The question for one of `machines` machines. */
export function questionFor(q: SizingQuestion, total: LoadInput, machines: number): SizingQuestion {
  return { ...q, load: loadPerMachine(total, machines) };
}

/**
 * The least N in [`from`, `to`] for which something is feasible on each of N machines (more
 * machines never hurt: each gets less load), or undefined. A closed load stops changing at one
 * client per machine.
 */
export function leastMachines(
  q: SizingQuestion,
  total: LoadInput,
  from: number,
  to: number,
): number | undefined {
  const most = "clients" in total ? Math.min(to, total.clients) : to;
  if (from > most) return undefined;
  const feasibleWith = (n: number) => anythingFeasible(questionFor(q, total, n));
  if (!feasibleWith(most)) return undefined;
  return leastPassing(Math.max(1, from), most, feasibleWith);
}
