import { poissonWeightedSum } from "../math/poisson.js";
import { compensatedSum } from "../math/sum.js";

/** Wait and response time of an accepted request at a FIFO multi-server station. */
export interface Sojourn {
  probabilityOfWaiting: number;
  meanWaitSec: number;
  meanResponseTimeSec: number;
  responseTimeVarianceSec2: number;
  waitSurvival(t: number): number;
  responseSurvival(t: number): number;
}

/**
 * Exact FIFO wait and response-time distributions of a station with c exponential servers
 * (mean S), from the distribution of the number of requests an accepted arrival finds,
 * `seen[n]`, n = 0…K−1 (summing to 1).
 *
 * An arrival that finds n >= c waits for k = n − c + 1 departures, each Exp(c/S): an
 * Erlang(k, c/S) wait. Its own service Exp(1/S) is a Geometric(1/c) number of Exp(c/S) phases
 * (thinning), so the response time is Erlang(k + G, c/S) with G ~ Geometric(1/c) on 1, 2, ….
 * Uniformizing at rate ν = c/S:
 *
 * ```text
 * P(W > t) = Σ_j Poisson(j; νt)·P(k > j)        P(R > t) = Σ_j Poisson(j; νt)·P(k + G > j)
 * P(k + G > j) = A_j + P(k > j),   A_j = q·A_(j−1) + P(k = j),   q = 1 − 1/c
 * ```
 * Each evaluation sums O(sqrt(νt)) Poisson terms; all terms are positive. Past m, P(k + G > j)
 * falls by q per phase: it is cut where it drops below 1e-20·A_m (after ln(1e-20)/ln q phases),
 * so that the sum stops there however long t is (a time of 1e6 service times costs no more
 * than one of 10).
 */
export function fifoSojourn(seen: Float64Array, servers: number, serviceTimeSec: number): Sojourn {
  const c = servers;
  const s = serviceTimeSec;
  const nu = c / s;
  const q = 1 - 1 / c;
  const phases = Math.max(0, seen.length - c); // most phases an arrival can wait, m
  // P(k = i), i = 0…m.
  const pk = new Float64Array(phases + 1);
  pk[0] = compensatedSum(seen, 0, Math.min(c, seen.length));
  for (let i = 1; i <= phases; i++) pk[i] = seen[c + i - 1] ?? 0;
  // waitTail[j] = P(k > j), j = 0…m (waitTail[m] = 0), summed from the small end.
  const waitTail = new Float64Array(phases + 1);
  for (let j = phases - 1; j >= 0; j--) waitTail[j] = (waitTail[j + 1] ?? 0) + (pk[j + 1] ?? 0);
  // respTail[j] = P(k + G > j), j = 0…m; beyond m it decays geometrically from a[m].
  const respTail = new Float64Array(phases + 1);
  let carry = 0;
  for (let j = 0; j <= phases; j++) {
    carry = q * carry + (pk[j] ?? 0);
    respTail[j] = carry + (waitTail[j] ?? 0);
  }
  const lastCarry = carry;
  // Phases past m with a weight of at least 1e-20·A_m (none when c = 1: q = 0).
  const geometricTail = q > 0 ? Math.ceil(Math.log(1e-20) / Math.log(q)) : 0;
  let meanK = 0;
  for (let i = 1; i <= phases; i++) meanK += i * (pk[i] ?? 0);
  let varK = 0;
  for (let i = 0; i <= phases; i++) varK += (i - meanK) ** 2 * (pk[i] ?? 0);
  const meanWait = meanK / nu;
  return {
    probabilityOfWaiting: Math.min(1, waitTail[0] ?? 0), // a sum of rounded terms may pass 1
    meanWaitSec: meanWait,
    meanResponseTimeSec: meanWait + s,
    responseTimeVarianceSec2: (varK + meanK) / (nu * nu) + s * s,
    waitSurvival: (t) =>
      phases === 0 ? 0 : poissonWeightedSum(nu * t, (j) => waitTail[j] ?? 0, phases - 1),
    responseSurvival: (t) =>
      poissonWeightedSum(
        nu * t,
        (j) => (j <= phases ? (respTail[j] ?? 0) : lastCarry * q ** (j - phases)),
        phases + geometricTail,
      ),
  };
}
