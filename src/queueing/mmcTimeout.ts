import { assertInteger, assertObject, assertPositive } from "../validate.js";
import { erlangBKernel } from "./erlangKernels.js";
import { readOpenStation, type OpenStationInput } from "./input.js";
import { MAX_CAPACITY } from "./mmck.js";
import type { AbandonmentResult } from "./types.js";

/** Input of {@link mmcTimeout}. */
export interface MmcTimeoutInput extends OpenStationInput {
  /** c, the number of identical servers; an integer in [1, 1,000,000]. */
  servers: number;
  /**
   * D, how long every client waits for service to start before it gives up, in seconds; > 0:
   * a client timeout (connect or first-byte) that expires while the request is still queued.
   */
  timeoutSec: number;
}

/**
 * M/M/c+D: M/M/c where every waiting request leaves unserved once it has waited D — the same
 * client timeout for all, e.g. a load balancer's or an HTTP client's, expiring while the request
 * sits in the listen backlog. Once in service a request stays. Stable at every load.
 *
 * ```text
 * μ = 1/S   a = λ·S   δ = λ − cμ   B = erlangB(c − 1, a)
 * offered wait V (what a request would wait if it never left): P(V = 0) = π·(1/B),
 *   density v(x) = λπ·e^(δx) (0 < x <= D),  λπ·e^(δD − cμ(x − D)) (x > D),  π from Σ = 1
 * P(wait) = P(V > 0)   P(abandon) = P(V > D) = λπ·e^(δD)/(cμ)   W = E[min(V, D)]
 * W_served = E[V | V <= D]   W_abandoned = D   X = λ·(1 − P(abandon))   Lq = λ·W
 * ```
 * Exact, in closed form (π is P(c − 1 busy, nobody waiting)); the exponentials are taken
 * relative to e^(δD) past capacity, so nothing overflows.
 *
 * @param input - λ = `arrivalRatePerSec`, S = `serviceTimeSec`, c = `servers`, D = `timeoutSec`.
 * @returns Exact steady-state metrics of a stable queue at any arrival rate.
 * @throws {@link ModelInputError} for negative or non-finite inputs or fractional servers.
 * @see F. Baccelli & G. Hebuterne, On queues with impatient customers, Performance '81
 *   (North-Holland, 1981) (the offered-wait density of M/M/c+G); S. Zeltyn & A. Mandelbaum,
 *   Call centers with impatient customers: many-server asymptotics of the M/M/n+G queue,
 *   Queueing Systems 51 (2005), 361–402.
 * @example
 * ```ts
 * // 4 workers of 100 ms take 40 req/s; 60 req/s arrive and every client gives up after 2 s.
 * const q = mmcTimeout({ arrivalRatePerSec: 60, serviceTimeSec: 0.1, servers: 4, timeoutSec: 2 });
 * q.abandonmentProbability; // => 0.3333333333333333
 * q.meanWaitServedSec; // => 1.9500000000000002
 * ```
 */
export function mmcTimeout(input: MmcTimeoutInput): AbandonmentResult {
  const model = "mmcTimeout";
  const { lambda, s } = readOpenStation(model, input, ["servers", "timeoutSec"]);
  const o = assertObject(model, input);
  const c = assertInteger(model, "servers", o.servers, 1, MAX_CAPACITY);
  const timeout = assertPositive(model, "timeoutSec", o.timeoutSec);
  // In units of S: μ = 1, λ = a, D = d; z = δ·D.
  const a = lambda * s;
  const d = timeout / s;
  const z = (a - c) * d;
  // Each term below is divided by e^z when z > 0 (then e^z would overflow past capacity).
  const scale = z > 0 ? Math.exp(-z) : 1;
  const below = z > 0 ? d * phi(-z) : d * phi(z); // ∫_0^D e^(δx) dx / scale
  const belowX = z > 0 ? d * d * (phi(-z) - psi(-z)) : d * d * psi(z); // ∫_0^D x·e^(δx) dx / scale
  const beyond = (z > 0 ? 1 : Math.exp(z)) / c; // ∫_D^∞ e^(δD − c(x − D)) dx / scale
  const idle = scale / erlangBKernel(c - 1, a); // P(V = 0)/π / scale
  const total = idle + a * (below + beyond);
  const abandon = (a * beyond) / total;
  // Far below capacity (or with λ = 0) Erlang B underflows to 0: nobody waits.
  const served = idle === Infinity ? 1 : (idle + a * below) / total;
  const waitServedJoint = (a * belowX) / total;
  const wait = waitServedJoint + d * abandon;
  const throughput = lambda * served;
  const waitSec = wait * s;
  const waitServed = served > 0 ? (waitServedJoint / served) * s : 0;
  return {
    model: "M/M/c+D",
    method: "exact",
    stable: true,
    servers: c,
    utilization: Math.min(1, (throughput * s) / c),
    offeredLoad: a,
    throughputPerSec: throughput,
    probabilityOfWaiting: (a * (below + beyond)) / total,
    abandonmentProbability: abandon,
    meanInSystem: lambda * waitSec + throughput * s,
    meanQueueLength: lambda * waitSec,
    meanWaitSec: waitSec,
    meanWaitServedSec: waitServed,
    meanWaitAbandonedSec: timeout,
    meanResponseTimeSec: waitServed + s,
  };
}

/** φ(z) = ∫_0^1 e^(zt) dt = (e^z − 1)/z, without cancellation near 0. */
function phi(z: number): number {
  return z === 0 ? 1 : Math.expm1(z) / z;
}

/** ψ(z) = ∫_0^1 t·e^(zt) dt = (e^z·(z − 1) + 1)/z², by its series Σ zᵏ/(k!·(k + 2)) near 0. */
function psi(z: number): number {
  if (Math.abs(z) > 0.5) return (Math.exp(z) * (z - 1) + 1) / (z * z);
  let term = 1; // zᵏ/k!
  let sum = 0.5;
  for (let k = 1; k < 30; k++) {
    term *= z / k;
    sum += term / (k + 2);
  }
  return sum;
}
