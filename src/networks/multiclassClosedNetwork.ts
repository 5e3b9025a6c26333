import { ModelInputError } from "../errors.js";
import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../validate.js";
import { timeScale } from "./timeScale.js";

/** One request class of a {@link multiclassClosedNetwork}. */
export interface ClassInput {
  /** A name to report the class by, e.g. `"page"` or `"api"`; unique. */
  name: string;
  /** N_r, requests of this class circulating; an integer >= 0. */
  population: number;
  /** Z_r, think time between a response and the next request of this class. @defaultValue 0 */
  thinkTimeSec?: number;
  /** D_{k,r}, this class's demand at each station (visits × service time), one per station, s. */
  demandsSec: number[];
}

/** A station of a {@link multiclassClosedNetwork}: a single server (processor sharing) or a delay. */
export interface MulticlassStationInput {
  name: string;
  /** 1 (a queueing station) or `Infinity` (a delay). @defaultValue 1 */
  servers?: number;
}

/** Input of {@link multiclassClosedNetwork}. */
export interface MulticlassClosedNetworkInput {
  stations: MulticlassStationInput[];
  classes: ClassInput[];
  /**
   * `"exact"` MVA over the population lattice (cost Π(N_r + 1) × stations × classes), or
   * `"schweitzer"` (Bard–Schweitzer) for large populations.
   * @defaultValue `"exact"` when the lattice has at most 2,000,000 points, else `"schweitzer"`
   */
  method?: "exact" | "schweitzer";
  /** Convergence tolerance of Schweitzer (relative change of the queue lengths). @defaultValue 1e-10 */
  tolerance?: number;
}

/** Result of {@link multiclassClosedNetwork}. */
export interface MulticlassClosedNetworkResult {
  method: "exact" | "schweitzer";
  iterations: number;
  converged: boolean;
  classes: {
    name: string;
    population: number;
    throughputPerSec: number;
    /** Time per request in the stations, excluding think time. */
    responseTimeSec: number;
  }[];
  stations: {
    name: string;
    /** Total utilization over all classes (0 for a delay). */
    utilization: number;
    /** Mean requests at the station, all classes. */
    queueLength: number;
    /** Per class: mean requests and residence time per request of that class. */
    byClass: { name: string; queueLength: number; residenceTimeSec: number }[];
  }[];
}

const LATTICE_BUDGET = 2_000_000;

/**
 * Closed network with several request classes (e.g. page views and API calls), each with its
 * own population, think time and demands, at single-server (processor-sharing) or delay stations.
 *
 * ```text
 * R_{k,r}(n) = D_{k,r}·(1 + Q_k(n − e_r))   (queueing)      R_{k,r} = D_{k,r}   (delay)
 * X_r(n) = n_r/(Z_r + Σ_k R_{k,r}(n))        Q_k(n) = Σ_r X_r(n)·R_{k,r}(n)
 * ```
 * Exact over the population lattice, or Schweitzer's approximation
 * Q_k(n − e_r) ≈ Q_k(n) − Q_{k,r}(n)/N_r.
 *
 * @param input - Stations, classes with their demands, method.
 * @returns Per-class throughput and response time, per-station utilization and queue lengths.
 * @throws {@link ModelInputError} for invalid stations or classes, a station with a number of
 *   servers other than 1 or `Infinity`, or a lattice too large for `"exact"`.
 * @see Reiser & Lavenberg, JACM 27 (1980); Lazowska et al., Quantitative System Performance
 *   (1984), ch. 7; Bolch et al. (2006), §8.2 and §9.1.
 * @example
 * ```ts
 * multiclassClosedNetwork({ stations: [{ name: "cpu" }], classes: [{ name: "a", population: 1, demandsSec: [0.1] }, { name: "b", population: 1, demandsSec: [0.1] }] }).classes[0].throughputPerSec; // => 5
 * ```
 */
