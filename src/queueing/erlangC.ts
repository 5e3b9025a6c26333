import { assertInteger, assertNonNegative } from "../validate.js";
import { erlangCKernel } from "./erlangKernels.js";

/**
 * Erlang C formula: the probability that an arriving request has to wait in an M/M/c queue with
 * `servers` servers offered `offeredLoad` erlangs.
 *
 * ```text
 * C(c, a) = B / (1 − ρ·(1 − B))      B = erlangB(c, a), ρ = a/c; C = 1 when a >= c
 * ```
 * Relative error below 1e-12 for `servers` up to 1,000,000 and loads up to 1e12, including
 * utilizations within 1e-9 of 1.
 *
 * @param servers - c, an integer >= 1.
 * @param offeredLoad - a = λ·S in erlangs, finite and >= 0.
 * @returns The probability of waiting in [0, 1]; 1 for an overloaded queue (a >= c).
 * @throws {@link ModelInputError} when `servers` is not an integer >= 1 or `offeredLoad` is
 *   negative or not finite.
 * @see Kleinrock, Queueing Systems Vol. 1 (1975), §3.5, eq. 3.40.
 * @example
 * ```ts
 * erlangC(2, 1); // => 0.3333333333333333
 * erlangC(1, 0.75); // => 0.75
 * ```
 */
export function erlangC(servers: number, offeredLoad: number): number {
  assertInteger("erlangC", "servers", servers, 1);
  assertNonNegative("erlangC", "offeredLoad", offeredLoad);
  return erlangCKernel(servers, offeredLoad);
}
