import { assertInteger, assertObject } from "../validate.js";
import { memoryBudget, type MemoryBudgetInput } from "./memoryBudget.js";

/**
 * The most worker processes whose memory fits the machine with the headroom asked for (each
 * with every thread busy), or 0 when not even one fits. Memory grows linearly with the number
 * of processes, so the answer is found by bisection on {@link memoryBudget}.
 *
 * @param input - As {@link memoryBudget}, without `processes` and `inFlight`.
 * @returns The largest P for which `memoryBudget(...).fits` holds (at most 100,000).
 * @throws {@link ModelInputError} for invalid inputs.
 * @example
 * ```ts
 * maxProcesses({ threadsPerProcess: 1, preload: false, machine: { memoryBytes: MiB(2048) } }); // => 44
 * ```
 */
export function maxProcesses(input: Omit<MemoryBudgetInput, "processes" | "inFlight">): number {
  const o = assertObject("maxProcesses", input, "input", [
    "memory",
    "threadsPerProcess",
    "preload",
    "masterProcess",
    "maxRequestsPerProcess",
    "machine",
    "headroomFraction",
  ]);
  const threads =
    o.threadsPerProcess === undefined
      ? 1
      : assertInteger("maxProcesses", "threadsPerProcess", o.threadsPerProcess, 1);
  const fits = (processes: number): boolean =>
    memoryBudget({ ...input, processes, threadsPerProcess: threads }).fits;
  if (!fits(1)) return 0;
  let lo = 1;
  let hi = 2;
  while (hi <= 100_000 && fits(hi)) {
    lo = hi;
    hi *= 2;
  }
  hi = Math.min(hi, 100_001);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
