import { gammaSurvival } from "../math/gamma.js";
import { invertSurvival } from "../math/solve.js";
import { mmc } from "../queueing/mmc.js";
import { closedServer, openServer, type ServerState } from "./birthDeathServer.js";
import { pinnedStates } from "./pinnedServer.js";
import { completionRates } from "./serverRates.js";

/**
 * Load offered to a server: Poisson arrivals at `arrivalRatePerSec` (open), or a closed loop of
 * `clients` that each wait for the answer and think `thinkTimeSec` before the next request — what a
 * load generator with N connections does (think time 0).
 */
export type LoadInput = { arrivalRatePerSec: number } | { clients: number; thinkTimeSec: number };

/** What the server model needs; validated by the callers. Times per request, seconds. */
export interface ServerModelInput {
  processes: number;
  /** Threads per process (event-loop tasks for async). */
  threads: number;
  cores: number;
  /** CPU time per request, overheads included (> 0). */
  cpuSec: number;
  ioSec: number;
  /** Fixed delay per request outside the workers (a front-end hop), seconds. */
  hopSec: number;
  /** One GIL per process. */
  gil: boolean;
  /** Whether a waiting thread forces the GIL holder off after a switch interval (threads: yes; an event loop: no). */
  preemptive: boolean;
  bursts: number;
  cpuScv: number;
  ioScv: number;
  switchIntervalSec: number;
  /** Share of the requests each process gets when clients are pinned to processes; undefined: one shared accept queue. */
  weights: number[] | undefined;
  load: LoadInput;
}

/** Result of {@link serverModel}. */
export interface ServerSolution {
  stable: boolean;
  /** True when the means are exact (exponential times, product form); false when approximated. */
  exact: boolean;
  throughputPerSec: number;
  capacityPerSec: number;
  meanResponseTimeSec: number;
  responseTimeVarianceSec2: number;
  /** Mean requests inside the deployment (accept queue, threads and front-end hop). */
  inFlight: number;
  /** Mean requests in the accept queue(s): throughput × `meanAcceptWaitSec`. */
  meanAcceptQueue: number;
  /** Mean time a request waits in the accept queue for a free thread. */
  meanAcceptWaitSec: number;
  /** Mean time a request holds a worker thread: its CPU and I/O and its waits for the GIL and cores. */
  meanHoldSec: number;
  /** Mean worker threads holding a request: throughput × `meanHoldSec`. */
  meanBusyThreads: number;
  /** Mean fraction of worker threads busy with a request. */
  threadUtilization: number;
  /** Mean fraction of time a process's GIL is held (0 without a GIL). */
  gilUtilization: number;
  /** Mean fraction of the cores running bytecode. */
  coreUtilization: number;
  responseTimeQuantileSec(p: number): number;
  /**
   * The response-time law as a mixture of gamma laws (hop included): for each queue, requests
   * that find a free thread and requests that wait. The quantiles come from it (but for the
   * exact M/M/c case).
   */
  components: ResponseComponent[];
}

/** One gamma law of a response-time mixture: its weight, mean and variance. */
export interface ResponseComponent {
  weight: number;
  meanSec: number;
  varianceSec2: number;
}

/** The parts of the response time of one queue (the shared one, or one pinned process). */
interface Parts {
  weight: number;
  state: ServerState;
  meanSec: number;
  varianceSec2: number;
  /** Mean wait in the accept queue (over all requests) and mean hold of a thread: meanSec = waitSec + holdSec. */
  waitSec: number;
  holdSec: number;
  /** Probability that a request waits in the accept queue at all. */
  waitProbability: number;
  /** Mean and variance of the accept-queue wait of a request that waits. */
  waitMeanSec: number;
  waitVarianceSec2: number;
}

/**
 * GIL acquisitions per request: each burst is one, plus the forced switches a burst longer than
 * the switch interval τ suffers when others wait — ⌈b/τ⌉ for fixed bursts, 1 + 1/(e^(τ/b) − 1)
 * for exponential ones, interpolated by the SCV. An event loop is never preempted.
 */
export function gilAcquisitions(
  m: Pick<ServerModelInput, "cpuSec" | "bursts" | "cpuScv" | "switchIntervalSec" | "preemptive">,
): number {
  if (!m.preemptive) return m.bursts;
  const burst = m.cpuSec / m.bursts;
  const fixed = Math.max(1, Math.ceil(burst / m.switchIntervalSec - 1e-9));
  const random = 1 + 1 / Math.expm1(m.switchIntervalSec / burst);
  const w = Math.min(1, m.cpuScv);
  return m.bursts * ((1 - w) * fixed + w * random);
}

/**
 * Mean and variance of the response time of a Python server, from a flow-equivalent server
 * (exact for exponential times) with two-moment corrections for variability.
 */
