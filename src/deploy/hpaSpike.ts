import { desiredReplicas } from "./hpaReplicas.js";
import type { Autoscaler } from "./podInputs.js";

/** How the horizontal pod autoscaler meets a step of the load, as {@link sizePods} reports it. */
export interface SpikeReaction {
  /** Pods before the spike: where the HPA settles at the mean load. */
  podsBefore: number;
  /** Where the HPA settles at the peak, by its formula: ⌈peak × CPU ÷ (request × target)⌉. */
  settledPodsAtPeak: number;
  /**
   * The most pods the HPA asks for: more than `settledPodsAtPeak` when a backlog built up,
   * since pods draining it run at their CPU limit (scale-down, 5 minutes later, is not modelled).
   */
  mostPods: number;
  /** The load of the spike, requests per second (the mean × `load.peakFactor`). */
  peakArrivalRatePerSec: number;
  /** From the step until the ready pods first serve the peak, seconds (`Infinity` if they never do). */
  reactionSec: number;
  /** Time the arrivals exceed what the ready pods serve, seconds (`Infinity` if the HPA stops short of the peak). */
  overCapacitySec: number;
  /** From the step until the requests queued meanwhile are served, seconds. */
  drainedSec: number;
  /** Most requests queued beyond what the pods serve. */
  peakBacklogRequests: number;
  /** The longest queueing a request meets meanwhile: the backlog ÷ the ready pods' capacity, seconds. */
  worstQueueWaitSec: number;
  /** The SLO's quantile at the peak on the pods of before, until new ones are ready (`Infinity` over capacity). */
  quantileBeforeScaleUpSec: number;
  /** The HPA's decisions: when, the pods ready and the pods asked for. */
  decisions: { timeSec: number; readyPods: number; desiredPods: number }[];
  method: "approximation";
}

/** The pods and figures the spike model needs. @internal */
export interface SpikeQuestion {
  podsBefore: number;
  peakArrivalRatePerSec: number;
  /** Requests per second one pod serves at most. */
  capacityPerPodSec: number;
  cpuSecPerRequest: number;
  cpuRequestCores: number;
  quantileBeforeScaleUpSec: number;
  autoscaler: Autoscaler;
}

/** The HPA's default scale-up policy: 4 pods or 100 % of the pods per 15 s, whichever is more. */
const scaleUpCap = (pods: number): number => pods + Math.max(4, pods);
/** After this long the model stops: the peak is then beyond `maxReplicas`. */
const HORIZON_SEC = 86_400;

/**
 * A fluid model of the HPA against a step of the load from the mean to the peak at t = 0, just
 * after a sync (the worst case). The HPA decides every sync period once the scale-up
 * stabilization window has passed, with the ready pods' CPU (each pod's use capped by what it
 * serves; pods starting count as 0 %, as the HPA does when scaling up), its tolerance, its default
 * scale-up policy (4 pods or 100 % per period) and `maxReplicas`; a new pod serves after
 * `podStartupSec`. Requests beyond what the ready pods serve queue (a fluid backlog, FIFO), so a
 * request waits the backlog ÷ the capacity. Scale-down is not modelled (its window is 5 minutes).
 */
export function hpaSpike(q: SpikeQuestion): SpikeReaction {
  const a = q.autoscaler;
  const peak = q.peakArrivalRatePerSec;
  const c = q.capacityPerPodSec;
  let t = 0;
  let ready = q.podsBefore;
  let total = q.podsBefore;
  let backlog = 0;
  let over = 0;
  let drained = 0;
  let peakBacklog = 0;
  let worstWait = 0;
  let reaction: number | undefined = q.podsBefore * c >= peak ? 0 : undefined;
  const pending: { at: number; pods: number }[] = [];
  const decisions: SpikeReaction["decisions"] = [];
  const firstDecision = a.syncPeriodSec + a.scaleUpStabilizationSec;
  let nextDecision = Math.ceil(firstDecision / a.syncPeriodSec - 1e-9) * a.syncPeriodSec;
  let settled = false;
  while (t < HORIZON_SEC) {
    const nextReady = pending.length > 0 ? pending[0]!.at : Infinity;
    const next = Math.min(nextDecision, nextReady);
    // The backlog from t to next, at `ready` pods.
    const net = peak - ready * c;
    const dt = next - t;
    if (net > 0) {
      backlog += net * dt;
      over += dt;
      drained = next;
    } else if (backlog > 0) {
      const gone = Math.min(dt, backlog / -net);
      backlog = Math.max(0, backlog + net * dt);
      drained = t + gone;
    }
    peakBacklog = Math.max(peakBacklog, backlog);
    if (ready * c > 0) worstWait = Math.max(worstWait, backlog / (ready * c));
    t = next;
    if (settled && pending.length === 0 && backlog === 0) break;
    if (next === nextReady) {
      ready += pending.shift()!.pods;
      if (ready * c >= peak && reaction === undefined) reaction = t;
      continue;
    }
    const served = backlog > 0 ? ready * c : Math.min(peak, ready * c);
    const ratio =
      (served * q.cpuSecPerRequest) / (q.cpuRequestCores * a.targetCpuUtilization * total);
    const wanted = Math.min(
      a.maxReplicas,
      scaleUpCap(total),
      desiredReplicas(total, ratio, a.tolerance),
    );
    decisions.push({ timeSec: t, readyPods: ready, desiredPods: Math.max(total, wanted) });
    settled = !(wanted > total) && pending.length === 0 && ready * c >= peak;
    if (wanted > total) {
      pending.push({ at: t + a.podStartupSec, pods: wanted - total });
      total = wanted;
    } else if (pending.length === 0 && ready * c < peak) {
      break; // stalled: the HPA asks for no more pods (maxReplicas, or pods pinned at their limit)
    }
    nextDecision = t + a.syncPeriodSec;
  }
  const carried = ready * c >= peak;
  return {
    podsBefore: q.podsBefore,
    settledPodsAtPeak: Math.min(
      a.maxReplicas,
      Math.ceil((peak * q.cpuSecPerRequest) / (q.cpuRequestCores * a.targetCpuUtilization) - 1e-9),
    ),
    mostPods: total,
    peakArrivalRatePerSec: peak,
    reactionSec: reaction ?? Infinity,
    overCapacitySec: carried ? over : Infinity,
    drainedSec: carried ? drained : Infinity,
    peakBacklogRequests: carried ? peakBacklog : Infinity,
    worstQueueWaitSec: carried ? worstWait : Infinity,
    quantileBeforeScaleUpSec: q.quantileBeforeScaleUpSec,
    decisions,
    method: "approximation",
  };
}
