import { assertFraction, assertNonNegative, assertObject } from "../validate.js";
import { KiB, MiB } from "../units.js";

/** Memory of a Python web worker process, the parts a capacity plan needs. */
export interface MemoryProfileInput {
  /**
   * Resident memory of an idle worker: interpreter plus imported application, bytes.
   * @defaultValue 40 MiB — the per-worker allowance of Red Hat's Python S2I image for Django
   *   ("at least 43 MiB and additional 40 MiB for every worker", sclorg/s2i-python-container);
   *   a Django example there measured 30 MiB per gunicorn worker. Large applications are far
   *   bigger (Instagram's Django workers started at 250 MB).
   */
  processBaseBytes?: number;
  /**
   * Resident memory of a bare interpreter (a master process that has not imported the app).
   * @defaultValue 12 MiB — measured bare CPython 3 processes are 8–13 MiB.
   */
  interpreterBytes?: number;
  /**
   * Resident memory added by each worker thread, bytes. Linux reserves 8 MiB of virtual stack per
   * thread but only touched pages count.
   * @defaultValue 64 KiB — about 20 KiB for a native thread (kernel and touched stack) plus
   *   CPython's 16 KiB data-stack chunk (3.11+), rounded up for the thread state; an assumption
   *   to calibrate, not a measurement.
   */
  perThreadBytes?: number;
  /**
   * Memory held by one request while in flight (its objects), bytes.
   * @defaultValue 1 MiB — no published figure; an assumption to calibrate.
   */
  perRequestBytes?: number;
  /**
   * Fraction of the master's pages at fork time — the interpreter and the server itself,
   * `interpreterBytes` — that its workers keep sharing copy-on-write: code, shared libraries and
   * objects nobody writes to.
   * @defaultValue 0.85 — measured by the lab (data/lab-2026-11-27-2.jsonl): gunicorn 20.1 sync
   *   workers on Debian's Python 3.11 shared 21.6–22.3 MiB of their 25 MiB RSS with the master
   *   (from RSS and PSS with 1, 2 and 4 workers: `npm run lab:report`), 0.86–0.89 of a worker.
   */
  sharedAfterForkFraction?: number;
  /**
   * Fraction of the application's part of the base (`processBaseBytes − interpreterBytes`) that
   * stays shared copy-on-write between a master that loaded
   * the application before forking (gunicorn `--preload`, uWSGI without `lazy-apps`) and its
   * workers, once reference counting and the garbage collector have touched what they touch.
   * @defaultValue 0.56 — Instagram measured shared memory falling from 250 MB to about 140 MB
   *   within seconds of forking (and staying near 225 MB with the collector disabled).
   */
  sharedAfterPreloadFraction?: number;
  /**
   * Resident growth per request served (fragmentation, caches, leaks), bytes; what worker
   * recycling (`max_requests`, `maximum-requests`) exists for.
   * @defaultValue 0
   */
  growthPerRequestBytes?: number;
}

/** A validated memory profile with every default filled in. */
export type MemoryProfile = Required<MemoryProfileInput>;

/** The defaults of {@link MemoryProfileInput}, with their sources in its field docs. */
export const DEFAULT_MEMORY_PROFILE: MemoryProfile = {
  processBaseBytes: MiB(40),
  interpreterBytes: MiB(12),
  perThreadBytes: KiB(64),
  perRequestBytes: MiB(1),
  sharedAfterForkFraction: 0.85,
  sharedAfterPreloadFraction: 0.56,
  growthPerRequestBytes: 0,
};

/** Validates a memory profile and fills its defaults. */
export function readMemoryProfile(model: string, field: string, value: unknown): MemoryProfile {
  const o =
    value === undefined
      ? {}
      : assertObject(model, value, field, Object.keys(DEFAULT_MEMORY_PROFILE));
  const read = (key: keyof MemoryProfile): number => {
    const v = o[key];
    return v === undefined
      ? DEFAULT_MEMORY_PROFILE[key]
      : assertNonNegative(model, `${field}.${key}`, v);
  };
  const fraction = (key: "sharedAfterForkFraction" | "sharedAfterPreloadFraction"): number =>
    o[key] === undefined
      ? DEFAULT_MEMORY_PROFILE[key]
      : assertFraction(model, `${field}.${key}`, o[key]);
  return {
    processBaseBytes: read("processBaseBytes"),
    interpreterBytes: read("interpreterBytes"),
    perThreadBytes: read("perThreadBytes"),
    perRequestBytes: read("perRequestBytes"),
    sharedAfterForkFraction: fraction("sharedAfterForkFraction"),
    sharedAfterPreloadFraction: fraction("sharedAfterPreloadFraction"),
    growthPerRequestBytes: read("growthPerRequestBytes"),
  };
}
