import { assertInteger, assertObject, assertPositive } from "../validate.js";
import { abandonmentChain, chainFigures } from "./abandonmentChain.js";
import { readOpenStation, type OpenStationInput } from "./input.js";
import { MAX_CAPACITY } from "./mmck.js";
import type { AbandonmentResult } from "./types.js";

/** Input of {@link mmckAbandonment}. */
export interface MmckAbandonmentInput extends OpenStationInput {
  /** c, the number of identical servers; an integer in [1, 1,000,000]. */
  servers: number;
  /**
   * K, the most requests in the system (in service plus waiting), e.g. workers + listen
   * backlog; an integer in [servers, servers + 1,000,000].
   */
  capacity: number;
  /**
   * Mean patience of a waiting request (exponential), in seconds; > 0: how long a client waits
   * in the backlog before it gives up and its request leaves. θ = 1/patience.
   */
  patienceSec: number;
}

/**
 * Result of {@link mmckAbandonment}: the figures of {@link AbandonmentResult} with the refused
 * too. Probabilities are of an arriving request, so refused + abandoned + served = 1; the waits
 * are of the admitted requests; `model` is `"M/M/c/K+M"`.
 */
export interface MmckAbandonmentResult extends Omit<
  AbandonmentResult,
  "throughputPerSec" | "probabilityOfWaiting" | "meanWaitSec"
> {
  /** K. */
  readonly capacity: number;
  /** Rate of served requests X = λ·(1 − refused − abandoned) (the goodput). */
  readonly throughputPerSec: number;
  /** Probability that an arrival finds K in the system and is refused. */
  readonly blockingProbability: number;
  /** Probability that an arrival is admitted and finds every server busy. */
  readonly probabilityOfWaiting: number;
  /** Mean wait of an admitted request, served or not (W; Lq = λ·(1 − refused)·W). */
  readonly meanWaitSec: number;
  /** Long-run probability that exactly `n` requests are in the system (n an integer >= 0). */
  stateProbability(n: number): number;
}

/**
 * M/M/c/K+M: c servers, room for K requests in all (the workers and the listen backlog), and
 * clients whose patience while queued is exponential — past capacity an arrival is either
 * refused (the backlog is full), or gives up waiting, or is served. A birth–death chain on
 * 0…K (birth λ, death min(n, c)·μ + max(n − c, 0)·θ); K → ∞ is Erlang-A ({@link mmcAbandonment}),
 * θ → 0 is {@link mmck}.
 *
 * ```text
 * μ = 1/S   θ = 1/patience   a = λ·S
 * P(N = n) ∝ aⁿ/n! (n <= c),   P(N = c)·Π_{j=1..n−c} λ/(cμ + jθ) (c < n <= K)
 * refused = P(N = K)   an admitted arrival that finds n >= c (k = n − c + 1):
 *   P(abandon) = kθ/(cμ + kθ),  E[W] = k/(cμ + kθ)   (each place is left at rate cμ + kθ)
 * X = λ·(1 − refused − abandoned)   Lq = λ·(1 − refused)·W   θ·Lq = λ·abandoned
 * ```
 * Exact: the chain is summed state by state from its mode outwards (no factorials or powers),
 * and an arrival is followed from its place in the queue as in {@link mmcAbandonment}.
 *
 * @param input - λ = `arrivalRatePerSec`, S = `serviceTimeSec`, c = `servers`, K =
 *   `capacity`, patience = `patienceSec`.
 * @returns Exact steady-state metrics at any arrival rate.
 * @throws {@link ModelInputError} for negative or non-finite inputs, fractional servers, or a
 *   capacity below the servers or more than 1,000,000 above them.
 * @see O. Garnett, A. Mandelbaum & M. Reiman, Designing a call center with impatient customers,
 *   Manufacturing & Service Operations Management 4(3), 2002, 208–227 (the M/M/n+M chain and
 *   θ·E[Q] = λ·P(abandon)); Gross, Shortle, Thompson & Harris, Fundamentals of Queueing Theory,
 *   4th ed. (2008), §2.5 (M/M/c/K) and §2.10 (impatience: balking and reneging).
 * @example
 * ```ts
 * // 4 workers of 100 ms (40 req/s), a backlog of 20, 60 req/s, clients that wait 2 s on average.
 * const q = mmckAbandonment({ arrivalRatePerSec: 60, serviceTimeSec: 0.1, servers: 4, capacity: 24, patienceSec: 2 });
 * q.blockingProbability; // => 0.19636744302344733
 * q.abandonmentProbability; // => 0.1371596678059141
 * ```
 */
export function mmckAbandonment(input: MmckAbandonmentInput): MmckAbandonmentResult {
  const model = "mmckAbandonment";
  const { lambda, s } = readOpenStation(model, input, ["servers", "capacity", "patienceSec"]);
  const o = assertObject(model, input);
  const c = assertInteger(model, "servers", o.servers, 1, MAX_CAPACITY);
  const k = assertInteger(model, "capacity", o.capacity, c, c + MAX_CAPACITY);
  const patience = assertPositive(model, "patienceSec", o.patienceSec);
  const a = lambda * s;
  const beta = s / patience;
  // At most 1,000,000 places past the servers: the chain is summed to K.
  const chain = abandonmentChain(c, a, beta, k)!;
  const admitted = 1 - chain.blocked;
  return {
    model: "M/M/c/K+M",
    method: "exact",
    stable: true,
    servers: c,
    capacity: k,
    offeredLoad: a,
    throughputPerSec: lambda * chain.served,
    blockingProbability: chain.blocked,
    meanWaitSec: admitted > 0 ? (chain.wait / admitted) * s : 0,
    ...chainFigures(model, chain, c, s, beta),
  };
}
