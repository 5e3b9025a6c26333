import { ModelInputError } from "../errors.js";
import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../validate.js";
import type { MemoryProfileInput } from "../python/profile.js";

/** RSS and PSS of a master and its P workers, as `ps`/`smem` or `/proc/<pid>/smaps_rollup` give them. */
export interface MemoryMeasurementInput {
  /** Workers running when measured. */
  workers: number;
  /** Mean RSS of a worker, bytes. */
  workerRssBytes: number;
  /** Mean PSS of a worker, bytes. */
  workerPssBytes: number;
  /** RSS of the process the workers were forked from (the master), bytes. */
  masterRssBytes: number;
}

/** Result of {@link fitMemoryProfile}. */
export interface FittedMemoryProfile {
  /** `processBaseBytes`, `interpreterBytes` and `sharedAfterForkFraction` for {@link memoryBudget}. */
  memory: MemoryProfileInput;
  /** Bytes each worker shares with its master and the other workers. */
  sharedBytes: number;
}

/**
 * A memory profile from one measurement of a master and its workers (no preload). A page shared
 * by the master and all P workers counts in full in each RSS and 1/(P + 1) in each PSS, so a
 * worker's RSS − PSS = s·P/(P + 1) gives the shared part s; the worker's RSS is the base and the
 * master's RSS the interpreter and server the workers were forked from. Measure idle workers (or
 * subtract the requests in flight) so the base holds no request's memory.
 *
 * @param input - Workers, their mean RSS and PSS, and the master's RSS.
 * @returns The profile and the shared bytes.
 * @throws {@link ModelInputError} when PSS exceeds RSS or a field is missing.
 * @example
 * ```ts
 * fitMemoryProfile({ workers: 4, workerRssBytes: MiB(25), workerPssBytes: MiB(8), masterRssBytes: MiB(29) }).memory.sharedAfterForkFraction; // => 0.85
 * ```
 */
export function fitMemoryProfile(input: MemoryMeasurementInput): FittedMemoryProfile {
  const model = "fitMemoryProfile";
  const o = assertObject(model, input, "input", [
    "workers",
    "workerRssBytes",
    "workerPssBytes",
    "masterRssBytes",
  ]);
  const p = assertInteger(model, "workers", o.workers, 1);
  const rss = assertPositive(model, "workerRssBytes", o.workerRssBytes);
  const pss = assertNonNegative(model, "workerPssBytes", o.workerPssBytes);
  const master = assertPositive(model, "masterRssBytes", o.masterRssBytes);
  if (pss > rss) {
    throw new ModelInputError(model, "workerPssBytes", pss, `at most workerRssBytes (${rss})`);
  }
  const shared = ((rss - pss) * (p + 1)) / p;
  return {
    memory: {
      processBaseBytes: rss,
      interpreterBytes: master,
      sharedAfterForkFraction: Math.min(1, shared / Math.min(master, rss)),
    },
    sharedBytes: shared,
  };
}
