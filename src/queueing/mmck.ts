import { assertInteger, assertObject } from "../validate.js";
import { birthDeathProbabilities } from "./birthDeath.js";
import { finiteStationResult, normalized } from "./finiteStation.js";
import { readOpenStation, type OpenStationInput } from "./input.js";
import type { QueueResult } from "./types.js";

/** Largest `capacity` that {@link mmck} evaluates state by state. */
export const MAX_CAPACITY = 1_000_000;

/** Input of {@link mmck}. */
export interface MmckInput extends OpenStationInput {
  /** c, the number of identical servers; an integer >= 1. */
  servers: number;
  /**
   * K, the most requests in the system (in service plus waiting), e.g. workers + listen
   * backlog; an integer in [servers, 1,000,000]. K = c is the Erlang loss system M/M/c/c.
   */
  capacity: number;
}

/**
 * M/M/c/K queue: Poisson arrivals, exponential service, c servers and room for at most K
 * requests; an arrival that finds K in the system is turned away (the listen backlog is full,
 * "Apache can queue requests" — up to a point). The arrival rate may exceed capacity: blocking
 * absorbs the excess and the queue is always stable.
 *
 * ```text
 * a = λ·S    P(N = n) ∝ aⁿ/n! (n <= c),  ∝ aᶜ/c!·(a/c)ⁿ⁻ᶜ (c < n <= K)
 * blocking = P(N = K)    X = λ·(1 − P(N = K))    L = Σ n·P(N = n)    R = L/X
 * ```
 * The FIFO wait and response-time distributions are exact (an arrival finding n >= c waits an
 * Erlang(n − c + 1, c/S) time); K = c gives Erlang B.
 *
 * @param input - λ = `arrivalRatePerSec`, S = `serviceTimeSec`, c = `servers`, K = `capacity`.
 * @returns Exact steady-state metrics and distributions of accepted requests.
 * @throws {@link ModelInputError} for negative or non-finite inputs, fractional servers, or a
 *   capacity below `servers` or above 1,000,000.
 * @see Gross, Shortle, Thompson & Harris, Fundamentals of Queueing Theory, 4th ed. (2008),
 *   §2.5 (M/M/c/K) and §2.6 (Erlang loss); Kleinrock, Queueing Systems Vol. 1 (1975), §3.7.
 * @example
 * ```ts
 * mmck({ arrivalRatePerSec: 1, serviceTimeSec: 1, servers: 2, capacity: 2 }).blockingProbability; // => 0.2
 * mmck({ arrivalRatePerSec: 150, serviceTimeSec: 0.02, servers: 2, capacity: 10 }).throughputPerSec; // => 99.26684117374145
 * ```
 */
export function mmck(input: MmckInput): QueueResult {
  const { lambda, s } = readOpenStation("mmck", input, ["servers", "capacity"]);
  const o = assertObject("mmck", input);
  const c = assertInteger("mmck", "servers", o.servers, 1);
  const k = assertInteger("mmck", "capacity", o.capacity, c, MAX_CAPACITY);
  const a = lambda * s;
  const p = birthDeathProbabilities(k, (n) => a / Math.min(n, c));
  // Poisson arrivals see time averages; accepted ones see p[0…K−1] renormalized.
  const seen = normalized(p.slice(0, k));
  return finiteStationResult("mmck", "M/M/c/K", p, seen, c, s, {
    offeredLoad: a,
    blockingProbability: p[k] ?? 0,
  });
}
