import { ModelInputError } from "../errors.js";
import { closedAsymptoticBounds, openAsymptoticBounds } from "../laws/asymptoticBounds.js";
import { assertInteger, assertNonNegative, assertObject } from "../validate.js";
import { bottleneckName, demandPerServer, readStations, type StationInput } from "./stations.js";

/** A station's part in a bounds analysis. */
export interface BoundsStation {
  name: string;
  /** D_k = visits × service time, seconds per request. */
  demandSec: number;
  /** D_k/c_k: the demand per server, which sets the station's capacity (0 for a delay). */
  demandPerServerSec: number;
  /** Requests per second at which this station saturates: c_k/D_k (`Infinity` for a delay). */
  saturatesAtPerSec: number;
}

/** Demands of the queueing stations and of the delays, and the bottleneck. */
function analyse(model: string, value: unknown) {
  const stations = readStations(model, value);
  const rows: BoundsStation[] = stations.map((s) => {
    const demandSec = s.visits * s.serviceTimeSec;
    const perServer = demandPerServer(s.servers, s.visits, s.serviceTimeSec);
    return {
      name: s.name,
      demandSec,
      demandPerServerSec: perServer,
      saturatesAtPerSec: perServer > 0 ? 1 / perServer : Infinity,
    };
  });
  const queueing = stations.filter((s) => s.servers !== Infinity);
  const single = queueing.every((s) => s.servers === 1);
  const total = rows.reduce(
    (sum, r, i) => sum + (stations[i]!.servers === Infinity ? 0 : r.demandSec),
    0,
  );
  const delay = rows.reduce(
    (sum, r, i) => sum + (stations[i]!.servers === Infinity ? r.demandSec : 0),
    0,
  );
  const name = bottleneckName(rows);
  const bottleneck = rows.find((r) => r.name === name)!;
  if (!(bottleneck.demandPerServerSec > 0)) {
    throw new ModelInputError(
      model,
      "stations",
      value,
      "at least one queueing station with a demand (visits × service time) > 0",
    );
  }
  return { rows, single, total, delay, queueingCount: queueing.length, bottleneck };
}

/** Result of {@link closedNetworkBounds}. */
export interface ClosedNetworkBounds {
  stations: BoundsStation[];
  /** The station with the largest demand per server. */
  bottleneck: string;
  /** Σ D_k over queueing stations. */
  totalDemandSec: number;
  /** Σ D_k over delay stations (time no queueing can add to or remove). */
  delayDemandSec: number;
  /** 1/max(D_k/c_k): the throughput no population exceeds. */
  maxThroughputPerSec: number;
  /** N* = (D + Z)/D_max: the population where the asymptotic bounds cross (saturation begins). */
  saturationPopulation: number;
  population: number;
  /** Asymptotic bounds at N: throughput in [lower, upper], response time in [lower, upper]. */
  asymptotic: { throughputPerSec: [number, number]; responseTimeSec: [number, number] };
  /**
   * Balanced job bounds at N (tighter), or `null` when a station has several servers (the bounds
   * assume single-server queueing stations).
   */
  balanced: { throughputPerSec: [number, number]; responseTimeSec: [number, number] } | null;
}

/**
 * Bounds analysis of a closed network (N clients, think time Z), from the service demands alone,
 * reported the way PDQ's bounds analysis reports it: each station's demand and the load at which
 * it saturates, the bottleneck, the saturation population N*, and asymptotic and balanced-job
 * bounds on throughput and response time at N. Delay stations count as think time.
 *
 * ```text
 * asymptotic   N/(N·D + Z) ≤ X ≤ min(N/(D + Z), 1/D_max)      max(D, N·D_max − Z) ≤ R ≤ N·D
 * balanced     X ≤ N/(D + Z + (N − 1)·D_avg/(1 + Z/D)),   X ≥ N/(D + Z + (N − 1)·D_max/(1 + Z/(N·D)))
 *              R ≥ max(N·D_max − Z, D + (N − 1)·D_avg/(1 + Z/D)),   R ≤ D + (N − 1)·D_max/(1 + Z/(N·D))
 * ```
 * with D = Σ D_k, D_avg = D/K over the K queueing stations, and delay stations folded into Z
 * for throughput and added to the response time.
 *
 * @param input - Stations (with visits), population N, think time Z.
 * @returns The bounds as data.
 * @throws {@link ModelInputError} for invalid stations or inputs.
 * @see Lazowska, Zahorjan, Graham & Sevcik, Quantitative System Performance (1984), ch. 5
 *   (asymptotic bounds §5.2, balanced job bounds §5.3); J. Zahorjan et al., "Balanced job bound
 *   analysis of queueing networks", CACM 25 (1982).
 * @example
 * ```ts
 * closedNetworkBounds({ stations: [{ name: "cpu", serviceTimeSec: 0.02 }, { name: "disk", serviceTimeSec: 0.03 }], population: 10, thinkTimeSec: 1 }).saturationPopulation; // => 35
 * ```
 */