export function multiclassClosedNetwork(
  input: MulticlassClosedNetworkInput,
): MulticlassClosedNetworkResult {
  const model = "multiclassClosedNetwork";
  const o = assertObject(model, input, "input", ["stations", "classes", "method", "tolerance"]);
  if (!Array.isArray(o.stations) || o.stations.length === 0) {
    throw new ModelInputError(model, "stations", o.stations, "a non-empty array of stations");
  }
  const stations = (o.stations as unknown[]).map((raw, i) => {
    const s = assertObject(model, raw, `stations[${i}]`, ["name", "servers"]);
    if (typeof s.name !== "string" || s.name === "") {
      throw new ModelInputError(model, `stations[${i}].name`, s.name, "a non-empty string");
    }
    const servers = s.servers ?? 1;
    if (servers !== 1 && servers !== Infinity) {
      throw new ModelInputError(model, `stations[${i}].servers`, servers, "1 or Infinity");
    }
    return { name: s.name, delay: servers === Infinity };
  });
  const k = stations.length;
  if (!Array.isArray(o.classes) || o.classes.length === 0) {
    throw new ModelInputError(model, "classes", o.classes, "a non-empty array of classes");
  }
  const classes = (o.classes as unknown[]).map((raw, r) => {
    const field = `classes[${r}]`;
    const c = assertObject(model, raw, field, ["name", "population", "thinkTimeSec", "demandsSec"]);
    if (typeof c.name !== "string" || c.name === "") {
      throw new ModelInputError(model, `${field}.name`, c.name, "a non-empty string");
    }
    if (!Array.isArray(c.demandsSec) || c.demandsSec.length !== k) {
      throw new ModelInputError(
        model,
        `${field}.demandsSec`,
        c.demandsSec,
        `an array of ${k} demands`,
      );
    }
    const demands = (c.demandsSec as unknown[]).map((d, i) =>
      assertNonNegative(model, `${field}.demandsSec[${i}]`, d),
    );
    const think =
      c.thinkTimeSec === undefined
        ? 0
        : assertNonNegative(model, `${field}.thinkTimeSec`, c.thinkTimeSec);
    if (!(demands.some((d) => d > 0) || think > 0)) {
      throw new ModelInputError(
        model,
        `${field}.demandsSec`,
        demands,
        "demands with a positive sum (or a think time > 0)",
      );
    }
    return {
      name: c.name,
      population: assertInteger(model, `${field}.population`, c.population, 0),
      think,
      demands,
    };
  });
  const tolerance =
    o.tolerance === undefined ? 1e-10 : assertPositive(model, "tolerance", o.tolerance);
  const lattice = classes.reduce((p, c) => p * (c.population + 1), 1);
  const method = o.method ?? (lattice <= LATTICE_BUDGET ? "exact" : "schweitzer");
  if (method !== "exact" && method !== "schweitzer") {
    throw new ModelInputError(model, "method", method, '"exact" or "schweitzer"');
  }
  if (method === "exact" && !(lattice <= LATTICE_BUDGET * 10)) {
    throw new ModelInputError(
      model,
      "method",
      method,
      `"schweitzer" for a lattice of ${lattice} populations`,
    );
  }
  // Solved in units of `scale` seconds (1 for moderate times; see timeScale).
  const scale = timeScale(
    classes.flatMap((c) => [c.think, ...c.demands]),
    classes.reduce((n, c) => n + c.population, 0),
  );
  const solved = classes.map((c) => ({
    ...c,
    think: c.think / scale,
    demands: c.demands.map((d) => d / scale),
  }));
  const solution =
    method === "exact" ? exactLattice(stations, solved) : schweitzer(stations, solved, tolerance);
  const x = solution.throughput;
  return {
    method,
    iterations: solution.iterations,
    converged: solution.converged,
    classes: classes.map((c, r) => ({
      name: c.name,
      population: c.population,
      throughputPerSec: (x[r] ?? 0) / scale,
      responseTimeSec: solution.residence.reduce((sum, row) => sum + (row[r] ?? 0), 0) * scale,
    })),
    stations: stations.map((s, i) => ({
      name: s.name,
      utilization: s.delay
        ? 0
        : solved.reduce((u, c, r) => u + (x[r] ?? 0) * (c.demands[i] ?? 0), 0),
      queueLength: classes.reduce(
        (q, _c, r) => q + (x[r] ?? 0) * (solution.residence[i]?.[r] ?? 0),
        0,
      ),
      byClass: classes.map((c, r) => ({
        name: c.name,
        queueLength: (x[r] ?? 0) * (solution.residence[i]?.[r] ?? 0),
        residenceTimeSec: (solution.residence[i]?.[r] ?? 0) * scale,
      })),
    })),
  };
}

