import { invertSurvival } from "../math/solve.js";
import { mixtureSurvival } from "../python/responseMixture.js";
import { serverModel } from "../python/serverModel.js";
import type { ServerModelInput } from "../python/serverModelInput.js";
import type { ServerSolution } from "../python/serverSolution.js";
import { throttlingOf, type CfsThrottling } from "../queueing/cfsThrottling.js";
import { holdMoments, throttledComponents, throttledHold } from "./throttledResponse.js";
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
 * at once: one per process under a shared GIL). A request meets pauses while it holds a thread
 * (its own, and the rest of one it arrives in): their mean, the hold stall D, is added to the
 * hold like an I/O wait (it holds the thread but neither a core nor the GIL), with the variance
 * that C + pauses has ({@link throttledHold}), so that the queue for threads grows with it. The
 * requests waiting for a thread are stopped too: the periods give that time as
 * `throttledSecPerRequest − D`, the server model as the growth of the accept wait over the
 * unthrottled server's. Both are the same time (adding them counted it twice, which overstated
 * the wait of one or two workers near the limit); each is a lower bound (the server model takes
 * the threads' pauses as independent where the quota stops them all at once; the periods count
 * only the pauses, not the wait behind other requests' CPU and I/O), so the larger is taken.
 * The response-time law is the mixture of {@link throttledComponents}. Capacity is min(the
 * server's, limit ÷ CPU per request) (the utilization law). A closed loop is taken as an open
 * load at its unthrottled throughput (at most 98 % of the limit's capacity), then its
 * throughput set to clients ÷ (response + think) — one step of the fixed point, an approximation.
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
  // The stall is held like I/O, with the variance the pauses give the hold (C + D's law).
  const hold = throttledHold(t, m.cpuSec, cpuScv);
  const holdLaw = holdMoments(hold);
  const stallIo = m.ioSec + t.holdStallSecPerRequest;
  const cpuVariance = (m.cpuSec * m.cpuSec * m.cpuScv) / m.bursts;
  const stallScv =
    (m.bursts * Math.max(0, holdLaw.varianceSec2 - cpuVariance) + m.ioSec ** 2 * m.ioScv) /
    (stallIo * stallIo);
  const stalled = serverModel({ ...m, ioSec: stallIo, ioScv: stallScv, load: open });
  if (!stalled.stable) return { solution: saturated(m, base, capacity), throttling: t };
  const unstalled = closed ? serverModel({ ...m, load: open }) : base;
  const queued = Math.max(0, t.throttledSecPerRequest - t.holdStallSecPerRequest);
  const extra = Math.max(0, queued - (stalled.meanAcceptWaitSec - unstalled.meanAcceptWaitSec));
  const response = stalled.meanResponseTimeSec + extra;
  const x = "clients" in load ? load.clients / (response + load.thinkTimeSec) : rate;
  const wait = stalled.meanAcceptWaitSec + extra;
  const components = throttledComponents(
    stalled.components,
    hold,
    m,
    t.holdStallSecPerRequest,
    extra,
  );
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
      responseTimeVarianceSec2: holdMoments(components).varianceSec2,
      inFlight: x * response,
      meanAcceptQueue: x * wait,
      meanAcceptWaitSec: wait,
      meanHoldSec: stalled.meanHoldSec,
      meanBusyThreads: x * stalled.meanHoldSec,
      threadUtilization: Math.min(1, (x * stalled.meanHoldSec) / threadsTotal),
      gilUtilization: m.gil ? Math.min(1, (x * m.cpuSec) / m.processes) : 0,
      coreUtilization: Math.min(1, (x * m.cpuSec) / m.cores),
      components,
      responseTimeQuantileSec: (p: number) =>
        m.hopSec + invertSurvival((s) => survival(s + m.hopSec), 1 - p, Math.max(response, 1e-9)),
    },
  };
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
