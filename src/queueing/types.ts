/**
 * What every single-station model returns: one plain object of steady-state metrics, plus the
 * distribution functions as closures. All times in seconds, rates per second.
 *
 * An overloaded (unstable) queue is an answer, not an error: `stable: false`, `Infinity` for the
 * unbounded means and variances, CDFs that are 0 everywhere and quantiles that are `Infinity`.
 */
export interface QueueResult {
  /** Kendall notation of the model, e.g. `"M/M/c"`. */
  readonly model: string;
  /** `"exact"` when the means are exact for the model's assumptions, else `"approximation"`. */
  readonly method: "exact" | "approximation";
  /**
   * `"exact"` when the distribution functions (CDFs, quantiles, state probabilities) and the
   * variances are exact, `"approximation"` when they are a stated approximation.
   */
  readonly distribution: "exact" | "approximation";
  /** True when the queue reaches a steady state (always true with finite capacity). */
  readonly stable: boolean;
  /** Number of servers c (`Infinity` for M/M/∞). */
  readonly servers: number;
  /** Mean fraction of time each server is busy, in [0, 1]. */
  readonly utilization: number;
  /** Offered load a = λ·S in erlangs (including requests that are later blocked). */
  readonly offeredLoad: number;
  /** Rate of completed requests X (the accepted arrivals in steady state). */
  readonly throughputPerSec: number;
  /** Probability that an accepted request has to wait for a server. */
  readonly probabilityOfWaiting: number;
  /** Probability that an arriving request is turned away (0 without a capacity limit). */
  readonly blockingProbability: number;
  /** Mean number of requests in the system, waiting or in service (L). */
  readonly meanInSystem: number;
  /** Mean number of requests waiting for a server (Lq). */
  readonly meanQueueLength: number;
  /** Mean time from arrival to departure of an accepted request (R = W + S). */
  readonly meanResponseTimeSec: number;
  /** Mean time an accepted request waits before service starts (W). */
  readonly meanWaitSec: number;
  /** Variance of the number of requests in the system. */
  readonly varianceInSystem: number;
  /** Variance of the response time, in s². */
  readonly responseTimeVarianceSec2: number;
  /** Long-run probability that exactly `n` requests are in the system (n an integer >= 0). */
  stateProbability(n: number): number;
  /** P(response time <= tSec) for an accepted request. */
  responseTimeCdf(tSec: number): number;
  /** P(wait <= tSec) for an accepted request; has an atom at 0 of 1 − probabilityOfWaiting. */
  waitTimeCdf(tSec: number): number;
  /** The p-quantile of the response time (p in (0, 1)), e.g. p = 0.99 for the p99. */
  responseTimeQuantileSec(p: number): number;
  /** The p-quantile of the wait (0 when p <= 1 − probabilityOfWaiting). */
  waitTimeQuantileSec(p: number): number;
}

/** The distribution a model supplies, before validation wrappers are put around it. */
export interface DistributionCore {
  /** P(N = n) for an integer n >= 0. */
  stateProbability(n: number): number;
  /** P(W > t) for finite t >= 0. */
  waitSurvival(t: number): number;
  /** P(R > t) for finite t >= 0. */
  responseSurvival(t: number): number;
  /** Closed-form quantiles where the model has them (p in (0, 1)). */
  waitQuantile?: ((p: number) => number) | undefined;
  responseQuantile?: ((p: number) => number) | undefined;
  /** A typical response time, where the root search for a quantile starts. */
  scaleSec: number;
}

/**
 * What a queue with impatient requests returns (`mmcAbandonment`, `mmcTimeout`): a request that
 * has waited its patience out leaves the queue unserved, so the queue is stable at every load.
 * All times in seconds, rates per second; probabilities are of an arriving request.
 */
export interface AbandonmentResult {
  /** Kendall notation with the patience law after the `+`: `"M/M/c+M"`, `"M/M/c+D"`. */
  readonly model: string;
  /** `"exact"`: the means are exact for the model's assumptions. */
  readonly method: "exact";
  /** Always true: abandonment bounds the queue at any load. */
  readonly stable: true;
  /** Number of servers c. */
  readonly servers: number;
  /** Mean fraction of time each server is busy, in [0, 1]. */
  readonly utilization: number;
  /** Offered load a = λ·S in erlangs (including requests that later abandon). */
  readonly offeredLoad: number;
  /** Rate of served requests X = λ·(1 − abandonmentProbability) (the goodput). */
  readonly throughputPerSec: number;
  /** Probability that an arriving request finds every server busy and has to wait. */
  readonly probabilityOfWaiting: number;
  /** Probability that an arriving request gives up before its service starts. */
  readonly abandonmentProbability: number;
  /** Mean number of requests in the system, waiting or in service (L). */
  readonly meanInSystem: number;
  /** Mean number of requests waiting for a server (Lq = λ·meanWaitSec). */
  readonly meanQueueLength: number;
  /** Mean time an arriving request spends waiting, served or not (W). */
  readonly meanWaitSec: number;
  /** Mean wait of the requests that are served. */
  readonly meanWaitServedSec: number;
  /** Mean wait of the requests that abandon (their time to give up). */
  readonly meanWaitAbandonedSec: number;
  /** Mean time from arrival to departure of a served request (meanWaitServedSec + S). */
  readonly meanResponseTimeSec: number;
}