interface Solution {
  throughput: number[];
  /** residence[k][r] */
  residence: number[][];
  iterations: number;
  converged: boolean;
}

type Cls = { population: number; think: number; demands: number[] };

function exactLattice(stations: { delay: boolean }[], classes: Cls[]): Solution {
  const k = stations.length;
  const c = classes.length;
  // Mixed-radix index of a population vector; points are visited in increasing index order,
  // so every n − e_r is solved before n.
  const radix = classes.map((cl) => cl.population + 1);
  const stride: number[] = [];
  let size = 1;
  for (const r of radix) {
    stride.push(size);
    size *= r;
  }
  const queue = new Float64Array(size * k); // Q_k(n) at index n·k + k
  const n = new Array<number>(c).fill(0);
  const throughput = new Array<number>(c).fill(0);
  const residence = Array.from({ length: k }, () => new Array<number>(c).fill(0));
  for (let index = 1; index < size; index++) {
    // Advance the population vector (odometer).
    for (let r = 0; r < c; r++) {
      if ((n[r] ?? 0) < (radix[r] ?? 1) - 1) {
        n[r] = (n[r] ?? 0) + 1;
        break;
      }
      n[r] = 0;
    }
    for (let r = 0; r < c; r++) {
      const nr = n[r] ?? 0;
      if (nr === 0) {
        throughput[r] = 0;
        for (let i = 0; i < k; i++) residence[i]![r] = 0;
        continue;
      }
      const previous = (index - (stride[r] ?? 0)) * k;
      let sum = 0;
      for (let i = 0; i < k; i++) {
        const d = classes[r]!.demands[i] ?? 0;
        const rt = stations[i]!.delay ? d : d * (1 + (queue[previous + i] ?? 0));
        residence[i]![r] = rt;
        sum += rt;
      }
      throughput[r] = nr / (classes[r]!.think + sum);
    }
    for (let i = 0; i < k; i++) {
      let q = 0;
      for (let r = 0; r < c; r++) q += (throughput[r] ?? 0) * (residence[i]![r] ?? 0);
      queue[index * k + i] = q;
    }
  }
  return { throughput, residence, iterations: 0, converged: true };
}

function schweitzer(stations: { delay: boolean }[], classes: Cls[], tolerance: number): Solution {
  const k = stations.length;
  const c = classes.length;
  // Q[k][r], started with each class spread evenly over its queueing stations.
  const q = Array.from({ length: k }, (_, i) =>
    classes.map((cl) => {
      const visited = cl.demands.filter((d, j) => d > 0 && !stations[j]!.delay).length;
      return !stations[i]!.delay && (cl.demands[i] ?? 0) > 0 ? cl.population / visited : 0;
    }),
  );
  const throughput = new Array<number>(c).fill(0);
  const residence = Array.from({ length: k }, () => new Array<number>(c).fill(0));
  let iterations = 0;
  let converged = false;
  for (; iterations < 100_000 && !converged; iterations++) {
    const total = q.map((row) => row.reduce((a, b) => a + b, 0));
    for (let r = 0; r < c; r++) {
      const cl = classes[r]!;
      if (cl.population === 0) continue;
      let sum = 0;
      for (let i = 0; i < k; i++) {
        const d = cl.demands[i] ?? 0;
        const seen = (total[i] ?? 0) - (q[i]![r] ?? 0) / cl.population;
        const rt = stations[i]!.delay ? d : d * (1 + seen);
        residence[i]![r] = rt;
        sum += rt;
      }
      throughput[r] = cl.population / (cl.think + sum);
    }
    let change = 0;
    for (let i = 0; i < k; i++) {
      for (let r = 0; r < c; r++) {
        const next = (throughput[r] ?? 0) * (residence[i]![r] ?? 0);
        const old = q[i]![r] ?? 0;
        change = Math.max(change, Math.abs(next - old) / Math.max(1e-300, classes[r]!.population));
        q[i]![r] = next;
      }
    }
    converged = change <= tolerance;
  }
  return { throughput, residence, iterations, converged };
}