export function serverModel(m: ServerModelInput): ServerSolution {
  const cpu = m.cpuSec;
  const io = m.ioSec;
  const service = cpu + io; // a request alone: no wait anywhere
  const threadsTotal = m.processes * m.threads;
  const acquisitions = gilAcquisitions(m);
  const holdScv = (cpu * cpu * m.cpuScv + io * io * m.ioScv) / (m.bursts * service * service);
  const gilScv = 1 + ((m.cpuScv - 1) * 2) / (acquisitions + 1);
  const open = "arrivalRatePerSec" in m.load;
  // A thread returning from I/O finds the GIL holder part-way through its hold: the residual
  // (c_a² + c_s²)/2 of a GI/G/1 queue, with the return stream as smooth as the I/O times.
  const collisionScv = io > 0 ? (m.ioScv + gilScv) / 2 : 1;
  const acceptFactor = open ? (1 + holdScv) / 2 : 1;
  const innerFactor = open && m.gil ? (1 + gilScv) / 2 : 1;
  const psShare = m.gil ? (m.threads > 1 ? 1 - 1 / acquisitions : 0) : 1;

  /**
   * Response-time mean and variance of one queue (without the hop). A wait behind K units of
   * work of mean s and SCV c² has variance E[K]·s²·c² + Var(K)·s², with Var(K) = E[K]·(1 + ν·E[K]):
   * ν = 1 for the geometric queues of open load, and for closed load the excess dispersion of
   * the number inside, (Var N − E N)/(E N)², clamped to [0, 1] (0 when N is fixed: Z = 0).
   */
  const parts = (state: ServerState, threads: number, gilBusy: number, coreBusy: number) => {
    const x = state.throughputPerSec;
    const none = { waitProbability: 0, waitMeanSec: 0, waitVarianceSec2: 0 };
    if (!state.stable) {
      return {
        meanSec: Infinity,
        varianceSec2: Infinity,
        waitSec: Infinity,
        holdSec: Infinity,
        ...none,
      };
    }
    if (x === 0) {
      const idle = { meanSec: service, varianceSec2: holdScv * service * service };
      return { ...idle, waitSec: 0, holdSec: service, ...none };
    }
    const nu = open
      ? 1
      : Math.min(
          1,
          Math.max(
            0,
            (state.varianceInSystem - state.meanInSystem) /
              (state.meanInSystem * state.meanInSystem),
          ),
        );
    // Accept queue: J departures at the capacity rate, each as variable as a thread's hold.
    const acceptWait = state.meanAcceptQueue / x;
    const departures = acceptWait * state.capacityPerSec;
    const departureScv = Math.min(1, holdScv);
    const acceptVariance = Math.max(
      0,
      state.acceptWaitSecondMomentSec2 -
        acceptWait * acceptWait -
        (departures * (1 - departureScv)) / (state.capacityPerSec * state.capacityPerSec),
    );
    // Contention inside: for the GIL or for the cores.
    const inner = Math.max(0, state.meanInSystem / x - acceptWait - service);
    const contention = innerFactor * inner;
    // The corrections change how long a request stays, not how many threads there are: a hold
    // that would keep more than the threads busy (x·hold > T, which an inner factor above 1 can
    // ask near saturation) is cut to T/x and the rest of the time is spent waiting for a thread.
    const pw = state.probabilityOfWaiting;
    const overflow = pw > 0 ? Math.max(0, service + contention - threads / x) : 0;
    const wait = acceptFactor * acceptWait + overflow;
    const hold = service + contention - overflow;
    // The wait is for the GIL when it is the busier resource, else for the cores (shared equally).
    const gilContended = m.gil && m.threads > 1 && gilBusy >= coreBusy;
    const share = gilContended ? psShare : 1;
    const unit = gilContended ? cpu / acquisitions : cpu / m.bursts;
    const unitScv = gilContended ? gilScv : m.cpuScv;
    const u = Math.min(Math.max(gilContended ? gilBusy : coreBusy, 1e-9), 1 - 1e-9);
    const fcfs = contention * unit * (1 + unitScv) + nu * contention * contention;
    const ps = ((nu * 2) / (u * (2 - u))) * contention * contention;
    const inService = service + contention;
    // Time-sliced sharing stretches a request in proportion to its own length; an event loop
    // takes turns per burst, so others' work does not grow with the length of one's bursts.
    const sized = gilContended && !m.preemptive ? 0 : share;
    const sizeSpread = (1 - sized) * service * service + sized * inService * inService;
    const variance =
      acceptFactor * acceptFactor * acceptVariance +
      holdScv * sizeSpread +
      (1 - share) * fcfs +
      share * ps;
    // A request either finds a free thread (no wait) or waits: the wait's mean and variance
    // given that it waits, so that the response time can be a mixture of the two cases (same
    // mean and variance as the whole, but the tail of the wait kept apart from the hold).
    const waitVariance = acceptFactor * acceptFactor * acceptVariance;
    const given = pw > 0 && wait > 0 ? wait / pw : 0;
    return {
      meanSec: wait + hold,
      varianceSec2: variance,
      waitSec: wait,
      holdSec: hold,
      waitProbability: given > 0 ? pw : 0,
      waitMeanSec: given,
      waitVarianceSec2:
        given > 0 ? Math.max(0, (waitVariance + wait * wait) / pw - given * given) : 0,
    };
  };

  const list: Parts[] = [];
  let capacity: number;
  let throughput: number;
  if (m.weights === undefined) {
    const mu = completionRates({
      processes: m.processes,
      threads: m.threads,
      cores: m.cores,
      cpuSec: cpu,
      ioSec: io,
      gil: m.gil,
      gilScv: collisionScv,
    });
    const state =
      "arrivalRatePerSec" in m.load
        ? openServer(mu, threadsTotal, m.load.arrivalRatePerSec)
        : closedServer(mu, threadsTotal, m.load.clients, m.load.thinkTimeSec + m.hopSec);
    capacity = state.capacityPerSec;
    throughput = state.throughputPerSec;
    const gilBusy = Math.min(1, (throughput * cpu) / m.processes);
    const p = parts(state, threadsTotal, gilBusy, Math.min(1, (throughput * cpu) / m.cores));
    list.push({ weight: 1, state, ...p });
  } else {
    const pinned = pinnedStates(m, collisionScv);
    capacity = pinned.capacity;
    throughput = 0;
    for (const q of pinned.queues) {
      throughput += q.state.throughputPerSec;
      const p = parts(q.state, m.threads, q.gilBusy, pinned.coreBusy);
      list.push({ weight: q.weight, state: q.state, ...p });
    }
    for (const q of list)
      q.weight = throughput > 0 ? q.state.throughputPerSec / throughput : q.weight;
  }
  const stable = list.every((q) => q.state.stable);
  const hop = m.hopSec;
  let mean = 0;
  let second = 0;
  let acceptWait = 0;
  for (const q of list) {
    mean += q.weight * q.meanSec;
    second += q.weight * (q.varianceSec2 + q.meanSec * q.meanSec);
    acceptWait += q.weight * q.waitSec;
  }
  // P·T <= C threads without a shared GIL, no I/O, exponential CPU, Poisson arrivals: the server is
  // exactly M/M/c (c = P·T), response-time law included.
  const station =
    stable &&
    "arrivalRatePerSec" in m.load &&
    m.load.arrivalRatePerSec > 0 &&
    m.weights === undefined &&
    io === 0 &&
    m.cpuScv === 1 &&
    m.bursts === 1 &&
    (!m.gil || m.threads === 1) &&
    threadsTotal <= m.cores
      ? mmc({
          arrivalRatePerSec: m.load.arrivalRatePerSec,
          serviceTimeSec: cpu,
          servers: threadsTotal,
        })
      : undefined;
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
  // Each queue's response time: with probability 1 − P(wait) only the hold in a thread, else the
  // hold plus the wait, each a gamma law on its mean and variance.
  const components: ResponseComponent[] = [];
  for (const q of list) {
    const pw = q.waitProbability;
    const holdMean = q.holdSec;
    const holdVariance = Math.max(
      0,
      q.varianceSec2 - pw * (q.waitVarianceSec2 + q.waitMeanSec ** 2) + (pw * q.waitMeanSec) ** 2,
    );
    components.push({
      weight: q.weight * (1 - pw),
      meanSec: hop + holdMean,
      varianceSec2: holdVariance,
    });
    if (pw > 0) {
      components.push({
        weight: q.weight * pw,
        meanSec: hop + holdMean + q.waitMeanSec,
        varianceSec2: holdVariance + q.waitVarianceSec2,
      });
    }
  }
  const survival = (t: number): number => {
    let s = 0;
    for (const c of components) {
      s += c.weight * gammaSurvival(c.meanSec - hop, c.varianceSec2, t - hop);
    }
    return s;
  };
  return {
    stable,
    // Product form: exponential times, one queue, no GIL shared between processes' threads, and
    // either no I/O (behind an accept queue a request holding cpu + io is not exponential) or a
    // closed loop that never fills the threads (the finite-source model).
    exact:
      m.cpuScv === 1 &&
      m.bursts === 1 &&
      m.weights === undefined &&
      (!m.gil || m.threads === 1 || m.processes === 1) &&
      (io === 0 || ("clients" in m.load && m.load.clients <= threadsTotal && m.ioScv === 1)),
    throughputPerSec: x,
    capacityPerSec: capacity,
    meanResponseTimeSec: response,
    responseTimeVarianceSec2: variance,
    inFlight: stable ? x * response : Infinity,
    meanAcceptQueue: stable ? x * acceptWait : Infinity,
    meanAcceptWaitSec: stable ? acceptWait : Infinity,
    meanHoldSec: hold,
    meanBusyThreads: busy,
    threadUtilization: busy / threadsTotal,
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
