import { ModelInputError } from "../errors.js";
import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../validate.js";
import { approximateMva, type Approximation } from "./approximateMva.js";
import type { ClosedNetworkSummary } from "./closedNetworkSummary.js";
import { exactMva } from "./exactMva.js";
import { bottleneckName, demandPerServer, readStations, type StationInput } from "./stations.js";
import { timeScale } from "./timeScale.js";

/** Input of {@link closedNetwork}. */
export interface ClosedNetworkInput {
  /** The stations, each with its `visits` per request (default 1). */
  stations: StationInput[];
  /** N, the number of requests (clients) circulating; an integer >= 1. */
  population: number;
  /** Z, each client's mean think time between a response and its next request. @defaultValue 0 */
  thinkTimeSec?: number;
  /**
   * `"exact"` mean value analysis (multi-server stations exactly, as load-dependent stations),
   * or the `"schweitzer"` (Bard–Schweitzer) or `"linearizer"` (Chandy–Neuse) approximations.
   * @defaultValue `"exact"` when N × (stations + servers of multi-server stations) <= 50,000,000,
   *   else `"schweitzer"`
   */
  method?: "exact" | "schweitzer" | "linearizer";
  /** Convergence tolerance of the approximate methods (relative, on throughput). @defaultValue 1e-12 */
  tolerance?: number;
}

/** Result of {@link closedNetwork}. */
export interface ClosedNetworkResult extends ClosedNetworkSummary {
  method: "exact" | "schweitzer" | "linearizer";
  /** Name of the station with the largest demand per server: it saturates as N grows. */
  bottleneck: string;
  /**
   * The same summary for every population 1…N: `byPopulation[n − 1]`, computed on first access
   * (exact: one more pass of the recursion, kept in typed arrays, each population's `stations`
   * built when first read — a getter, so `{ ...summary }` leaves it out while `JSON.stringify`
   * keeps it; approximate methods: one solution per population).
   */
  readonly byPopulation: ClosedNetworkSummary[];
  /** Iterations of the approximate method (0 for exact). */
  iterations: number;
  /** Whether the approximate method met its tolerance (true for exact). */
  converged: boolean;
}

const EXACT_BUDGET = 50_000_000;

/**
 * Closed queueing network of one request class: N requests circulate among the stations, with an
 * optional think time between visits to the system — a load test with N connections, or N users.
 *
 * Exact mean value analysis (Reiser & Lavenberg), for n = 1…N:
 * ```text
 * R_k(n) = D_k·(1 + Q_k(n−1))                              single server, D_k = V_k·S_k
 * R_k(n) = D_k/c·(1 + Q_k(n−1) + Σ_{j=0}^{c−2} (c−1−j)·p_k(j | n−1))   c servers (load-dependent)
 * R_k(n) = D_k                                             delay
 * X(n) = n/(Z + Σ R_k(n))     Q_k(n) = X(n)·R_k(n)
 * p_k(j | n) = X(n)·D_k/j · p_k(j−1 | n−1),  p_k(0 | n) = 1 − (X(n)·D_k + Σ_{j=1}^{c−1} (c−j)·p_k(j | n))/c
 * ```
 * The approximate methods replace Q_k(n−1) by an estimate from Q_k(n) (Schweitzer:
 * (n−1)/n·Q_k(n); Linearizer: corrected by the deviations measured at n−1), each solved as one
 * monotone equation in X; they treat a c-server station by Seidmann's approximation (a single
 * server of demand D/c plus a delay of D·(c−1)/c).
 *
 * @param input - Stations with visits, population, think time, method.
 * @returns Throughput, response time, per-station metrics, and the curve over all populations.
 * @throws {@link ModelInputError} for invalid stations or inputs.
 * @see M. Reiser & S. S. Lavenberg, "Mean-value analysis of closed multichain queuing networks",
 *   JACM 27 (1980); Lazowska et al., Quantitative System Performance (1984), ch. 6–7; Bolch et al.,
 *   Queueing Networks and Markov Chains, 2nd ed. (2006), §8.2 (multiple servers), §9.1 (Bard–
 *   Schweitzer), §9.2 (Linearizer); K. M. Chandy & D. Neuse, CACM 25 (1982).
 * @example
 * ```ts
 * closedNetwork({ stations: [{ name: "cpu", serviceTimeSec: 0.05 }, { name: "disk", serviceTimeSec: 0.05 }], population: 2 }).throughputPerSec; // => 13.333333333333334
 * ```
 */
