import type { AppProfileInput } from "../python/appProfile.js";
import type { MachineInput } from "./deployment.js";
import { evaluateDeployment, type DeploymentEvaluation } from "./evaluateDeployment.js";
import type { PodQuestion, PodShape } from "./podInputs.js";
import { cpuQuantity, memoryQuantity, msWords, sizeWords } from "./podQuantities.js";
import { serverCommand } from "./servers/serverCommand.js";
import type { ServerDeploymentInput } from "./servers/serverInputs.js";

// The gunicorn configurations sizePods tries in a pod, and how one is judged at a load. Internal.

/** One gunicorn configuration of a pod. */
export interface PodCandidate {
  workerClass: "sync" | "gthread";
  workers: number;
  /** Threads per worker (1 for sync). */
  threads: number;
  settings: ServerDeploymentInput;
  command: string;
}

/** Why a configuration fails at a pod count. */
export type PodRejection = "oom-killed" | "saturation" | "slo";

/** One configuration judged at one pod's load. */
export interface PodVerdict {
  reasons: PodRejection[];
  /** The reasons in words, with their numbers. */
  messages: string[];
  evaluation: DeploymentEvaluation;
}

/**
 * Threads the quota keeps busy: ⌈limit × (CPU + I/O) ÷ CPU⌉, enough single-threaded workers to
 * keep the limit running while the others wait for I/O (as {@link containerDefaults} matches).
 */
export function feedableThreads(limitCores: number, app: AppProfileInput): number {
  const io = app.ioTimeSec;
  return Math.max(1, Math.ceil((limitCores * (app.cpuTimeSec + io)) / app.cpuTimeSec - 1e-9));
}

/**
 * The configurations tried under a CPU limit L, with m = {@link feedableThreads}: sync workers
 * ⌈L⌉, m, ⌈1.5·m⌉ and 2·m; gthread workers ⌈L⌉ (one per core of the limit) with ⌈m ÷ workers⌉
 * and twice as many threads (at least 2).
 */
export function podCandidates(q: PodQuestion, limitCores: number): PodCandidate[] {
  const m = feedableThreads(limitCores, q.app);
  const base = Math.max(1, Math.ceil(limitCores - 1e-9));
  const list: PodCandidate[] = [];
  const add = (workerClass: "sync" | "gthread", workers: number, threads: number) => {
    if (
      list.some(
        (c) => c.workerClass === workerClass && c.workers === workers && c.threads === threads,
      )
    )
      return;
    const settings = {
      server: "gunicorn",
      workerClass,
      workers,
      ...(workerClass === "gthread" ? { threads } : {}),
    } as ServerDeploymentInput;
    const command = serverCommand(settings, { app: q.appModule }).command;
    list.push({ workerClass, workers, threads, settings, command });
  };
  if (q.workerClasses.includes("sync")) {
    for (const w of [base, m, Math.ceil(1.5 * m), 2 * m].sort((a, b) => a - b)) add("sync", w, 1);
  }
  if (q.workerClasses.includes("gthread")) {
    const t = Math.max(2, Math.ceil(m / base));
    add("gthread", base, t);
    add("gthread", base, 2 * t);
  }
  return list;
}

/** Evaluates a configuration on the node with these container limits at `ratePerSec`. */
function evaluateIn(
  q: PodQuestion,
  c: PodCandidate,
  limits: Partial<MachineInput>,
  ratePerSec: number,
): DeploymentEvaluation {
  return evaluateDeployment({
    deployment: c.settings,
    app: q.app,
    machine: { cores: q.node.cores, memoryBytes: q.node.memoryBytes, ...limits },
    load: { arrivalRatePerSec: ratePerSec },
  });
}

/**
 * Evaluates a configuration under a CPU limit at `ratePerSec` (its memory limit apart: the
 * throttling does not depend on it, so one evaluation serves every memory size).
 */
export function evaluatePod(
  q: PodQuestion,
  cpuLimitCores: number,
  c: PodCandidate,
  ratePerSec: number,
): DeploymentEvaluation {
  return evaluateIn(q, c, { cpuLimitCores, cpuPeriodSec: q.cpuPeriodSec }, ratePerSec);
}

/**
 * The memory of a configuration in a pod of `shape`: Σ PSS and the OOM verdict (a sync or
 * gthread worker holds every thread's request memory whatever the load, so the load is nil).
 */
export function podMemory(q: PodQuestion, shape: PodShape, c: PodCandidate): DeploymentEvaluation {
  return evaluateIn(q, c, { memoryLimitBytes: shape.memoryLimitBytes }, 0);
}

/** The OOM verdict in words: the master and the workers' Σ PSS against the limit. */
export function oomMessage(e: DeploymentEvaluation, c: PodCandidate, limitBytes: number): string {
  const master = e.memory.master.pssBytes;
  const worker = (e.pssBytes - master) / c.workers;
  const what = `${c.workers} ${c.workers === 1 ? "worker" : "workers"}`;
  const masterPart = master > 0 ? ` + master ${sizeWords(master)}` : "";
  return `${what} × ${sizeWords(worker)}${masterPart} = ${sizeWords(e.pssBytes)} against a ${memoryQuantity(limitBytes)} limit: OOM-killed`;
}

/** Judges a configuration at one pod's load against the SLO and the limits. */
export function judgePod(
  q: PodQuestion,
  shape: PodShape,
  c: PodCandidate,
  e: DeploymentEvaluation,
  ratePerSec: number,
  memory: DeploymentEvaluation,
): PodVerdict {
  const reasons: PodRejection[] = [];
  const messages: string[] = [];
  const label = q.quantile === 0.5 ? "median" : `p${+(q.quantile * 100).toFixed(3)}`;
  if (memory.memory.oomKilled === true) {
    reasons.push("oom-killed");
    messages.push(oomMessage(memory, c, shape.memoryLimitBytes));
  }
  const used = ratePerSec * e.cpuSecPerRequest;
  const limitUse = used / shape.cpuLimitCores;
  if (!e.stable || limitUse > q.maxCpuUtilization) {
    reasons.push("saturation");
    messages.push(
      `${+ratePerSec.toPrecision(3)} req/s × ${msWords(e.cpuSecPerRequest)} CPU = ${used.toFixed(2)} cores against a CPU limit of ${cpuQuantity(shape.cpuLimitCores)} (${(limitUse * 100).toFixed(0)} %, at most ${(q.maxCpuUtilization * 100).toFixed(0)} %): the quota cannot feed the load`,
    );
  }
  const quantile = e.stable ? e.responseTimeQuantileSec(q.quantile) : Infinity;
  if (!(quantile <= q.targetSec)) {
    reasons.push("slo");
  }
  if (e.stable && !(quantile <= q.targetSec)) {
    const f = e.throttling?.throttledPeriodFraction ?? 0;
    const per = e.throttling?.throttledSecPerRequest ?? 0;
    messages.push(
      `${label} ${msWords(quantile)} over the ${msWords(q.targetSec)} SLO at ${+ratePerSec.toPrecision(3)} req/s per pod (throttled in ${(f * 100).toFixed(0)} % of the periods, ${msWords(per)} per request)`,
    );
  }
  return { reasons, messages, evaluation: e };
}
