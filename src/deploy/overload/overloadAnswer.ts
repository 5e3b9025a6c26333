import { finiteBacklog, type FiniteBacklogResult } from "../../queueing/finiteBacklog.js";
import { retryFixedPoints } from "../../queueing/retryFixedPoints.js";
import { spikeTransient } from "../../queueing/spikeTransient.js";
import type { OverloadQuestion } from "./overloadInput.js";
import { killedByWorkerTimeout, type OverloadStation } from "./overloadStation.js";

/** The deployment at a constant rate of new requests past (or near) its capacity. */
export interface SteadyOverload {
  /** The rate of new requests, per second. */
  arrivalRatePerSec: number;
  /** What turns requests away: the full listen backlog (dropped) or the concurrency limit (503). */
  refusedBy: "backlog" | "concurrencyLimit";
  /** Share refused at once (dropped by the kernel, or a 503). */
  refusedShare: number;
  /** Share answered after the client's timeout (the work done for nobody). */
  timedOutShare: number;
  /** Share killed by the worker timeout (gunicorn `--timeout`, sync workers). */
  killedShare: number;
  /** Share that fails: refused, timed out or killed. */
  failedShare: number;
  /** Responses in time per second. */
  goodputPerSec: number;
  /** Mean wait of an admitted request for a worker, seconds. */
  meanWaitSec: number;
}

/** What a spike does, counted from its start until the queue it leaves has drained. */
export interface SpikeAnswer {
  /** The spike's rate of new requests, per second, and its multiple of the load. */
  arrivalRatePerSec: number;
  factor: number;
  durationSec: number;
  /** Most requests waiting (in the backlog and inside the workers), at the spike's end. */
  peakQueue: number;
  /** Seconds into the spike when the backlog is full and refusals begin; `Infinity` if never. */
  backlogFullAtSec: number;
  /** Seconds into the spike from which responses come after the client's timeout; `Infinity` if never. */
  lateFromSec: number;
  /** The wait plus hold of the last request the peak queue admits, seconds. */
  longestResponseSec: number;
  /** Requests that arrive from the spike's start until recovery. */
  arrivals: number;
  /** Of those, refused (dropped or 503), and the share. */
  refused: number;
  refusedShare: number;
  /** What refuses them: the full listen backlog (dropped) or the concurrency limit (503). */
  refusedBy: "backlog" | "concurrencyLimit";
  /** Of those, answered after the client's timeout, and the share. */
  timedOut: number;
  timedOutShare: number;
  /** Share killed by the worker timeout. */
  killedShare: number;
  /** Responses in time per second, over the spike and its recovery. */
  goodputPerSec: number;
  /** Seconds after the spike's end until the queue has drained; `Infinity` when the load exceeds capacity. */
  recoverySec: number;
}

/** One operating point of a retrying client population (see {@link retryFixedPoints}). */
export interface RetryPoint {
  /** Attempts per second, first tries and retries. */
  attemptRatePerSec: number;
  /** Attempts per new request: the load the retries multiply the new requests into. */
  amplification: number;
  /** Share of new requests that fail after their retries. */
  requestFailedShare: number;
  /** Responses in time per second. */
  goodputPerSec: number;
  /** True where the deployment can stay. */
  stable: boolean;
}

/** The retries' steady states, and whether a spike tips the deployment into the bad one. */
export interface RetryAnswer {
  /** Every operating point, by attempt rate; stable and unstable alternate. */
  points: RetryPoint[];
  /** Two stable points: healthy, or failing on its own retries after a spike. */
  metastable: boolean;
  /** The healthy point (lowest attempt rate) and the failing one (highest); the same when not metastable. */
  good: RetryPoint;
  bad: RetryPoint;
  /**
   * How long a spike of the given height must last to tip a metastable deployment into the bad
   * point (when responses start to come after the timeout); `Infinity` when it never does,
   * undefined without a spike.
   */
  tipAfterSec: number | undefined;
  /** True when the spike lasts longer than `tipAfterSec`. */
  tipsOver: boolean;
}

/** The answers past capacity of {@link evaluateDeployment}. */
export interface OverloadAnswer {
  method: "approximation";
  /** The deployment as one station: servers, service time, waiting places, limit, timeout. */
  station: OverloadStation;
  /** At the load's own rate. */
  steady: SteadyOverload;
  /** With `overload.spike`. */
  spike?: SpikeAnswer;
  /** With `overload.maxRetries` above 0 and a load above 0. */
  retries?: RetryAnswer;
}

/** The station's fields of {@link finiteBacklog} (without the arrival rate). */
function queue(st: OverloadStation, clientTimeoutSec: number) {
  return {
    serviceTimeSec: st.serviceTimeSec,
    servers: st.servers,
    backlog: st.backlog,
    ...(st.concurrencyLimit === undefined ? {} : { concurrencyLimit: st.concurrencyLimit }),
    ...(clientTimeoutSec < Infinity ? { clientTimeoutSec } : {}),
  };
}

/** The share of served requests the worker timeout kills (see killedByWorkerTimeout). */
const killedFraction = (st: OverloadStation): number =>
  killedByWorkerTimeout(st.workerTimeoutSec, st.holdAloneSec, st.workerTimeoutCheckSec);

/** The steady figures of {@link finiteBacklog}, less what the worker timeout kills. */
function steadyAt(st: OverloadStation, q: FiniteBacklogResult, rate: number): SteadyOverload {
  const killed = q.servedShare * killedFraction(st);
  return {
    arrivalRatePerSec: rate,
    refusedBy: q.refusedBy,
    refusedShare: q.refusedShare,
    timedOutShare: q.timedOutShare,
    killedShare: killed,
    failedShare: q.failedShare + killed,
    goodputPerSec: rate * (q.servedShare - killed),
    meanWaitSec: q.meanWaitSec,
  };
}

