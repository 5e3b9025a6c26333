import { assertInteger, assertNonNegative } from "../validate.js";
import { erlangBKernel } from "./erlangKernels.js";

/**
 * Erlang B formula: the probability that a request is blocked (lost) in an M/M/c/c loss system —
 * `servers` servers and no waiting room — offered `offeredLoad` erlangs of Poisson traffic.
 *
 * ```text
 * B(c, a) = (aᶜ/c!) / Σₖ₌₀..c aᵏ/k!      a = λ·S (erlangs)
 * ```
 * Computed without factorials or powers, in a bounded number of steps at any size (a sum of at
 * at most about 200 positive terms away from the Poisson mode, Temme's uniform asymptotic expansion
 * near it), with a relative error below 1e-12 for `servers` up to 1,000,000 and loads up to 1e12.
 *
 * @param servers - c, an integer >= 0 (B(0, a) = 1).
 * @param offeredLoad - a = λ·S in erlangs, finite and >= 0.
 * @returns The blocking probability in [0, 1].
 * @throws {@link ModelInputError} when `servers` is not an integer >= 0 or `offeredLoad` is
 *   negative or not finite.
 * @see A. K. Erlang (1917); Kleinrock, Queueing Systems Vol. 1 (1975), §3.6 (M/M/m/m).
 * @example
 * ```ts
 * erlangB(2, 1); // => 0.2
 * erlangB(10, 5); // => 0.018384570336648115
 * ```
 */
export function erlangB(servers: number, offeredLoad: number): number {
  assertInteger("erlangB", "servers", servers, 0);
  assertNonNegative("erlangB", "offeredLoad", offeredLoad);
  return erlangBKernel(servers, offeredLoad);
}
