import type { ClosedNetworkStation, ClosedNetworkSummary } from "./closedNetworkSummary.js";
import type { Station } from "./stations.js";

const isMultiServer = (s: Station): boolean => s.servers > 1 && s.servers < Infinity;

/**
 * Exact single-class MVA for populations 1…N; the summaries of all of them, or of N only. A
 * c-server station is load dependent: its response time needs the marginal probabilities p(j | n − 1), j < c. The recursion
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
  const k = stations.length;
  if (!allPopulations) {
    let last: ClosedNetworkSummary | undefined;
    solve(stations, population, think, (n, x, queue, residence, sum) => {
      if (n < population) return;
      const perStation = stationSummaries(stations, x, queue, residence, 0);
      last = { population: n, throughputPerSec: x, responseTimeSec: sum, stations: perStation };
    });
    return last === undefined ? [] : [last];
  }
  // Every population: the numbers go into typed arrays as the recursion runs (station i of
  // population n at (n − 1)·k + i); a population's `stations` are built when first read.
  const curve: Curve = {
    stations,
    queue: new Float64Array(population * k),
    residence: new Float64Array(population * k),
  };
  const response = new Float64Array(population);
  const throughput = solve(stations, population, think, (n, _x, queue, residence, sum) => {
    response[n - 1] = sum;
    for (let i = 0, at = (n - 1) * k; i < k; i++, at++) {
      curve.queue[at] = queue[i] ?? 0;
      curve.residence[at] = residence[i] ?? 0;
    }
  });
  const rows: ClosedNetworkSummary[] = new Array(population);
  for (let n = 1; n <= population; n++) {
    rows[n - 1] = new Row(n, throughput[n - 1] ?? 0, response[n - 1] ?? 0, curve);
  }
  return rows;
}

interface Curve {
  stations: Station[];
  queue: Float64Array;
  residence: Float64Array;
}

/**
 * One population of the curve. A class rather than an object literal: creating ten thousand
 * literals with a getter costs ~40 times as much (each gets its own shape), and building every
 * `stations` array up front is most of the cost of the whole curve. `stations` is a getter on the
 * prototype (so not an own property for `{ ...row }`); `toJSON` writes it like a plain summary.
 */
class Row implements ClosedNetworkSummary {
  #stations: ClosedNetworkStation[] | undefined;
  readonly #curve: Curve;

  constructor(
    readonly population: number,
    readonly throughputPerSec: number,
    readonly responseTimeSec: number,
    curve: Curve,
  ) {
    this.#curve = curve;
  }

  get stations(): ClosedNetworkStation[] {
    const { stations, queue, residence } = this.#curve;
    const offset = (this.population - 1) * stations.length;
    this.#stations ??= stationSummaries(stations, this.throughputPerSec, queue, residence, offset);
    return this.#stations;
  }

  toJSON(): ClosedNetworkSummary {
    return {
      population: this.population,
      throughputPerSec: this.throughputPerSec,
      responseTimeSec: this.responseTimeSec,
      stations: this.stations,
    };
  }
}

/** The per-station figures at throughput x, read from `queue` and `residence` at `offset`. */
function stationSummaries(
  stations: Station[],
  x: number,
  queue: Float64Array,
  residence: Float64Array,
  offset: number,
): ClosedNetworkStation[] {
  return stations.map((s, i) => ({
    name: s.name,
    utilization: s.servers === Infinity ? 0 : (x * s.visits * s.serviceTimeSec) / s.servers,
    queueLength: queue[offset + i] ?? 0,
    residenceTimeSec: residence[offset + i] ?? 0,
  }));
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
  const demand = Float64Array.from(stations, (s) => s.visits * s.serviceTimeSec);
  const queue = new Float64Array(k);
  const residence = new Float64Array(k);
  const throughput = new Float64Array(population);
  const marginals = stations.map((s) =>
    isMultiServer(s)
      ? Float64Array.from({ length: s.servers }, (_, j) => (j === 0 ? 1 : 0))
      : undefined,
  );
  const multi = stations.flatMap((s, i) => (isMultiServer(s) ? [i] : []));
  const without = stations.map((s, i) =>
    isMultiServer(s)
      ? solve(
          stations.filter((_, j) => j !== i),
          population,
          think,
        )
      : undefined,
  );
  const servers = Float64Array.from(stations, (s) => s.servers);
  for (let n = 1; n <= population; n++) {
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const d = demand[i] ?? 0;
      const c = servers[i] ?? 1;
      let r: number;
      if (c === 1) r = d * (1 + (queue[i] ?? 0));
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
    const x = n / (think + sum);
    throughput[n - 1] = x;
    for (let i = 0; i < k; i++) queue[i] = x * (residence[i] ?? 0);
    for (const i of multi) {
      const p = marginals[i]!;
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
