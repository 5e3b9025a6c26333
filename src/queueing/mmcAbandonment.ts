import { ModelInputError } from "../errors.js";
import { assertInteger, assertObject, assertPositive } from "../validate.js";
import { abandonmentChain, chainFigures, MAX_QUEUE_STATES } from "./abandonmentChain.js";
import { readOpenStation, type OpenStationInput } from "./input.js";
import { MAX_CAPACITY } from "./mmck.js";
import type { AbandonmentResult } from "./types.js";

/** Result of {@link mmcAbandonment}: the shared figures, and the law of the number in system. */
export interface MmcAbandonmentResult extends AbandonmentResult {
  /** Long-run probability that exactly `n` requests are in the system (n an integer >= 0). */
  stateProbability(n: number): number;
}

/** Input of {@link mmcAbandonment}. */
export interface MmcAbandonmentInput extends OpenStationInput {
  /** c, the number of identical servers; an integer in [1, 1,000,000]. */
  servers: number;
  /**
   * Mean patience of a waiting request (exponential), in seconds; > 0: how long a client waits
   * in the backlog or the pool's queue before it times out and goes away. θ = 1/patience.
   */
  patienceSec: number;
}

/**
 * M/M/c+M (Erlang-A, Palm's queue): M/M/c where each waiting request leaves unserved after an
 * exponential patience — clients that time out while queued in gunicorn's listen backlog or a
 * thread pool's queue. Once in service a request stays. The queue is stable at every load:
 * abandonment absorbs any overload, so this answers what happens past capacity.
 *
 * ```text
 * μ = 1/S   θ = 1/patience   a = λ·S
 * P(N = n) ∝ aⁿ/n! (n <= c),   P(N = c)·Π_{j=1..n−c} λ/(cμ + jθ) (n > c)   summed to 1e-17
 * An arrival that finds n >= c (k = n − c + 1): P(abandon) = kθ/(cμ + kθ), E[W] = k/(cμ + kθ),
 *   E[W; served] = cμ/(cμ + kθ)·Σ_{m<=k} 1/(cμ + mθ),  E[W; abandons] = θ/(cμ + kθ)·Σ_{m<=k} m/(cμ + mθ)
 * X = λ·P(served)   Lq = λ·W   P(abandon) = θ·Lq/λ   utilization = X·S/c   R = W_served + S
 * ```
 * Every figure is exact (relative error 3e-15 at worst at the reference points; the rounding
 * of the chain's products grows with the places summed, at most about 1e-16 per place): the
 * chain is summed state by state from its mode outwards, with no factorials or powers. The per-arrival figures follow the request
 * from its place in the queue: each place is left at rate cμ + kθ (a service ends, or someone
 * ahead or the request itself gives up), so it is served with probability cμ/(cμ + kθ) and its
 * waits are sums of those exponential stages; P(abandon) = θ·Lq/λ (Garnett et al.) checks them.
 * At most 1,000,000 places past the servers are summed (about (λ − c/S)·patience waiting plus
 * the spread): for a patience far beyond the wait below capacity, use {@link mmc}.
 *
 * @param input - λ = `arrivalRatePerSec`, S = `serviceTimeSec`, c = `servers`, patience =
 *   `patienceSec`.
 * @returns Exact steady-state metrics of a stable queue at any arrival rate.
 * @throws {@link ModelInputError} for negative or non-finite inputs, fractional servers, or a
 *   patience so long that more than 1,000,000 places would need summing.
 * @see O. Garnett, A. Mandelbaum & M. Reiman, Designing a call center with impatient customers,
 *   Manufacturing & Service Operations Management 4(3), 2002, 208–227 (the M/M/n+M model, its
 *   birth–death chain and P(abandon) = θ·E[Q]/λ); A. Mandelbaum & S. Zeltyn, Service Engineering
 *   in Action: the Palm/Erlang-A Queue, with Applications to Call Centers, in Advances in
 *   Services Innovations (Springer, 2007).
 * @example
 * ```ts
 * // 4 workers of 100 ms each take 40 req/s; 60 req/s arrive and clients wait 2 s on average.
 * const q = mmcAbandonment({ arrivalRatePerSec: 60, serviceTimeSec: 0.1, servers: 4, patienceSec: 2 });
 * q.abandonmentProbability; // => 0.33334004799985195
 * q.throughputPerSec; // => 39.999597120008886
 * ```
 */
export function mmcAbandonment(input: MmcAbandonmentInput): MmcAbandonmentResult {
  const model = "mmcAbandonment";
  const { lambda, s } = readOpenStation(model, input, ["servers", "patienceSec"]);
  const o = assertObject(model, input);
  const c = assertInteger(model, "servers", o.servers, 1, MAX_CAPACITY);
  const patience = assertPositive(model, "patienceSec", o.patienceSec);
  const a = lambda * s;
  const beta = s / patience; // θ/μ
  const chain = abandonmentChain(c, a, beta);
  if (chain === undefined) {
    throw new ModelInputError(
      model,
      "patienceSec",
      patience,
      `short enough that fewer than ${MAX_QUEUE_STATES} places need summing at this load ` +
        "(for a patience far beyond the wait below capacity, use mmc)",
    );
  }
  return {
    model: "M/M/c+M",
    method: "exact",
    stable: true,
    servers: c,
    offeredLoad: a,
    throughputPerSec: lambda * chain.served,
    meanWaitSec: chain.wait * s,
    ...chainFigures(model, chain, c, s, beta),
  };
}
