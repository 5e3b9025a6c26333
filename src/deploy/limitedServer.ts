import { invertSurvival } from "../math/solve.js";
import { mixtureSurvival } from "../python/responseMixture.js";
import { serverModel } from "../python/serverModel.js";
import type { ServerModelInput } from "../python/serverModelInput.js";
import type { ResponseComponent, ServerSolution } from "../python/serverSolution.js";
import { throttlingOf, type CfsThrottling } from "../queueing/cfsThrottling.js";
import type { ContainerLimits } from "./container.js";

/** A server under a CPU limit, and its throttling. */
export interface LimitedServer {
  solution: ServerSolution;
  throttling: CfsThrottling;
}

/** Closed loads are taken at most at this share of the limit's capacity (see below). */
const CLOSED_CAP = 0.98;

/**
 * The Python server inside a container with a CFS CPU limit. The throttling comes from
 * {@link cfsThrottling} at the server's throughput, with k = min(node cores, threads that can run
 * at once: one per process under a shared GIL). Its time splits in two: the part a request spends
 * stopped while holding a thread is added to the thread's hold like an I/O wait (it holds the
 * thread but neither a core nor the GIL), so that the queue for threads grows with it; the part
 * spent waiting for a thread is added to the accept wait. Capacity is min(the server's,
 * limit ÷ CPU per request) (the utilization law). A closed loop is taken as an open load at its
 * unthrottled throughput (at most 98 % of the limit's capacity), then its throughput set to
 * clients ÷ (response + think) — one step of the fixed point, an approximation.
 */
export function limitedServer(
  m: ServerModelInput,
  limits: ContainerLimits & { cpuLimitCores: number },
  cpuScv: number,
): LimitedServer {
  const base = serverModel(m);
  const limitCapacity = limits.cpuLimitCores / m.cpuSec;
  const capacity = Math.min(base.capacityPerSec, limitCapacity);
  const load = m.load;
  const closed = "clients" in load;
  const rate = closed
    ? Math.min(base.throughputPerSec, CLOSED_CAP * limitCapacity)
    : load.arrivalRatePerSec;
  const runnable = m.gil ? m.processes : m.processes * m.threads;
  const t = throttlingOf(
    rate,
    m.cpuSec,
    cpuScv,
    limits.cpuLimitCores,
    limits.cpuPeriodSec,
    limits.cpuBurstSec,
    Math.min(m.cores, runnable),
    m.processes * m.threads,
  );
  if (!t.stable || !base.stable) return { solution: saturated(m, base, capacity), throttling: t };
  if (t.throttledSecPerRequest === 0) {
    return { solution: { ...base, capacityPerSec: capacity }, throttling: t };
  }
  const open = { arrivalRatePerSec: rate };
  const stalled = serverModel({ ...m, ioSec: m.ioSec + t.holdStallSecPerRequest, load: open });
  if (!stalled.stable) return { solution: saturated(m, base, capacity), throttling: t };
  const unstalled = closed ? serverModel({ ...m, load: open }) : base;
  const queued = Math.max(0, t.throttledSecPerRequest - t.holdStallSecPerRequest);
  const response = stalled.meanResponseTimeSec + queued;
  const x = "clients" in load ? load.clients / (response + load.thinkTimeSec) : rate;
  const hold = stalled.meanHoldSec;
  const wait = stalled.meanAcceptWaitSec + queued;
  const components = throttledComponents(unstalled, t, response, m.hopSec);
  const survival = mixtureSurvival(components, m.hopSec);
  const threadsTotal = m.processes * m.threads;
  return {
    throttling: t,
    solution: {
      ...stalled,
      exact: false,
      throughputPerSec: x,
      capacityPerSec: capacity,
      meanResponseTimeSec: response,
      responseTimeVarianceSec2: mixtureVariance(components),
      inFlight: x * response,
      meanAcceptQueue: x * wait,
      meanAcceptWaitSec: wait,
      meanHoldSec: hold,
      meanBusyThreads: x * hold,
      threadUtilization: Math.min(1, (x * hold) / threadsTotal),
      gilUtilization: m.gil ? Math.min(1, (x * m.cpuSec) / m.processes) : 0,
      coreUtilization: Math.min(1, (x * m.cpuSec) / m.cores),
      components,
      responseTimeQuantileSec: (p: number) =>
        m.hopSec + invertSurvival((s) => survival(s + m.hopSec), 1 - p, Math.max(response, 1e-9)),
    },
  };
}

/**
 * The response-time law under throttling: the unthrottled law stretched by the factor that makes
 * its mean the throttled response time. A request meets pauses in proportion to its time in the
 * server (a request of c seconds of CPU under a limit L that binds takes about c ÷ L), so the
 * throttle lengthens long requests most: a scale factor keeps the law's shape (its SCV); the
 * pauses, met whole or not at all, add their own variance.
 */
function throttledComponents(
  unstalled: ServerSolution,
  t: CfsThrottling,
  response: number,
  hopSec: number,
): ResponseComponent[] {
  const stretch = (response - hopSec) / Math.max(unstalled.meanResponseTimeSec - hopSec, 1e-300);
  // The pauses come whole: a request meets one (probability q, V seconds) or none. That
  // variance, Var X = q·E[V²] − (E X)², comes on top of the stretch.
  const q = t.hitProbability;
  const pauses = Math.max(
    0,
    q * (t.hitVarianceSec2 + t.hitMeanSec ** 2) - t.throttledSecPerRequest ** 2,
  );
  return unstalled.components.map((c) => ({
    weight: c.weight,
    meanSec: hopSec + (c.meanSec - hopSec) * stretch,
    varianceSec2: c.varianceSec2 * stretch * stretch + pauses,
  }));
}

/** Variance of a gamma mixture. */
function mixtureVariance(components: readonly ResponseComponent[]): number {
  let mean = 0;
  let second = 0;
  for (const c of components) {
    mean += c.weight * c.meanSec;
    second += c.weight * (c.varianceSec2 + c.meanSec * c.meanSec);
  }
  return Math.max(0, second - mean * mean);
}

/** The server beyond the limit's capacity: every mean unbounded, throughput at capacity. */
function saturated(m: ServerModelInput, base: ServerSolution, capacity: number): ServerSolution {
  const threadsTotal = m.processes * m.threads;
  return {
    ...base,
    stable: false,
    exact: false,
    throughputPerSec: capacity,
    capacityPerSec: capacity,
    meanResponseTimeSec: Infinity,
    responseTimeVarianceSec2: Infinity,
    inFlight: Infinity,
    meanAcceptQueue: Infinity,
    meanAcceptWaitSec: Infinity,
    meanHoldSec: Infinity,
    meanBusyThreads: threadsTotal,
    threadUtilization: 1,
    gilUtilization: m.gil ? Math.min(1, (capacity * m.cpuSec) / m.processes) : 0,
    coreUtilization: Math.min(1, (capacity * m.cpuSec) / m.cores),
    components: [],
    responseTimeQuantileSec: () => Infinity,
  };
}
