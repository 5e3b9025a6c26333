import { closedNetwork } from "../networks/closedNetwork.js";
import { compensatedSum } from "../math/sum.js";

/** What the server model needs of a request and of the deployment. */
export interface ServerModelInput {
  arrivalRatePerSec: number;
  processes: number;
  threadsPerProcess: number;
  cores: number;
  cpuTimeSec: number;
  ioTimeSec: number;
  gil: "shared" | "free-threaded";
}

/** Mean-value results of {@link serverMeans}. */
export interface ServerMeans {
  stable: boolean;
  /** The most requests per second the deployment completes. */
  capacityPerSec: number;
  throughputPerSec: number;
  meanInSystem: number;
  meanResponseTimeSec: number;
  /** Mean fraction of time a process's GIL is held (0 when free-threaded). */
  gilUtilization: number;
  /** Mean fraction of the cores running bytecode. */
  coreUtilization: number;
}

/**
 * Throughput of one process with n = 1…T busy threads: a closed network of its GIL (one server
 * of demand `cpu`; free-threaded: a delay) and the I/O wait (a delay of demand `io`), solved
 * exactly by mean value analysis.
 */
export function processThroughput(
  threads: number,
  cpu: number,
  io: number,
  gil: "shared" | "free-threaded",
): number[] {
  const stations = [{ name: "gil", serviceTimeSec: cpu, servers: gil === "shared" ? 1 : Infinity }];
  if (io > 0) stations.push({ name: "io", serviceTimeSec: io, servers: Infinity });
  return closedNetwork({ stations, population: threads, method: "exact" }).byPopulation.map(
    (s) => s.throughputPerSec,
  );
}

/**
 * Mean behaviour of P processes × T threads behind one accept queue, under Poisson arrivals: a
 * flow-equivalent server. With n requests in the server the busy threads spread evenly over the
 * processes, each completing X_p(n_p) (from {@link processThroughput}); the cores cap the total at
 * C/cpu. The number of requests is then a birth–death process with birth rate λ and death rate
 * μ(n) = min(Σ_p X_p(n_p), C/cpu), beyond P·T a geometric tail. Exact for M/M/1 (one thread, no
 * I/O), M/M/P (P single-threaded processes on >= P cores) and for product-form GIL/I-O
 * networks; the core cap and the even spread are approximations.
 */
export function serverMeans(input: ServerModelInput): ServerMeans {
  const {
    arrivalRatePerSec: lambda,
    processes: p,
    threadsPerProcess: t,
    cores,
    cpuTimeSec: cpu,
    ioTimeSec: io,
    gil,
  } = input;
  const perProcess = processThroughput(t, cpu, io, gil);
  const coreCap = cores / cpu;
  const total = p * t;
  const rate = (n: number): number => {
    const base = Math.floor(n / p);
    const extra = n - base * p;
    const x = (k: number): number => (k === 0 ? 0 : (perProcess[k - 1] ?? 0));
    return Math.min(coreCap, extra * x(base + 1) + (p - extra) * x(base));
  };
  const capacity = rate(total);
  if (!(lambda < capacity)) {
    return {
      stable: false,
      capacityPerSec: capacity,
      throughputPerSec: capacity,
      meanInSystem: Infinity,
      meanResponseTimeSec: Infinity,
      gilUtilization: gil === "shared" ? Math.min(1, (capacity * cpu) / p) : 0,
      coreUtilization: Math.min(1, (capacity * cpu) / cores),
    };
  }
  // Unnormalized probabilities w(n) = Π λ/μ(k), n = 0…P·T, then the geometric tail with ratio r.
  const w = new Float64Array(total + 1);
  w[0] = 1;
  for (let n = 1; n <= total; n++) w[n] = ((w[n - 1] ?? 0) * lambda) / rate(n);
  const r = lambda / capacity;
  const top = w[total] ?? 0;
  const tailMass = (top * r) / (1 - r); // Σ_{j>=1} top·r^j
  const tailMean = top * (total * (r / (1 - r)) + r / ((1 - r) * (1 - r))); // Σ (total + j)·top·r^j
  const mass = compensatedSum(w) + tailMass;
  const weighted = w.map((v, n) => v * n);
  const meanInSystem = (compensatedSum(weighted) + tailMean) / mass;
  return {
    stable: true,
    capacityPerSec: capacity,
    throughputPerSec: lambda,
    meanInSystem,
    meanResponseTimeSec: meanInSystem / lambda,
    gilUtilization: gil === "shared" ? (lambda * cpu) / p : 0,
    coreUtilization: (lambda * cpu) / cores,
  };
}
