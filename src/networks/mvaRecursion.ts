/**
 * The exact mean value analysis recursion of a single-class closed network, as numbers only:
 * the kernel of `closedNetwork`'s exact method and of the Python server model's GIL station.
 * Internal; inputs are validated by the callers.
 */

/** A closed network as the recursion reads it. */
export interface MvaNetwork {
  /** D_k = visits × service time of each station, in seconds. */
  demandsSec: Float64Array;
  /** c_k of each station: 1, an integer > 1 (a load-dependent station), or `Infinity` (a delay). */
  servers: Float64Array;
  /** Z, each customer's think time between visits to the network, in seconds. */
  thinkTimeSec: number;
}

/** What a caller may change in the recursion (nothing: the textbook exact MVA). */
export interface MvaVariant {
  /**
   * SCV of each station's service time (single-server stations only): a customer arriving at a
   * busy server waits for the residual of the service in progress, U·(1 + SCV)/2 services
   * instead of U, so R_k = D_k·(1 + Q_k + U_k·(SCV_k − 1)/2). An approximation unless every SCV
   * is 1 (Reiser's correction for FCFS stations with general service times).
   * @defaultValue every SCV 1
   */
  serviceScv?: Float64Array;
  /**
   * Keeps X(n) within [X(n − 1), 1/max(D_k/c_k)], the bounds exact MVA obeys, so an approximate
   * variant's rounding cannot make one more customer lower the throughput.
   * @defaultValue false
   */
  monotone?: boolean;
}

/** Called at each population n with its throughput, queue lengths, residences and their sum. */
export type MvaVisit = (
  n: number,
  x: number,
  queue: Float64Array,
  residence: Float64Array,
  sum: number,
) => void;

const isMultiServer = (c: number): boolean => c > 1 && c < Infinity;

/**
 * {@link mvaRecursion} for one single-server station (demand `d`, service SCV `scv`) closed with
 * think time `z`, kept monotone: X(0…N) written into `into` (length ≥ N + 1), no other array —
 * the form the Python model's inner loop calls thousands of times. The same steps as the general
 * recursion, in the same floating-point order.
 */
export function singleStationMva(
  population: number,
  d: number,
  z: number,
  scv: number,
  into: Float64Array,
): Float64Array {
  const cap = 1 / d;
  let queue = 0;
  into[0] = 0;
  for (let n = 1; n <= population; n++) {
    const previous = into[n - 1]!;
    const r = scv === 1 ? d * (1 + queue) : d * (1 + queue + (previous * d * (scv - 1)) / 2);
    const x = Math.max(previous, Math.min(cap, n / (z + r)));
    into[n] = x;
    queue = x * r;
  }
  return into;
}

/** The network without station `k`. */
function without(network: MvaNetwork, k: number): MvaNetwork {
  return {
    demandsSec: network.demandsSec.filter((_, i) => i !== k),
    servers: network.servers.filter((_, i) => i !== k),
    thinkTimeSec: network.thinkTimeSec,
  };
}

/**
 * Runs exact MVA for populations 1…N, calling `visit` at each; returns X(0…N) (index n, X(0) = 0).
 *
 * A c-server station is load dependent: its response time needs the marginal probabilities
 * p(j | n − 1), j < c. The recursion p(j | n) = X(n)·D/j · p(j − 1 | n − 1) is a product of
 * positive numbers, but the textbook p(0 | n) = 1 − (X·D + Σ (c − j)·p(j | n))/c cancels
 * catastrophically under heavy load (errors grow by orders of magnitude every few customers).
 * Instead
 *
 *   p(0 | n) = p(0 | n − 1) · X(n) / X₋ₖ(n)
 *
 * where X₋ₖ is the throughput of the same network without station k (both sides equal
 * G₋ₖ(n)/G(n) in terms of normalizing constants), which keeps every step a product of positive
 * numbers. It costs one extra solution per multi-server station (2^m solutions for m of them).
 * @see Reiser & Lavenberg, "Mean-value analysis of closed multichain queuing networks",
 *   JACM 27 (1980); Lazowska et al., Quantitative System Performance (1984), ch. 6 and §8.
 */
export function mvaRecursion(
  network: MvaNetwork,
  population: number,
  variant: MvaVariant = {},
  visit?: MvaVisit,
): Float64Array {
  const { demandsSec: demand, servers, thinkTimeSec: think } = network;
  const { serviceScv, monotone = false } = variant;
  const k = demand.length;
  if (k === 1 && servers[0] === 1 && monotone && visit === undefined) {
    const into = new Float64Array(population + 1);
    return singleStationMva(population, demand[0]!, think, serviceScv?.[0] ?? 1, into);
  }
  const queue = new Float64Array(k);
  const residence = new Float64Array(k);
  const throughput = new Float64Array(population + 1);
  // Marginal probabilities and X₋ₖ(0…N) of the multi-server stations, by index (none: empty).
  const multi: number[] = [];
  const marginals: Float64Array[] = [];
  const rest: Float64Array[] = [];
  let perServer = 0; // max D_k/c_k over the queueing stations
  for (let i = 0; i < k; i++) {
    const c = servers[i] ?? 1;
    if (c < Infinity) perServer = Math.max(perServer, (demand[i] ?? 0) / c);
    if (!isMultiServer(c)) continue;
    multi.push(i);
    marginals[i] = Float64Array.from({ length: c }, (_, j) => (j === 0 ? 1 : 0));
    rest[i] = mvaRecursion(without(network, i), population, variantWithout(variant, i));
  }
  const cap = 1 / perServer;
  for (let n = 1; n <= population; n++) {
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const d = demand[i] ?? 0;
      const c = servers[i] ?? 1;
      const scv = serviceScv?.[i] ?? 1;
      let r: number;
      // In the SCV term U_k = X(n − 1)·D_k, the utilization an arriving customer sees.
      if (c === 1 && scv === 1) r = d * (1 + (queue[i] ?? 0));
      else if (c === 1) r = d * (1 + (queue[i] ?? 0) + (throughput[n - 1]! * d * (scv - 1)) / 2);
      else if (c === Infinity) r = d;
      else {
        const p = marginals[i]!;
        let idle = 0;
        for (let j = 0; j <= c - 2; j++) idle += (c - 1 - j) * (p[j] ?? 0);
        r = (d / c) * (1 + (queue[i] ?? 0) + idle);
      }
      residence[i] = r;
      sum += r;
    }
    let x = n / (think + sum);
    if (monotone) x = Math.max(throughput[n - 1]!, Math.min(cap, x));
    throughput[n] = x;
    for (let i = 0; i < k; i++) queue[i] = x * (residence[i] ?? 0);
    for (let m = 0; m < multi.length; m++) {
      const i = multi[m]!;
      const p = marginals[i]!;
      const load = x * (demand[i] ?? 0);
      const others = rest[i]?.[n] ?? 0; // X₋ₖ(n); Infinity when nothing else holds customers
      const idleNext = others === Infinity || !(others > 0) ? 0 : ((p[0] ?? 0) * x) / others;
      for (let j = p.length - 1; j >= 1; j--) p[j] = (load / j) * (p[j - 1] ?? 0);
      p[0] = idleNext;
    }
    visit?.(n, x, queue, residence, sum);
  }
  return throughput;
}

/** The variant for the network without station `k`. */
function variantWithout(variant: MvaVariant, k: number): MvaVariant {
  const { serviceScv } = variant;
  return serviceScv === undefined
    ? variant
    : { ...variant, serviceScv: serviceScv.filter((_, i) => i !== k) };
}
