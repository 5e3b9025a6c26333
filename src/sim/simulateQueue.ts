import { ModelInputError } from "../errors.js";
import { assertInteger, assertObject, assertPositive, assertScv } from "../validate.js";
import { seededRandom, timeSampler } from "./random.js";
import { batchMeans, empiricalQuantile, type Estimate } from "./statistics.js";
import { replaceTop } from "./heap.js";

export type { Estimate };

/** Input of {@link simulateQueue}. */
export interface SimulateQueueInput {
  arrivalRatePerSec: number;
  serviceTimeSec: number;
  servers: number;
  /** SCV of the inter-arrival times (1 = Poisson). @defaultValue 1 */
  arrivalScv?: number;
  /** SCV of the service times (1 = exponential, 0 = fixed). @defaultValue 1 */
  serviceTimeScv?: number;
  /**
   * Mean patience of a waiting request, in seconds: a request whose wait would exceed its
   * patience leaves the queue unserved (a client timeout). @defaultValue no limit (nobody leaves)
   */
  patienceSec?: number;
  /** SCV of the patience (1 = exponential, 0 = a fixed timeout). @defaultValue 1 */
  patienceScv?: number;
  /** Requests to simulate after the warm-up. @defaultValue 200,000 */
  requests?: number;
  /** Requests simulated first and discarded. @defaultValue requests / 10 */
  warmUp?: number;
  /** Seed of the random numbers. @defaultValue 1 */
  seed?: number;
}

/** Result of {@link simulateQueue}. */
export interface SimulatedQueue {
  requests: number;
  /** Mean wait of every request; one that leaves has waited its patience. */
  meanWaitSec: Estimate;
  /** Mean response time of the served requests. */
  meanResponseTimeSec: Estimate;
  /** Share of requests that found every server busy. */
  probabilityOfWaiting: number;
  /** Share of requests that left unserved (0 without `patienceSec`). */
  abandonmentProbability: Estimate;
  /** Empirical p-quantile of the response time of the served requests. */
  responseTimeQuantileSec(p: number): number;
  /** Empirical p-quantile of the wait. */
  waitTimeQuantileSec(p: number): number;
}

/**
 * Discrete-event simulation of a G/G/c FIFO queue — the check the closed forms and
 * approximations of `src/queueing/` are measured against, never used by them. FIFO with c
 * servers follows the Kiefer–Wolfowitz recursion: each request starts when it has arrived and the
 * earliest-free server is free. With `patienceSec`, a request whose wait so found exceeds its
 * patience leaves and frees nothing (requests behind it never overtake it, so the servers' free
 * times are those of the served requests alone; Baccelli & Hebuterne's offered wait). Confidence
 * intervals come from 20 batch means.
 *
 * @param input - Rates, SCVs, servers, run length and seed (runs are reproducible).
 * @returns Mean wait and response time with 95 % intervals, and empirical quantiles.
 * @example
 * ```ts
 * // M/M/2 at 80 % busy: exactly 55.6 ms mean response time (mmc); 20,000 requests estimate it.
 * const sim = simulateQueue({ arrivalRatePerSec: 80, serviceTimeSec: 0.02, servers: 2, requests: 20000, seed: 1 });
 * sim.requests; // => 20000
 * const exact = mmc({ arrivalRatePerSec: 80, serviceTimeSec: 0.02, servers: 2 }).meanResponseTimeSec;
 * sim.meanResponseTimeSec.low < exact && exact < sim.meanResponseTimeSec.high; // => true
 * ```
 */
export function simulateQueue(input: SimulateQueueInput): SimulatedQueue {
  const model = "simulateQueue";
  const o = assertObject(model, input, "input", [
    "arrivalRatePerSec",
    "serviceTimeSec",
    "servers",
    "arrivalScv",
    "serviceTimeScv",
    "patienceSec",
    "patienceScv",
    "requests",
    "warmUp",
    "seed",
  ]);
  const lambda = assertPositive(model, "arrivalRatePerSec", o.arrivalRatePerSec);
  const s = assertPositive(model, "serviceTimeSec", o.serviceTimeSec);
  const c = assertInteger(model, "servers", o.servers, 1, 100_000);
  const ca = o.arrivalScv === undefined ? 1 : assertScv(model, "arrivalScv", o.arrivalScv);
  const cs =
    o.serviceTimeScv === undefined ? 1 : assertScv(model, "serviceTimeScv", o.serviceTimeScv);
  const patience =
    o.patienceSec === undefined ? Infinity : assertPositive(model, "patienceSec", o.patienceSec);
  const cp = o.patienceScv === undefined ? 1 : assertScv(model, "patienceScv", o.patienceScv);
  if (o.patienceScv !== undefined && o.patienceSec === undefined) {
    throw new ModelInputError(
      model,
      "patienceScv",
      o.patienceScv,
      "absent without `patienceSec` (the spread of a patience needs its mean)",
    );
  }
  const n =
    o.requests === undefined ? 200_000 : assertInteger(model, "requests", o.requests, 100, 1e9);
  const warm =
    o.warmUp === undefined ? Math.floor(n / 10) : assertInteger(model, "warmUp", o.warmUp, 0, 1e9);
  const random = seededRandom(
    o.seed === undefined ? 1 : assertInteger(model, "seed", o.seed, 0, 2 ** 32 - 1),
  );
  // Time runs in units of the mean service time, so that rates and times of 1e300 neither
  // overflow nor lose every digit; the results are scaled back to seconds at the end.
  const gap = timeSampler(random, 1 / lambda / s, ca);
  const work = timeSampler(random, 1, cs);
  // Drawn only with a patience, so that runs without one keep their random numbers.
  const giveUp = patience < Infinity ? timeSampler(random, patience / s, cp) : () => Infinity;
  // Free times of the servers as a binary min-heap.
  const free = new Float64Array(c);
  const waits = new Float64Array(n);
  const left = new Float64Array(n); // 1 for a request that left unserved
  const responses = new Float64Array(n); // of the served requests, the first `served` entries
  let served = 0;
  let clock = 0;
  for (let i = -warm; i < n; i++) {
    clock += gap();
    const start = Math.max(clock, free[0] ?? 0);
    const service = work();
    const patienceHere = giveUp();
    const leaves = start - clock > patienceHere;
    if (!leaves) replaceTop(free, start + service);
    if (i < 0) continue;
    waits[i] = leaves ? patienceHere : start - clock;
    left[i] = leaves ? 1 : 0;
    if (!leaves) responses[served++] = start - clock + service;
  }
  const servedResponses = responses.subarray(0, served);
  const waitsSorted = waits.slice().sort();
  const responsesSorted = servedResponses.slice().sort();
  let waited = 0;
  for (const w of waits) if (w > 0) waited++; // one that left waited its patience, > 0
  return {
    requests: n,
    meanWaitSec: inSeconds(batchMeans(waits), s),
    meanResponseTimeSec: inSeconds(batchMeans(servedResponses), s),
    probabilityOfWaiting: waited / n,
    abandonmentProbability: batchMeans(left),
    responseTimeQuantileSec: (p) => empiricalQuantile(responsesSorted)(p) * s,
    waitTimeQuantileSec: (p) => empiricalQuantile(waitsSorted)(p) * s,
  };
}

/** An estimate in units of `unitSec`, in seconds (a mean that overflows is an interval of ∞). */
function inSeconds(e: Estimate, unitSec: number): Estimate {
  const mean = e.mean * unitSec;
  if (mean === Infinity) return { mean, low: mean, high: mean };
  return { mean, low: e.low * unitSec, high: e.high * unitSec };
}
