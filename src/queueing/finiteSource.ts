import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../validate.js";
import { birthDeathProbabilities } from "./birthDeath.js";
import { MAX_CAPACITY } from "./mmck.js";
import { finiteStationResult, normalized } from "./finiteStation.js";
import type { QueueResult } from "./types.js";

/** Input of {@link finiteSource}. */
export interface FiniteSourceInput {
  /** N, the number of clients (load-generator connections, users); an integer in [1, 1,000,000]. */
  population: number;
  /** Z, each client's mean think time between a response and its next request (exponential), in seconds; >= 0. 0 is a load generator that sends the next request at once. */
  thinkTimeSec: number;
  /** S, mean service time of one request on one server, in seconds; > 0. */
  serviceTimeSec: number;
  /** c, the number of identical servers; an integer >= 1. */
  servers: number;
  /**
   * K, the most requests in the system; a client whose request finds K there is turned away and
   * thinks again. An integer in [1, population].
   * @defaultValue `population` (no blocking)
   */
  capacity?: number;
}

/**
 * M/M/c/K/K (finite source, "machine repairman"): N clients in a closed loop, each thinking for
 * an exponential time with mean Z and then sending one request to a station with c exponential
 * servers (mean S) — exactly what a load generator with N connections does to a server.
 *
 * ```text
 * P(N = n) ∝ N!/((N−n)!·n!)·(S/Z)ⁿ (n <= c),   ∝ N!/((N−n)!·c!·cⁿ⁻ᶜ)·(S/Z)ⁿ (c < n <= K)
 * X = Σ min(n, c)·P(N = n)/S     R = N/X − Z (K = N, interactive response-time law)
 * ```
 * An arriving request finds n others with probability ∝ (N − n)·P(N = n) (the arrival theorem),
 * which gives exact FIFO wait and response-time distributions. Z = 0 is the limit of a saturated
 * loop: all K places are always taken.
 *
 * `offeredLoad` is the rate of attempts times S (`Infinity` when Z = 0 and K < N);
 * `blockingProbability` is the fraction of attempts turned away.
 *
 * @param input - N = `population`, Z = `thinkTimeSec`, S = `serviceTimeSec`, c = `servers`,
 *   K = `capacity`.
 * @returns Exact steady-state metrics and distributions (always stable).
 * @throws {@link ModelInputError} for negative or non-finite inputs, fractional counts, or a
 *   capacity outside [1, population].
 * @see Kleinrock, Queueing Systems Vol. 1 (1975), §3.8–3.9 (finite customer population);
 *   Gross, Shortle, Thompson & Harris (2008), §2.7.
 * @example
 * ```ts
 * finiteSource({ population: 2, thinkTimeSec: 1, serviceTimeSec: 1, servers: 1 }).throughputPerSec; // => 0.8
 * finiteSource({ population: 16, thinkTimeSec: 0, serviceTimeSec: 0.01, servers: 4 }).meanResponseTimeSec; // => 0.04
 * ```
 */
export function finiteSource(input: FiniteSourceInput): QueueResult {
  const model = "finiteSource";
  const o = assertObject(model, input, "input", [
    "population",
    "thinkTimeSec",
    "serviceTimeSec",
    "servers",
    "capacity",
  ]);
  const population = assertInteger(model, "population", o.population, 1, MAX_CAPACITY);
  const z = assertNonNegative(model, "thinkTimeSec", o.thinkTimeSec);
  const s = assertPositive(model, "serviceTimeSec", o.serviceTimeSec);
  const c = assertInteger(model, "servers", o.servers, 1);
  const k =
    o.capacity === undefined
      ? population
      : assertInteger(model, "capacity", o.capacity, 1, population);
  let p: Float64Array;
  let attempts: Float64Array; // relative rate of attempts made in state n
  // Z = 0, or so small that S/Z overflows: the saturated limit, all K places always taken.
  const saturated = !(s / z < Infinity);
  if (saturated) {
    p = new Float64Array(k + 1);
    p[k] = 1;
    attempts = new Float64Array(k + 1);
    attempts[k - 1] = 1;
  } else {
    const r = s / z;
    p = birthDeathProbabilities(k, (n) => ((population - n + 1) * r) / Math.min(n, c));
    attempts = p.map((pn, n) => (population - n) * pn);
  }
  const seen = normalized(attempts.slice(0, k));
  let blockingProbability: number;
  let attemptRate: number;
  if (saturated) {
    blockingProbability = k < population ? 1 : 0;
    // All K places always taken: min(K, c) servers busy, and with K = N every completion is an attempt.
    attemptRate = k < population ? Infinity : Math.min(k, c) / s;
  } else {
    const total = attempts.reduce((sum, v) => sum + v, 0);
    blockingProbability = (attempts[k] ?? 0) / total;
    attemptRate = total / z;
  }
  return finiteStationResult(model, "M/M/c/K/K", p, seen, c, s, {
    offeredLoad: attemptRate * s,
    blockingProbability,
  });
}
