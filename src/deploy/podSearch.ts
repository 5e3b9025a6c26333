import type { DeploymentEvaluation } from "./evaluateDeployment.js";
import {
  evaluatePod,
  feedableThreads,
  judgePod,
  podCandidates,
  podMemory,
  type PodCandidate,
  type PodVerdict,
} from "./podCandidates.js";
import type { PodQuestion, PodShape } from "./podInputs.js";
import { cpuQuantity, sizeWords } from "./podQuantities.js";
import type { PodConfiguration } from "./podResult.js";
import { leastPassing } from "./sizeSearch.js";

// The search of one pod shape: for each configuration the least pods that meet the SLO, each
// evaluation once. Internal.

/** The most pods a shape is tried with. */
export const MAX_PODS = 100_000;
/** Gains of the quantile below this share per step of the pod count count as none. */
const NO_GAIN = 1e-3;

/** Evaluations under a CPU limit, shared by the shapes of the same limit (memory apart). */
export type PodEvaluator = (
  limitCores: number,
  c: PodCandidate,
  ratePerSec: number,
) => DeploymentEvaluation;

/** An evaluator that evaluates each limit, configuration and load once. */
export function cachedEvaluator(q: PodQuestion): PodEvaluator {
  const seen = new Map<string, DeploymentEvaluation>();
  return (limit, c, rate) => {
    const key = `${limit}|${c.command}|${rate}`;
    let e = seen.get(key);
    if (e === undefined) {
      e = evaluatePod(q, limit, c, rate);
      seen.set(key, e);
    }
    return e;
  };
}

/** What the search of a shape found. */
export interface ShapeSearch {
  configurations: PodConfiguration[];
  /** Index of the configuration chosen, or undefined. */
  best: number | undefined;
  /** Its least pods; otherwise the most tried. */
  pods: number;
  /** The chosen configuration's verdict at `pods`, and at one pod fewer (when above one). */
  at: PodVerdict | undefined;
  below: PodVerdict | undefined;
}

/**
 * For each configuration in turn, the least pods with which it meets the SLO (galloping from the
 * utilization law's bound ⌈λ × CPU ÷ (limit × max utilization)⌉, then bisecting) — or, once a
 * count is known, only whether it does with fewer: a configuration that fails at the best count
 * so far fails with fewer too (each pod takes more load), and its reasons there are recorded.
 */
export function searchShape(
  q: PodQuestion,
  shape: PodShape,
  rate: number,
  at: PodEvaluator,
): ShapeSearch {
  const limit = shape.cpuLimitCores;
  const configurations: PodConfiguration[] = [];
  let best: number | undefined;
  let bestPods = MAX_PODS;
  let bestPss = Infinity;
  const feed = feedableThreads(limit, q.app);
  for (const c of podCandidates(q, limit)) {
    const memory = podMemory(q, shape, c);
    const judge = (pods: number) => {
      const perPod = rate / pods;
      return judgePod(q, shape, c, at(limit, c, perPod), perPod, memory);
    };
    const ok = (pods: number) => judge(pods).reasons.length === 0;
    const row = (
      pods: number | undefined,
      atPods: number,
      v: PodVerdict | undefined,
    ): PodConfiguration => ({
      workerClass: c.workerClass,
      workers: c.workers,
      threads: c.threads,
      command: c.command,
      pssBytes: memory.pssBytes,
      oomKilled: memory.memory.oomKilled === true,
      pods,
      reasons: v?.reasons ?? [],
      messages: v?.messages ?? [],
      atPods,
      ...overThreaded(c, feed, limit, memory),
    });
    if (memory.memory.oomKilled === true) {
      configurations.push(row(undefined, bestPods, judgePod(q, shape, c, memory, 0, memory)));
      continue;
    }
    const lo = Math.max(
      1,
      Math.ceil((rate * memory.cpuSecPerRequest) / (limit * q.maxCpuUtilization) - 1e-9),
    );
    // Failing at the most pods tried (the lightest load) it fails at every count: one evaluation.
    if (lo > bestPods || !ok(bestPods)) {
      configurations.push(row(undefined, bestPods, judge(bestPods)));
      continue;
    }
    const hopeless = (a: number, b: number) => {
      const qa = judge(a).evaluation;
      const qb = judge(b).evaluation;
      if (!qa.stable || !qb.stable) return false;
      const ya = qa.responseTimeQuantileSec(q.quantile);
      return qb.responseTimeQuantileSec(q.quantile) >= ya * (1 - NO_GAIN);
    };
    const pods = leastPassing(Math.min(lo, bestPods), bestPods, ok, hopeless);
    if (pods === undefined) {
      const tried = best === undefined ? MAX_PODS : bestPods;
      configurations.push(row(undefined, tried, judge(tried)));
      continue;
    }
    configurations.push(row(pods, pods, judge(pods)));
    if (pods < bestPods || (pods === bestPods && memory.pssBytes < bestPss)) {
      best = configurations.length - 1;
      bestPods = pods;
      bestPss = memory.pssBytes;
    }
  }
  if (best === undefined)
    return { configurations, best, pods: bestPods, at: undefined, below: undefined };
  const chosen = podCandidates(q, limit)[best]!;
  const memory = podMemory(q, shape, chosen);
  const verdict = (pods: number) =>
    judgePod(q, shape, chosen, at(limit, chosen, rate / pods), rate / pods, memory);
  return {
    configurations,
    best,
    pods: bestPods,
    at: verdict(bestPods),
    below: bestPods > 1 ? verdict(bestPods - 1) : undefined,
  };
}

/** The note of a configuration with more threads than the quota keeps busy. */
function overThreaded(c: PodCandidate, feed: number, limit: number, memory: DeploymentEvaluation) {
  const threads = c.workers * c.threads;
  if (!(threads > feed)) return {};
  const extra = threads - feed;
  // What the extra threads hold: whole workers for sync, their share of the workers for gthread.
  const perThread = (memory.pssBytes - memory.memory.master.pssBytes) / threads;
  return {
    note: `${threads} threads where a ${cpuQuantity(limit)} quota keeps about ${feed} busy: the other ${extra} hold about ${sizeWords(extra * perThread)} and wait for the quota`,
  };
}
