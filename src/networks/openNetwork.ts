import { lusolve } from "mathjs";
import { ModelInputError } from "../errors.js";
import { mmc } from "../queueing/mmc.js";
import { mmInf } from "../queueing/mmInf.js";
import { assertNonNegative, assertObject } from "../validate.js";
import { bottleneckName, demandPerServer, readStations, type StationInput } from "./stations.js";

/** Input of {@link openNetwork}: the stations and the flow, as routing or as visits. */
export interface OpenNetworkInput {
  stations: StationInput[];
  /**
   * Routing probabilities, row = from, column = to (K × K); what a row leaves short of 1 leaves
   * the network. Give it with `externalArrivalRatesPerSec`.
   */
  routing?: number[][];
  /** Requests per second arriving from outside at each station (one per station). */
  externalArrivalRatesPerSec?: number[];
  /** Requests per second entering the network, with each station's `visits`. */
  arrivalRatePerSec?: number;
}

/** One station of an {@link openNetwork} result. */
export interface OpenNetworkStation {
  name: string;
  servers: number;
  /** Arrival rate at the station (all visits), per second. */
  arrivalRatePerSec: number;
  /** Mean visits per request entering the network. */
  visits: number;
  /** Busy time per request over all its visits, visits × service time, in seconds. */
  demandSec: number;
  /** Utilization per server (0 for a delay station). */
  utilization: number;
  stable: boolean;
  meanInSystem: number;
  /** Mean response time of one visit (wait + service). */
  meanResponseTimeSec: number;
  /** Time per request at this station over all its visits: visits × meanResponseTimeSec. */
  residenceTimeSec: number;
}

/** Result of {@link openNetwork}. */
export interface OpenNetworkResult {
  /** True when every station is stable. */
  stable: boolean;
  /** Names of the stations whose load reaches their capacity (empty when stable). */
  saturated: string[];
  /** Name of the station with the highest utilization per server: it saturates first. */
  bottleneck: string;
  /** Requests per second entering (and, when stable, leaving) the network. */
  throughputPerSec: number;
  /** Mean requests in the whole network. */
  meanInSystem: number;
  /** Mean time from entering to leaving the network (Σ residence times). */
  meanResponseTimeSec: number;
  stations: OpenNetworkStation[];
}

/**
 * Open queueing network (Jackson network): Poisson arrivals from outside, exponential service,
 * probabilistic routing; each station behaves as an independent M/M/c (or M/M/∞ for a delay)
 * fed at its total arrival rate.
 *
 * ```text
 * traffic equations   λ = γ + Pᵀ·λ   ⇒   (I − Pᵀ)·λ = γ        visits V_k = λ_k / Σγ
 * per station         M/M/c_k at λ_k:  U_k = λ_k·S_k/c_k,  R_k, L_k
 * network             L = Σ L_k       R = Σ V_k·R_k = L/Σγ (Little)
 * ```
 * The flow is given either as `routing` with `externalArrivalRatesPerSec`, or as each station's
 * `visits` with one `arrivalRatePerSec`. An overloaded station makes the network unstable: its
 * name is in `saturated`, and the means it touches are `Infinity`.
 *
 * @param input - The stations and the flow.
 * @returns Network and per-station metrics.
 * @throws {@link ModelInputError} for invalid stations, a routing matrix of the wrong shape, with
 *   entries outside [0, 1] or rows above 1, a routing in which requests never leave, or both or
 *   neither way of giving the flow.
 * @see J. R. Jackson, "Networks of waiting lines", Operations Research 5 (1957); Lazowska et al.,
 *   Quantitative System Performance (1984), ch. 6; Bolch et al., Queueing Networks and Markov
 *   Chains, 2nd ed. (2006), §7.1.
 * @example
 * ```ts
 * openNetwork({ stations: [{ name: "app", serviceTimeSec: 0.02, servers: 4, visits: 1 }, { name: "db", serviceTimeSec: 0.004, visits: 3 }], arrivalRatePerSec: 60 }).bottleneck; // => "db"
 * ```
 */
