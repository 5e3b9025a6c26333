import { invertSurvival } from "../math/solve.js";
import { mmc } from "../queueing/mmc.js";
import type { QueueResult } from "../queueing/types.js";
import { closedServer, openServer, type ServerState } from "./birthDeathServer.js";
import { pinnedStates } from "./pinnedServer.js";
import { queueResponse, type QueueResponse } from "./queueResponse.js";
import { requestShape, type RequestShape } from "./requestShape.js";
import { mixtureSurvival, responseComponents } from "./responseMixture.js";
import type { ServerModelInput } from "./serverModelInput.js";
import { completionRates } from "./serverRates.js";
import type { ServerSolution } from "./serverSolution.js";

/** One queue of the server (the shared one, or one pinned process) with its share of requests. */
interface WeightedQueue extends QueueResponse {
  weight: number;
  state: ServerState;
}

/**
 * Mean and variance of the response time of a Python server, from a flow-equivalent server
 * (exact for exponential times) with two-moment corrections for variability.
 */
export function serverModel(m: ServerModelInput): ServerSolution {
  const cpu = m.cpuSec;
  const threadsTotal = m.processes * m.threads;
  const { queues, capacity, throughput } = solveQueues(m, requestShape(m));
  const stable = queues.every((q) => q.state.stable);
  const hop = m.hopSec;
  let mean = 0;
  let second = 0;
  let acceptWait = 0;
  for (const q of queues) {
    mean += q.weight * q.meanSec;
    second += q.weight * (q.varianceSec2 + q.meanSec * q.meanSec);
    acceptWait += q.weight * q.waitSec;
  }
  const station = stable ? exactStation(m) : undefined;
  const variance = station
    ? station.responseTimeVarianceSec2
    : stable
      ? Math.max(0, second - mean * mean)
      : Infinity;
  const response = stable ? mean + hop : Infinity;
  const closedThroughput =
    "clients" in m.load && stable && response > 0
      ? m.load.clients / (response + m.load.thinkTimeSec)
      : throughput;
  const x = stable ? closedThroughput : capacity;
  // Every count below is Little's law on one corrected time at the one throughput x, so that
  // in flight = accept queue + busy threads + requests in the hop, exactly.
  const hold = stable ? mean - acceptWait : Infinity;
  const busy = stable ? x * hold : threadsTotal;
  const components = responseComponents(queues, hop);
  const survival = mixtureSurvival(components, hop);
  return {
    stable,
    exact: isProductForm(m),
    throughputPerSec: x,
    capacityPerSec: capacity,
    meanResponseTimeSec: response,
    responseTimeVarianceSec2: variance,
    inFlight: stable ? x * response : Infinity,
    meanAcceptQueue: stable ? x * acceptWait : Infinity,
    meanAcceptWaitSec: stable ? acceptWait : Infinity,
    meanHoldSec: hold,
    meanBusyThreads: busy,
    // Busy threads are x·hold with the hold cut at T/x: at the cut, rounding can leave an ulp over
    // every thread (1.0000000000000002 for 2 prefork workers at 95 % of capacity).
    threadUtilization: Math.min(1, busy / threadsTotal),
    gilUtilization: m.gil ? Math.min(1, (x * cpu) / m.processes) : 0,
    coreUtilization: Math.min(1, (x * cpu) / m.cores),
    components: stable ? components : [],
    responseTimeQuantileSec: (p: number) =>
      station
        ? hop + station.responseTimeQuantileSec(p)
        : stable
          ? hop + invertSurvival((t) => survival(t + hop), 1 - p, Math.max(mean, 1e-9))
          : Infinity,
  };
}

/**
 * The server's queues: one accept queue shared by all threads, or one per process when clients
 * are pinned to processes (`weights`), each weighted by its share of the throughput.
 */
function solveQueues(
  m: ServerModelInput,
  shape: RequestShape,
): { queues: WeightedQueue[]; capacity: number; throughput: number } {
  const cpu = m.cpuSec;
  const threadsTotal = m.processes * m.threads;
  const queues: WeightedQueue[] = [];
  if (m.weights === undefined) {
    const mu = completionRates({
      processes: m.processes,
      threads: m.threads,
      cores: m.cores,
      cpuSec: cpu,
      ioSec: m.ioSec,
      gil: m.gil,
      gilScv: shape.collisionScv,
    });
    const state =
      "arrivalRatePerSec" in m.load
        ? openServer(mu, threadsTotal, m.load.arrivalRatePerSec)
        : closedServer(mu, threadsTotal, m.load.clients, m.load.thinkTimeSec + m.hopSec);
    const throughput = state.throughputPerSec;
    const gilBusy = Math.min(1, (throughput * cpu) / m.processes);
    const coreBusy = Math.min(1, (throughput * cpu) / m.cores);
    const p = queueResponse(m, shape, state, threadsTotal, gilBusy, coreBusy);
    queues.push({ weight: 1, state, ...p });
    return { queues, capacity: state.capacityPerSec, throughput };
  }
  const pinned = pinnedStates(m, shape.collisionScv);
  let throughput = 0;
  for (const q of pinned.queues) {
    throughput += q.state.throughputPerSec;
    const p = queueResponse(m, shape, q.state, m.threads, q.gilBusy, pinned.coreBusy);
    queues.push({ weight: q.weight, state: q.state, ...p });
  }
  for (const q of queues)
    q.weight = throughput > 0 ? q.state.throughputPerSec / throughput : q.weight;
  return { queues, capacity: pinned.capacity, throughput };
}

/**
 * The server as an exact M/M/c station (c = P·T), response-time law included, when it is one:
 * P·T <= C threads without a shared GIL, no I/O, exponential CPU, Poisson arrivals. The caller
 * asks only when the server is stable.
 */
function exactStation(m: ServerModelInput): QueueResult | undefined {
  const threadsTotal = m.processes * m.threads;
  return "arrivalRatePerSec" in m.load &&
    m.load.arrivalRatePerSec > 0 &&
    m.weights === undefined &&
    m.ioSec === 0 &&
    m.cpuScv === 1 &&
    m.bursts === 1 &&
    (!m.gil || m.threads === 1) &&
    threadsTotal <= m.cores
    ? mmc({
        arrivalRatePerSec: m.load.arrivalRatePerSec,
        serviceTimeSec: m.cpuSec,
        servers: threadsTotal,
      })
    : undefined;
}

/**
 * Whether the means are exact, product form: exponential times, one queue, no GIL shared between
 * processes' threads, and either no I/O (behind an accept queue a request holding cpu + io is not
 * exponential) or a closed loop that never fills the threads (the finite-source model).
 */
function isProductForm(m: ServerModelInput): boolean {
  const threadsTotal = m.processes * m.threads;
  return (
    m.cpuScv === 1 &&
    m.bursts === 1 &&
    m.weights === undefined &&
    (!m.gil || m.threads === 1 || m.processes === 1) &&
    (m.ioSec === 0 || ("clients" in m.load && m.load.clients <= threadsTotal && m.ioScv === 1))
  );
}
