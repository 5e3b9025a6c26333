import type { ClosedNetworkStation, ClosedNetworkSummary } from "./closedNetworkSummary.js";
import { mvaRecursion, type MvaNetwork } from "./mvaRecursion.js";
import type { Station } from "./stations.js";

/**
 * Exact single-class MVA for populations 1…N ({@link mvaRecursion}); the summaries of all of
 * them, or of N only.
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
    mvaRecursion(network(stations, think), population, {}, (n, x, queue, residence, sum) => {
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
  const throughput = mvaRecursion(
    network(stations, think),
    population,
    {},
    (n, _x, queue, residence, sum) => {
      response[n - 1] = sum;
      for (let i = 0, at = (n - 1) * k; i < k; i++, at++) {
        curve.queue[at] = queue[i] ?? 0;
        curve.residence[at] = residence[i] ?? 0;
      }
    },
  );
  const rows: ClosedNetworkSummary[] = new Array(population);
  for (let n = 1; n <= population; n++) {
    rows[n - 1] = new Row(n, throughput[n] ?? 0, response[n - 1] ?? 0, curve);
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

/** The stations as the recursion reads them. */
function network(stations: Station[], think: number): MvaNetwork {
  return {
    demandsSec: Float64Array.from(stations, (s) => s.visits * s.serviceTimeSec),
    servers: Float64Array.from(stations, (s) => s.servers),
    thinkTimeSec: think,
  };
}
