import { ModelInputError } from "../errors.js";
import { assertKnownFields, assertNonNegative, assertObject, assertPositive } from "../validate.js";

/**
 * The counters of memcached's `stats` command that {@link fitMemcacheTier} reads, in memcached's
 * own names, over a measured window (the difference of two reads).
 */
export interface MemcachedStats {
  cmd_get: number;
  get_hits: number;
  /** @defaultValue 0 */
  cmd_set?: number;
  /** CPU seconds in user mode. */
  rusage_user?: number;
  /** CPU seconds in system mode. */
  rusage_system?: number;
}

/** Input of {@link fitMemcacheTier}. */
export interface FitMemcacheTierInput {
  /** memcached's `stats` over the window (every server's added together). */
  stats: MemcachedStats;
  /** Requests the application answered in the same window. */
  requests: number;
}

/** Result of {@link fitMemcacheTier}: the fields of a stack's `memcache` tier. */
export interface FittedMemcacheTier {
  /** Lookups per request (`lookupsPerRequest`): `cmd_get` ÷ requests. */
  lookupsPerRequest: number;
  /** Share of the lookups that hit (`hitRatio`): `get_hits` ÷ `cmd_get`. */
  hitRatio: number;
  /** memcached's CPU per lookup, seconds (`cpuTimeSec`), the sets that follow misses included; 0 without `rusage_*`. */
  cpuTimeSec: number;
  /** Sets per lookup: the misses written back (cache-aside), or more when the app writes through. */
  setsPerLookup: number;
}

/**
 * A stack's memcache tier from memcached's own `stats` over a window: lookups per request, the
 * hit ratio, and the CPU per lookup by the utilization law (`rusage_user` + `rusage_system` ÷
 * `cmd_get`, so the sets a cache-aside application makes after its misses are charged to the
 * lookups that caused them).
 *
 * @param input - The counters over the window and the requests answered in it.
 * @returns The tier's `lookupsPerRequest`, `hitRatio` and `cpuTimeSec`.
 * @throws {@link ModelInputError} naming the field, e.g. `stats.get_hits` above `cmd_get`.
 * @example
 * ```ts
 * const mc = fitMemcacheTier({
 *   stats: { cmd_get: 650, get_hits: 455, cmd_set: 195, rusage_user: 0.02, rusage_system: 0.045 },
 *   requests: 1000,
 * });
 * mc.lookupsPerRequest; // => 0.65
 * mc.hitRatio; // => 0.7
 * mc.cpuTimeSec; // => 0.0001
 * ```
 */
export function fitMemcacheTier(input: FitMemcacheTierInput): FittedMemcacheTier {
  const model = "fitMemcacheTier";
  const o = assertObject(model, input, "input", ["stats", "requests"]);
  const requests = assertPositive(model, "requests", o.requests);
  const s = assertObject(model, o.stats, "stats");
  assertKnownFields(
    model,
    s,
    ["cmd_get", "get_hits", "cmd_set", "rusage_user", "rusage_system"],
    "stats",
  );
  const gets = assertPositive(model, "stats.cmd_get", s.cmd_get);
  const hits = assertNonNegative(model, "stats.get_hits", s.get_hits);
  if (hits > gets) {
    throw new ModelInputError(model, "stats.get_hits", hits, `at most cmd_get (${gets})`);
  }
  const sets = s.cmd_set === undefined ? 0 : assertNonNegative(model, "stats.cmd_set", s.cmd_set);
  const user =
    s.rusage_user === undefined ? 0 : assertNonNegative(model, "stats.rusage_user", s.rusage_user);
  const system =
    s.rusage_system === undefined
      ? 0
      : assertNonNegative(model, "stats.rusage_system", s.rusage_system);
  return {
    lookupsPerRequest: gets / requests,
    hitRatio: hits / gets,
    cpuTimeSec: (user + system) / gets,
    setsPerLookup: sets / gets,
  };
}