export function closedNetworkBounds(input: {
  stations: StationInput[];
  population: number;
  thinkTimeSec?: number;
}): ClosedNetworkBounds {
  const model = "closedNetworkBounds";
  const o = assertObject(model, input, "input", ["stations", "population", "thinkTimeSec"]);
  const a = analyse(model, o.stations);
  const n = assertInteger(model, "population", o.population, 1);
  const z =
    (o.thinkTimeSec === undefined ? 0 : assertNonNegative(model, "thinkTimeSec", o.thinkTimeSec)) +
    a.delay;
  const d = a.total;
  const dmax = a.bottleneck.demandPerServerSec;
  const bounds = closedAsymptoticBounds(d, dmax, z, n);
  const xmax = bounds.maxThroughputPerSec;
  // Delays are folded into the think time for the throughput bounds and added back to the
  // response time, which counts the time in every station.
  const delay = a.delay;
  const [responseLower, responseUpper] = bounds.responseTimeSec;
  const asymptotic = {
    throughputPerSec: bounds.throughputPerSec,
    responseTimeSec: [responseLower + delay, responseUpper + delay] as [number, number],
  };
  let balanced: ClosedNetworkBounds["balanced"] = null;
  if (a.single && d > 0) {
    const davg = d / a.queueingCount;
    const upperR = d + ((n - 1) * dmax) / (1 + z / (n * d));
    const lowerR = Math.max(n * dmax - z, d + ((n - 1) * davg) / (1 + z / d));
    balanced = {
      throughputPerSec: [
        n / (upperR + z),
        Math.min(xmax, n / (d + z + ((n - 1) * davg) / (1 + z / d))),
      ],
      responseTimeSec: [lowerR + delay, upperR + delay],
    };
  }
  return {
    stations: a.rows,
    bottleneck: a.bottleneck.name,
    totalDemandSec: d,
    delayDemandSec: delay,
    maxThroughputPerSec: xmax,
    saturationPopulation: bounds.saturationPopulation,
    population: n,
    asymptotic,
    balanced,
  };
}

/** Result of {@link openNetworkBounds}. */
export interface OpenNetworkBounds {
  stations: BoundsStation[];
  bottleneck: string;
  totalDemandSec: number;
  /** 1/max(D_k/c_k): the highest sustainable arrival rate. */
  maxThroughputPerSec: number;
  arrivalRatePerSec: number;
  /** Each station's utilization per server at the arrival rate. */
  utilizations: number[];
  stable: boolean;
  /** Response time at λ: at least D (asymptotic); balanced bounds, or `null` with multi-server stations or when unstable. */
  responseTimeSec: { asymptoticLower: number; balanced: [number, number] | null };
}

/**
 * Bounds analysis of an open network at arrival rate λ, from the demands alone: the bottleneck
 * and the rate at which it saturates, and bounds on the response time.
 *
 * ```text
 * X ≤ 1/D_max      R ≥ D      balanced: D/(1 − λ·D_avg) ≤ R ≤ D/(1 − λ·D_max)
 * ```
 * @param input - Stations (with visits) and λ = `arrivalRatePerSec`.
 * @returns The bounds as data.
 * @throws {@link ModelInputError} for invalid stations or inputs.
 * @see Lazowska et al., Quantitative System Performance (1984), §5.2–5.3.
 * @example
 * ```ts
 * openNetworkBounds({ stations: [{ name: "cpu", serviceTimeSec: 0.02 }, { name: "disk", serviceTimeSec: 0.03 }], arrivalRatePerSec: 10 }).maxThroughputPerSec; // => 33.333333333333336
 * ```
 */
export function openNetworkBounds(input: {
  stations: StationInput[];
  arrivalRatePerSec: number;
}): OpenNetworkBounds {
  const model = "openNetworkBounds";
  const o = assertObject(model, input, "input", ["stations", "arrivalRatePerSec"]);
  const a = analyse(model, o.stations);
  const lambda = assertNonNegative(model, "arrivalRatePerSec", o.arrivalRatePerSec);
  const dmax = a.bottleneck.demandPerServerSec;
  const { maxThroughputPerSec, stable } = openAsymptoticBounds(dmax, lambda);
  const davg = a.total / a.queueingCount;
  return {
    stations: a.rows,
    bottleneck: a.bottleneck.name,
    totalDemandSec: a.total,
    maxThroughputPerSec,
    arrivalRatePerSec: lambda,
    utilizations: a.rows.map((r) => lambda * r.demandPerServerSec),
    stable,
    responseTimeSec: {
      asymptoticLower: a.total + a.delay,
      balanced:
        a.single && stable
          ? [a.total / (1 - lambda * davg) + a.delay, a.total / (1 - lambda * dmax) + a.delay]
          : null,
    },
  };
}
