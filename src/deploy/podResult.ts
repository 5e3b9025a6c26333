import type { DeploymentInput } from "./deployment.js";
import type { SpikeReaction } from "./hpaSpike.js";
import type { PodShape } from "./podInputs.js";
import type { PodRejection } from "./podCandidates.js";

export type { SpikeReaction } from "./hpaSpike.js";
export type { PodRejection } from "./podCandidates.js";

/** One gunicorn configuration of a pod shape, as {@link sizePods} found it. */
export interface PodConfiguration {
  workerClass: "sync" | "gthread";
  workers: number;
  /** Threads per worker (1 for sync). */
  threads: number;
  /** The gunicorn command line. */
  command: string;
  /** Σ PSS of master and workers, bytes: what the container's memory limit is charged. */
  pssBytes: number;
  /** True when Σ PSS exceeds the memory limit. */
  oomKilled: boolean;
  /** The least pods with which it meets the SLO, when that is at most the shape's count; else undefined. */
  pods: number | undefined;
  /** Why it fails at `atPods` pods (empty when it does not fail there). */
  reasons: PodRejection[];
  /** The reasons with their numbers. */
  messages: string[];
  /** The pod count the reasons are for. */
  atPods: number;
  /** Threads beyond what the quota keeps busy (⌈limit × (CPU + I/O) ÷ CPU⌉), with what they cost. */
  note?: string;
}

/** The horizontal pod autoscaler on a pod shape. */
export interface PodAutoscaling {
  /** Where the HPA settles at the mean load: ⌈λ × CPU ÷ (request × target)⌉. */
  settledPods: number;
  /** Set when the HPA would settle below the pods the SLO needs: what to change. */
  note?: string;
  spike: SpikeReaction;
}

/** One pod shape: the pods it takes and what they cost, or why it cannot carry the load. */
export interface PodPlan {
  shape: PodShape;
  feasible: boolean;
  /** Pods to run: the least that meet the SLO, or the HPA's settled count when that is more. */
  pods: number;
  /** The least pods that meet the SLO at the planned load. */
  podsForSlo: number;
  /** The configuration run in each pod (the least pods, then the least memory). */
  best: PodConfiguration | undefined;
  /** The model deployment of `best`. */
  deployment: DeploymentInput | undefined;
  /** Requests per second each pod serves. */
  arrivalRatePerPodSec: number;
  /** The SLO's quantile in one pod, seconds. */
  quantileSec: number;
  /** The most requests per second a pod serves (its capacity). */
  capacityPerPodSec: number;
  /** pods × `capacityPerPodSec`. */
  totalCapacityPerSec: number;
  /** Share of the CPU limit used. */
  limitUtilization: number;
  throttledPeriodFraction: number;
  /** The pod's requests with its sidecar: cores and bytes a node reserves for it. */
  podCpuRequestCores: number;
  podMemoryRequestBytes: number;
  costPerPod: number;
  /** pods × `costPerPod`. */
  cost: number;
  /** Pods that fit one node's allocatable resources and `maxPods`. */
  podsPerNode: number;
  /** Nodes the pods need (`Infinity` when a pod does not fit a node). */
  nodes: number;
  /** Every configuration tried, with why it fails. */
  configurations: PodConfiguration[];
  /** Why the shape cannot carry the load, or why one pod fewer fails. */
  why: string[];
  /** The `resources:` block of the app container, YAML. */
  resources: string;
  autoscaling?: PodAutoscaling;
}

/** Result of {@link sizePods}. */
export interface PodSizing {
  /** The cheapest feasible shape (then fewer pods, then less memory). */
  recommended: PodPlan | undefined;
  /** The feasible shapes, cheapest first. */
  feasible: PodPlan[];
  /** The shapes that cannot carry the load within the SLO, with why. */
  rejected: PodPlan[];
  /** The load the pods are sized for: the mean with an autoscaler, else the peak. */
  plannedArrivalRatePerSec: number;
  method: "approximation";
}
