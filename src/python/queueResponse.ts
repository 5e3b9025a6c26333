import type { ServerState } from "./birthDeathServer.js";
import type { RequestShape } from "./requestShape.js";
import type { ServerModelInput } from "./serverModelInput.js";

/** The response time of one queue (the shared one, or one pinned process), without the hop. */
export interface QueueResponse {
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

const NO_WAIT = { waitProbability: 0, waitMeanSec: 0, waitVarianceSec2: 0 };

/**
 * Response-time mean and variance of one queue (without the hop). A wait behind K units of
 * work of mean s and SCV c² has variance E[K]·s²·c² + Var(K)·s², with Var(K) = E[K]·(1 + ν·E[K]):
 * ν = 1 for the geometric queues of open load, and for closed load the excess dispersion of
 * the number inside, (Var N − E N)/(E N)², clamped to [0, 1] (0 when N is fixed: Z = 0).
 */
export function queueResponse(
  m: ServerModelInput,
  shape: RequestShape,
  state: ServerState,
  threads: number,
  gilBusy: number,
  coreBusy: number,
): QueueResponse {
  const service = shape.serviceSec;
  const x = state.throughputPerSec;
  if (!state.stable) {
    return {
      meanSec: Infinity,
      varianceSec2: Infinity,
      waitSec: Infinity,
      holdSec: Infinity,
      ...NO_WAIT,
    };
  }
  if (x === 0) {
    const idle = { meanSec: service, varianceSec2: shape.holdScv * service * service };
    return { ...idle, waitSec: 0, holdSec: service, ...NO_WAIT };
  }
  const dispersion = shape.open ? 1 : excessDispersion(state);
  const acceptWait = state.meanAcceptQueue / x;
  const acceptVariance = acceptWaitVariance(state, acceptWait, shape.holdScv);
  // Contention inside: for the GIL or for the cores.
  const inner = Math.max(0, state.meanInSystem / x - acceptWait - service);
  const contention = shape.innerFactor * inner;
  // The corrections change how long a request stays, not how many threads there are: a hold
  // that would keep more than the threads busy (x·hold > T, which an inner factor above 1 can
  // ask near saturation) is cut to T/x and the rest of the time is spent waiting for a thread.
  const pw = state.probabilityOfWaiting;
  const overflow = pw > 0 ? Math.max(0, service + contention - threads / x) : 0;
  const wait = shape.acceptFactor * acceptWait + overflow;
  const hold = service + contention - overflow;
  const waitVariance = shape.acceptFactor * shape.acceptFactor * acceptVariance;
  const variance = responseVariance(m, shape, {
    waitVarianceSec2: waitVariance,
    contentionSec: contention,
    dispersion,
    gilBusy,
    coreBusy,
  });
  // A request either finds a free thread (no wait) or waits: the wait's mean and variance
  // given that it waits, so that the response time can be a mixture of the two cases (same
  // mean and variance as the whole, but the tail of the wait kept apart from the hold).
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
}

/** ν of a closed queue: (Var N − E N)/(E N)² of the number inside, clamped to [0, 1]. */
function excessDispersion(state: ServerState): number {
  const excess =
    (state.varianceInSystem - state.meanInSystem) / (state.meanInSystem * state.meanInSystem);
  return Math.min(1, Math.max(0, excess));
}

/**
 * Variance of the accept-queue wait: J departures at the capacity rate, each as variable as a
 * thread's hold.
 */
function acceptWaitVariance(state: ServerState, acceptWait: number, holdScv: number): number {
  const departures = acceptWait * state.capacityPerSec;
  const departureScv = Math.min(1, holdScv);
  return Math.max(
    0,
    state.acceptWaitSecondMomentSec2 -
      acceptWait * acceptWait -
      (departures * (1 - departureScv)) / (state.capacityPerSec * state.capacityPerSec),
  );
}

/**
 * Variance of the response time: the accept-queue wait's, the spread of the hold's sizes, and
 * the wait inside, first come first served or shared.
 */
function responseVariance(
  m: ServerModelInput,
  shape: RequestShape,
  q: {
    waitVarianceSec2: number;
    contentionSec: number;
    dispersion: number;
    gilBusy: number;
    coreBusy: number;
  },
): number {
  const cpu = m.cpuSec;
  const service = shape.serviceSec;
  const contention = q.contentionSec;
  const nu = q.dispersion;
  // The wait is for the GIL when it is the busier resource, else for the cores (shared equally).
  const gilContended = m.gil && m.threads > 1 && q.gilBusy >= q.coreBusy;
  const share = gilContended ? shape.psShare : 1;
  const unit = gilContended ? cpu / shape.acquisitions : cpu / m.bursts;
  const unitScv = gilContended ? shape.gilScv : m.cpuScv;
  const u = Math.min(Math.max(gilContended ? q.gilBusy : q.coreBusy, 1e-9), 1 - 1e-9);
  const fcfs = contention * unit * (1 + unitScv) + nu * contention * contention;
  const ps = ((nu * 2) / (u * (2 - u))) * contention * contention;
  const inService = service + contention;
  // Time-sliced sharing stretches a request in proportion to its own length; an event loop
  // takes turns per burst, so others' work does not grow with the length of one's bursts.
  const sized = gilContended && !m.preemptive ? 0 : share;
  const sizeSpread = (1 - sized) * service * service + sized * inService * inService;
  return q.waitVarianceSec2 + shape.holdScv * sizeSpread + (1 - share) * fcfs + share * ps;
}