/**
 * What the load past capacity does to a deployment's station: the steady shares (exact for the
 * station, {@link finiteBacklog}), the spike's fluid ({@link spikeTransient}) and the retries'
 * fixed points ({@link retryFixedPoints}). The worker timeout kills the share of the served
 * still held 0–1 s after T, when gunicorn's arbiter looks (an exponential hold; see
 * killedByWorkerTimeout). @internal
 */
export function overloadAnswer(
  st: OverloadStation,
  question: OverloadQuestion,
  rate: number,
): OverloadAnswer {
  const d = question.clientTimeoutSec;
  const station = queue(st, d);
  const steady = steadyAt(st, finiteBacklog({ ...station, arrivalRatePerSec: rate }), rate);
  const answer: OverloadAnswer = { method: "approximation", station: st, steady };
  const spike = question.spike;
  let lateFrom = Infinity;
  if (spike !== undefined) {
    const answered = spikeAnswer(st, d, rate, spike);
    answer.spike = answered;
    lateFrom = answered.lateFromSec;
  }
  if (question.maxRetries > 0 && rate > 0) {
    // The fixed point evaluates the station 400 times: its waiting places are cut to what 4
    // times the client's timeout (60 s without one) of the capacity fills, past which every
    // waiting request is late anyway (uvicorn without a limit takes 100,000 a worker).
    const capacity = st.servers / st.serviceTimeSec;
    const reach = Math.ceil(4 * capacity * (Math.min(d, 60) + st.serviceTimeSec));
    const r = retryFixedPoints({
      ...station,
      backlog: Math.min(station.backlog, Math.max(st.listen.waitingPlaces, reach)),
      newRequestRatePerSec: rate,
      maxRetries: question.maxRetries,
      retryProbability: question.retryProbability,
    });
    const point = (p: (typeof r.points)[number]): RetryPoint => ({
      attemptRatePerSec: p.attemptRatePerSec,
      amplification: p.amplification,
      requestFailedShare: p.requestFailedShare,
      goodputPerSec: p.goodputPerSec,
      stable: p.stable,
    });
    const tip = spike === undefined ? undefined : r.metastable ? lateFrom : Infinity;
    answer.retries = {
      points: r.points.map(point),
      metastable: r.metastable,
      good: point(r.good),
      bad: point(r.bad),
      tipAfterSec: tip,
      tipsOver: tip !== undefined && spike !== undefined && spike.durationSec > tip,
    };
  }
  return answer;
}

/** The spike's fluid; below capacity, or with a load already past it, the steady figures. */
function spikeAnswer(
  st: OverloadStation,
  d: number,
  rate: number,
  spike: { arrivalRatePerSec: number; durationSec: number },
): SpikeAnswer {
  const capacity = st.servers / st.serviceTimeSec;
  const places = Math.min(st.servers + st.backlog, st.concurrencyLimit ?? Infinity) - st.servers;
  const t = spikeTransient({
    arrivalRatePerSec: rate,
    spikeFactor: spike.arrivalRatePerSec / rate,
    spikeDurationSec: spike.durationSec,
    serviceTimeSec: st.serviceTimeSec,
    servers: st.servers,
    backlog: Math.max(0, places),
    ...(d < Infinity ? { clientTimeoutSec: d } : {}),
  });
  const common = {
    refusedBy:
      (st.concurrencyLimit ?? Infinity) < st.servers + st.backlog
        ? ("concurrencyLimit" as const)
        : ("backlog" as const),
    arrivalRatePerSec: spike.arrivalRatePerSec,
    factor: spike.arrivalRatePerSec / rate,
    durationSec: spike.durationSec,
    peakQueue: t.peakQueue,
    backlogFullAtSec: t.backlogFullAtSec,
    lateFromSec: t.lateFromSec,
    longestResponseSec: t.peakQueue / capacity + st.serviceTimeSec,
  };
  const killed = killedFraction(st);
  if (spike.arrivalRatePerSec <= capacity || !(t.recoverySec < Infinity)) {
    // No fluid queue (the spike fits), or none that drains (the load itself is past capacity):
    // the steady shares at the spike's rate.
    const q = steadyAt(
      st,
      finiteBacklog({ ...queue(st, d), arrivalRatePerSec: spike.arrivalRatePerSec }),
      spike.arrivalRatePerSec,
    );
    const arrivals =
      t.recoverySec < Infinity ? spike.arrivalRatePerSec * spike.durationSec : Infinity;
    // A share of none is none, even of endless arrivals.
    const of = (share: number): number => (share === 0 ? 0 : share * arrivals);
    return {
      ...common,
      arrivals,
      refused: of(q.refusedShare),
      refusedShare: q.refusedShare,
      timedOut: of(q.timedOutShare),
      timedOutShare: q.timedOutShare,
      killedShare: q.killedShare,
      goodputPerSec: q.goodputPerSec,
      recoverySec: t.recoverySec,
    };
  }
  const answered = Math.max(0, t.arrivals - t.refused - t.timedOut);
  return {
    ...common,
    arrivals: t.arrivals,
    refused: t.refused,
    refusedShare: t.refused / t.arrivals,
    timedOut: t.timedOut,
    timedOutShare: t.timedOut / t.arrivals,
    killedShare: (answered * killed) / t.arrivals,
    goodputPerSec: (answered * (1 - killed)) / (spike.durationSec + t.recoverySec),
    recoverySec: t.recoverySec,
  };
}
