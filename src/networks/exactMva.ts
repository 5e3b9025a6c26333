import type { ClosedNetworkSummary } from "./closedNetwork.js";
import type { Station } from "./stations.js";

const isMultiServer = (s: Station): boolean => s.servers > 1 && s.servers < Infinity;

/**
 * Exact single-class MVA for populations 1…N; the summaries of all of them, or of N only. A c-server station is load dependent: its response
 * time needs the marginal probabilities p(j | n − 1), j < c. The recursion
 * p(j | n) = X(n)·D/j · p(j − 1 | n − 1) is a product of positive numbers, but the textbook
 * p(0 | n) = 1 − (X·D + Σ (c − j)·p(j | n))/c cancels catastrophically under heavy load (errors
 * grow by orders of magnitude every few customers). Instead
 *
 *   p(0 | n) = p(0 | n − 1) · X(n) / X₋ₖ(n)
 *
 * where X₋ₖ is the throughput of the same network without station k (both sides equal
 * G₋ₖ(n)/G(n) in terms of normalizing constants), which keeps every step a product of positive
 * numbers. It costs one extra solution per multi-server station (2^m solutions for m of them).
 */
export function exactMva(
  stations: Station[],
  population: number,
  think: number,
  allPopulations: boolean,
): ClosedNetworkSummary[] {
  const curve: ClosedNetworkSummary[] = [];
  solve(stations, population, think, (n, x, queue, residence, sum) => {
    if (!allPopulations && n < population) return;
    curve.push({
      population: n,
      throughputPerSec: x,
      responseTimeSec: sum,
      stations: stations.map((s, i) => ({
        name: s.name,
        utilization: s.servers === Infinity ? 0 : (x * s.visits * s.serviceTimeSec) / s.servers,
        queueLength: queue[i] ?? 0,
        residenceTimeSec: residence[i] ?? 0,
      })),
    });
  });
  return curve;
}

type Visit = (
  n: number,
  x: number,
  queue: Float64Array,
  residence: Float64Array,
  sum: number,
) => void;

/** Runs the recursion, calling `visit` at each population; returns X(1…N) (index n − 1). */
function solve(
  stations: Station[],
  population: number,
  think: number,
  visit?: Visit,
): Float64Array {
  const k = stations.length;
  const demand = stations.map((s) => s.visits * s.serviceTimeSec);
  const queue = new Float64Array(k);
  const residence = new Float64Array(k);
  const throughput = new Float64Array(population);
  const marginals = stations.map((s) =>
    isMultiServer(s)
      ? Float64Array.from({ length: s.servers }, (_, j) => (j === 0 ? 1 : 0))
      : undefined,
  );
  const without = stations.map((s, i) =>
    isMultiServer(s)
      ? solve(
          stations.filter((_, j) => j !== i),
          population,
          think,
        )
      : undefined,
  );
  for (let n = 1; n <= population; n++) {
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const d = demand[i] ?? 0;
      const c = stations[i]!.servers;
      const p = marginals[i];
      let r: number;
      if (c === Infinity) r = d;
      else if (p === undefined) r = d * (1 + (queue[i] ?? 0));
      else {
        let idle = 0;
        for (let j = 0; j <= c - 2; j++) idle += (c - 1 - j) * (p[j] ?? 0);
        r = (d / c) * (1 + (queue[i] ?? 0) + idle);
      }
      residence[i] = r;
      sum += r;
    }
    const x = n / (think + sum);
    throughput[n - 1] = x;
    for (let i = 0; i < k; i++) {
      queue[i] = x * (residence[i] ?? 0);
      const p = marginals[i];
      if (p === undefined) continue;
      const load = x * (demand[i] ?? 0);
      const rest = without[i]?.[n - 1] ?? 0; // X₋ₖ(n); Infinity when nothing else holds customers
      const idleNext = rest === Infinity || !(rest > 0) ? 0 : ((p[0] ?? 0) * x) / rest;
      for (let j = p.length - 1; j >= 1; j--) p[j] = (load / j) * (p[j - 1] ?? 0);
      p[0] = idleNext;
    }
    visit?.(n, x, queue, residence, sum);
  }
  return throughput;
}