export function openNetwork(input: OpenNetworkInput): OpenNetworkResult {
  const model = "openNetwork";
  const o = assertObject(model, input, "input", [
    "stations",
    "routing",
    "externalArrivalRatesPerSec",
    "arrivalRatePerSec",
  ]);
  const stations = readStations(model, o.stations);
  const k = stations.length;
  let rates: number[];
  let entering: number;
  if (o.routing !== undefined || o.externalArrivalRatesPerSec !== undefined) {
    if (o.arrivalRatePerSec !== undefined) {
      throw new ModelInputError(
        model,
        "arrivalRatePerSec",
        o.arrivalRatePerSec,
        "absent when `routing` is given",
      );
    }
    const external = readVector(
      model,
      "externalArrivalRatesPerSec",
      o.externalArrivalRatesPerSec,
      k,
    );
    const routing = readRouting(model, o.routing, k);
    entering = external.reduce((a, b) => a + b, 0);
    if (!(entering > 0)) {
      throw new ModelInputError(
        model,
        "externalArrivalRatesPerSec",
        external,
        "rates with a sum > 0",
      );
    }
    rates = solveTraffic(model, routing, external);
  } else {
    entering = assertNonNegative(model, "arrivalRatePerSec", o.arrivalRatePerSec);
    rates = stations.map((s) => entering * s.visits);
  }
  const results = stations.map((s, i) => {
    // A rate that overflowed (1e308 × visits) is the largest one: the station is saturated.
    const lambda = Math.min(rates[i] ?? 0, Number.MAX_VALUE);
    const visits = entering > 0 ? lambda / entering : s.visits;
    const q =
      s.servers === Infinity
        ? mmInf({ arrivalRatePerSec: lambda, serviceTimeSec: s.serviceTimeSec })
        : mmc({ arrivalRatePerSec: lambda, serviceTimeSec: s.serviceTimeSec, servers: s.servers });
    return {
      name: s.name,
      servers: s.servers,
      arrivalRatePerSec: lambda,
      visits,
      demandSec: visits * s.serviceTimeSec,
      utilization: q.utilization,
      stable: q.stable,
      meanInSystem: q.meanInSystem,
      meanResponseTimeSec: q.meanResponseTimeSec,
      residenceTimeSec: visits === 0 ? 0 : visits * q.meanResponseTimeSec,
    };
  });
  const stable = results.every((r) => r.stable);
  const meanInSystem = results.reduce((sum, r) => sum + r.meanInSystem, 0);
  // The largest demand per server saturates first, whatever the load.
  const bottleneck = bottleneckName(
    results.map((r, i) => ({
      name: r.name,
      demandPerServerSec: demandPerServer(r.servers, r.visits, stations[i]!.serviceTimeSec),
    })),
  );
  return {
    stable,
    saturated: results.filter((r) => !r.stable).map((r) => r.name),
    bottleneck,
    throughputPerSec: entering,
    meanInSystem,
    meanResponseTimeSec: stable
      ? results.reduce((sum, r) => sum + r.residenceTimeSec, 0)
      : Infinity,
    stations: results,
  };
}

function readVector(model: string, field: string, value: unknown, length: number): number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new ModelInputError(
      model,
      field,
      value,
      `an array of ${length} numbers (one per station)`,
    );
  }
  // Array.from visits holes too (map would skip them).
  return Array.from(value, (v: unknown, i) => assertNonNegative(model, `${field}[${i}]`, v));
}

function readRouting(model: string, value: unknown, k: number): number[][] {
  if (!Array.isArray(value) || value.length !== k) {
    throw new ModelInputError(
      model,
      "routing",
      value,
      `a ${k} × ${k} matrix (one row per station)`,
    );
  }
  return value.map((row: unknown, i) => {
    const r = readVector(model, `routing[${i}]`, row, k);
    r.forEach((p, j) => {
      if (!(p <= 1))
        throw new ModelInputError(model, `routing[${i}][${j}]`, p, "a probability in [0, 1]");
    });
    const sum = r.reduce((a, b) => a + b, 0);
    if (!(sum <= 1 + 1e-12)) {
      throw new ModelInputError(
        model,
        `routing[${i}]`,
        r,
        "a row of probabilities summing to at most 1",
      );
    }
    return r;
  });
}

/** Solves (I − Pᵀ)·λ = γ; rejects routings in which requests can never leave. */
function solveTraffic(model: string, routing: number[][], external: number[]): number[] {
  const k = external.length;
  const a = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => (i === j ? 1 : 0) - (routing[j]?.[i] ?? 0)),
  );
  let solution: number[];
  try {
    solution = (lusolve(a, external) as number[][]).map((row) => row[0] ?? Number.NaN);
  } catch {
    solution = [Number.NaN];
  }
  if (!solution.every((x) => x >= -1e-9 * Math.max(...external) && x < Infinity)) {
    throw new ModelInputError(
      model,
      "routing",
      routing,
      "a routing from which every request eventually leaves",
    );
  }
  return solution.map((x) => Math.max(0, x));
}
