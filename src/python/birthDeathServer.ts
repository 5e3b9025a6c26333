import { birthDeathProbabilities } from "../queueing/birthDeath.js";

/**
 * The flow-equivalent server: the number of requests in a server whose completion rate depends
 * only on how many it holds, μ(n) for n = 0…n₀ and μ(n₀) beyond. The server has N >= n₀ threads;
 * requests beyond N wait in the accept queue. Internal kernels; inputs are valid.
 *
 * The chain's probabilities come from `birthDeathProbabilities` (queueing/birthDeath.ts), the
 * same kernel as M/M/c/K and the finite-source queue; the open server adds its geometric tail.
 */

/** Steady state of a flow-equivalent server. */
export interface ServerState {
  stable: boolean;
  throughputPerSec: number;
  /** μ(N): the most the server completes per second. */
  capacityPerSec: number;
  /** Mean requests in the server, accept queue included. */
  meanInSystem: number;
  /** Variance of the number of requests in the server. */
  varianceInSystem: number;
  /** Mean requests in the accept queue, E[(n − N)⁺]. */
  meanAcceptQueue: number;
  /** Probability that an arriving request finds every thread busy. */
  probabilityOfWaiting: number;
  /** Second moment of the accept-queue wait, s²: j departures at rate μ(N) for the j-th in line. */
  acceptWaitSecondMomentSec2: number;
}

/** Poisson arrivals at `arrivalRatePerSec`: a birth–death process with a geometric tail. */
export function openServer(
  mu: Float64Array,
  threads: number,
  arrivalRatePerSec: number,
): ServerState {
  const lambda = arrivalRatePerSec;
  const top = mu.length - 1; // n₀: the rate is constant from here on
  const capacity = mu[top]!;
  if (!(lambda < capacity)) {
    return {
      stable: false,
      throughputPerSec: capacity,
      capacityPerSec: capacity,
      meanInSystem: Infinity,
      varianceInSystem: Infinity,
      meanAcceptQueue: Infinity,
      probabilityOfWaiting: 1,
      acceptWaitSecondMomentSec2: Infinity,
    };
  }
  const r = lambda / capacity;
  const idle = (capacity - lambda) / capacity; // 1 − r without cancellation
  // The chain on 0…n₀, then the tail Σ_{i>=1} P(n₀)·r^i = P(n₀)·r/(1 − r) past it: scaled so
  // that both together sum to 1.
  const p = birthDeathProbabilities(top, (n) => lambda / mu[n]!);
  const scale = 1 / (1 + (p[top]! * r) / idle);
  for (let n = 0; n <= top; n++) p[n] = p[n]! * scale;
  const atTop = p[top]!; // P(n = n₀)
  let mean = 0;
  let second = 0;
  for (let n = 1; n <= top; n++) {
    mean += n * p[n]!;
    second += n * n * p[n]!;
  }
  // Σ_{i>=1} (n₀ + i)^k·r^i for k = 1, 2, times P(n₀).
  const s1 = r / (idle * idle);
  const s2 = (r * (1 + r)) / (idle * idle * idle);
  mean += atTop * (top * (r / idle) + s1);
  second += atTop * (top * top * (r / idle) + 2 * top * s1 + s2);
  // P(n = N + i) = atTop·r^(N − n₀ + i) for i >= 0.
  const atThreads = atTop * Math.pow(r, threads - top);
  return {
    stable: true,
    throughputPerSec: lambda,
    capacityPerSec: capacity,
    meanInSystem: mean,
    varianceInSystem: Math.max(0, second - mean * mean),
    meanAcceptQueue: (atThreads * r) / (idle * idle),
    probabilityOfWaiting: atThreads / idle,
    acceptWaitSecondMomentSec2: (2 * atThreads) / (idle * idle * idle * capacity * capacity),
  };
}

/** Probabilities of n = 0…clients in a closed loop of `clients` with mean think time `thinkSec` > 0. */
function closedProbabilities(mu: Float64Array, clients: number, thinkSec: number): Float64Array {
  const top = mu.length - 1; // the rate is constant from here on
  // (N − n + 1)/(Z·μ(n)) may overflow when Z is tiny: the chain is then all at N, as the kernel
  // finds (it divides by the ratios below the mode, never multiplies).
  return birthDeathProbabilities(
    clients,
    (n) => (clients - n + 1) / (thinkSec * mu[Math.min(n, top)]!),
  );
}

/**
 * `clients` that each send a request, wait for the answer, think for `thinkSec` (exponential;
 * 0 for a load generator that sends the next request at once) and send again. Arriving requests
 * see the state of the loop without themselves (the arrival theorem).
 */
export function closedServer(
  mu: Float64Array,
  threads: number,
  clients: number,
  thinkSec: number,
): ServerState {
  const top = threads;
  const capacity = mu[mu.length - 1]!;
  const rateAt = (n: number): number => mu[Math.min(n, mu.length - 1)]!;
  if (thinkSec === 0) {
    const waiting = Math.max(0, clients - top); // departures the newest request waits for
    return {
      stable: true,
      throughputPerSec: rateAt(clients),
      capacityPerSec: capacity,
      meanInSystem: clients,
      varianceInSystem: 0,
      meanAcceptQueue: waiting,
      probabilityOfWaiting: clients > top ? 1 : 0,
      acceptWaitSecondMomentSec2: (waiting * (waiting + 1)) / (capacity * capacity),
    };
  }
  const p = closedProbabilities(mu, clients, thinkSec);
  let x = 0;
  let mean = 0;
  let second = 0;
  let queue = 0;
  for (let n = 1; n <= clients; n++) {
    const pn = p[n] ?? 0;
    x += pn * rateAt(n);
    mean += pn * n;
    second += pn * n * n;
    if (n > top) queue += pn * (n - top);
  }
  const seen = clients > 1 ? closedProbabilities(mu, clients - 1, thinkSec) : new Float64Array(1);
  let wait = 0;
  let waitSecond = 0;
  for (let n = top; n < seen.length; n++) {
    const j = n - top + 1;
    wait += seen[n] ?? 0;
    waitSecond += ((seen[n] ?? 0) * j * (j + 1)) / (capacity * capacity);
  }
  return {
    stable: true,
    throughputPerSec: x,
    capacityPerSec: capacity,
    meanInSystem: mean,
    varianceInSystem: Math.max(0, second - mean * mean),
    meanAcceptQueue: queue,
    probabilityOfWaiting: Math.min(1, wait),
    acceptWaitSecondMomentSec2: waitSecond,
  };
}