export function closedNetwork(input: ClosedNetworkInput): ClosedNetworkResult {
  const model = "closedNetwork";
  const o = assertObject(model, input, "input", [
    "stations",
    "population",
    "thinkTimeSec",
    "method",
    "tolerance",
  ]);
  const stations = readStations(model, o.stations);
  const population = assertInteger(model, "population", o.population, 1);
  const think =
    o.thinkTimeSec === undefined ? 0 : assertNonNegative(model, "thinkTimeSec", o.thinkTimeSec);
  const tolerance =
    o.tolerance === undefined ? 1e-12 : assertPositive(model, "tolerance", o.tolerance);
  const cost =
    population *
    stations.reduce(
      (sum, s) => sum + 1 + (s.servers > 1 && s.servers < Infinity ? s.servers : 0),
      0,
    );
  const method = o.method ?? (cost <= EXACT_BUDGET ? "exact" : "schweitzer");
  if (method !== "exact" && method !== "schweitzer" && method !== "linearizer") {
    throw new ModelInputError(model, "method", method, '"exact", "schweitzer" or "linearizer"');
  }
  if (!stations.some((s) => s.visits > 0)) {
    throw new ModelInputError(
      model,
      "stations",
      o.stations,
      "at least one station with visits > 0",
    );
  }
  const scale = timeScale([think, ...stations.map((s) => s.visits * s.serviceTimeSec)], population);
  if (scale !== 1) {
    // Times near the ends of the floating-point range: solved in units of `scale` seconds.
    const scaled = closedNetwork({
      ...(input as ClosedNetworkInput),
      stations: stations.map((s) => ({ ...s, serviceTimeSec: s.serviceTimeSec / scale })),
      thinkTimeSec: think / scale,
    });
    return inSeconds(scaled, scale);
  }
  const bottleneck = bottleneckName(
    stations.map((s) => ({
      name: s.name,
      demandPerServerSec: demandPerServer(s.servers, s.visits, s.serviceTimeSec),
    })),
  );
  if (method === "exact") {
    // The curve is built on first access: a million populations × stations of objects is memory
    // nobody asked for, while solving again costs a few milliseconds.
    const last = exactMva(stations, population, think, false)[0]!;
    let all: ClosedNetworkSummary[] | undefined;
    return {
      ...last,
      method,
      bottleneck,
      iterations: 0,
      converged: true,
      get byPopulation() {
        all ??= exactMva(stations, population, think, true);
        return all;
      },
    };
  }
  const solve = (n: number): Approximation => approximateMva(stations, n, think, method, tolerance);
  const final = solve(population);
  let curve: ClosedNetworkSummary[] | undefined;
  return {
    ...final.summary,
    method,
    bottleneck,
    iterations: final.iterations,
    converged: final.converged,
    get byPopulation() {
      curve ??= Array.from({ length: population }, (_, i) =>
        i === population - 1 ? final.summary : solve(i + 1).summary,
      );
      return curve;
    },
  };
}

/** A summary solved in units of `scale` seconds, in seconds. */
function summaryInSeconds(summary: ClosedNetworkSummary, scale: number): ClosedNetworkSummary {
  return {
    population: summary.population,
    throughputPerSec: summary.throughputPerSec / scale,
    responseTimeSec: summary.responseTimeSec * scale,
    stations: summary.stations.map((s) => ({
      name: s.name,
      utilization: s.utilization,
      queueLength: s.queueLength,
      residenceTimeSec: s.residenceTimeSec * scale,
    })),
  };
}

/** A result solved in units of `scale` seconds, in seconds; the curve converted on first access. */
function inSeconds(result: ClosedNetworkResult, scale: number): ClosedNetworkResult {
  let curve: ClosedNetworkSummary[] | undefined;
  return {
    ...summaryInSeconds(result, scale),
    method: result.method,
    bottleneck: result.bottleneck,
    iterations: result.iterations,
    converged: result.converged,
    get byPopulation() {
      curve ??= result.byPopulation.map((row) => summaryInSeconds(row, scale));
      return curve;
    },
  };
}
