import type { AcceptRace } from "../dispatch/acceptRace.js";
import type { SpreadQuantiles } from "../dispatch/splitSpread.js";
import type { AppProfileInput } from "../python/appProfile.js";
import {
  MAX_WORKERS,
  type DeploymentInput,
  type DeploymentKind,
  type GilMode,
  type MachineInput,
} from "./deployment.js";
import { evaluateDeployment, type LoadInput } from "./evaluateDeployment.js";
import { UNLIMITED_CONCURRENCY } from "./servers/gunicorn.js";
import type { ServerDeploymentInput } from "./servers/serverInputs.js";
import type { CandidateFunction } from "./sizeCandidate.js";
import type { SizingServer } from "./sizeServer.js";

export { genericCandidate, type CandidateFunction } from "./sizeCandidate.js";

// What sizeDeployment searches over, and how one configuration is judged. Internal.

/** Why a configuration was rejected. */
export type RejectionReason = "memory" | "saturation" | "slo" | "thrashing";

/** One configuration of the search. */
export interface SizedDeployment {
  deployment: DeploymentInput;
  /** The deployment in the sizing's server's words, when the sizing names a server. */
  settings?: ServerDeploymentInput;
  /** The command that starts it on that server. */
  command?: string;
  feasible: boolean;
  /** Empty when feasible. */
  reasons: RejectionReason[];
  throughputPerSec: number;
  capacityPerSec: number;
  meanResponseTimeSec: number;
  /** The SLO's quantile of the response time, seconds. */
  quantileSec: number;
  coreUtilization: number;
  pssBytes: number;
  /** Capacity over throughput, minus one: how much more load it takes before saturating. */
  headroom: number;
  /** CPU time per request, seconds: the evaluation's `cpuSecPerRequest` (overheads included). */
  cpuSecPerRequest: number;
  /**
   * The machine memory this configuration fits in, bytes: its peak memory over the share the
   * headroom leaves, plus the reserve, rounded up to a whole MiB (`Infinity` when nothing fits).
   */
  machineMemoryNeededBytes: number;
  /**
   * On the recommendation, when it pins keep-alive connections of a known number to more than
   * one process: its SLO quantile over the splits the kernel deals, and whether it meets the SLO
   * only under an even split.
   */
  splits?: SplitCheck;
}

/** The SLO's quantile over the splits of keep-alive connections the kernel deals. */
export interface SplitCheck {
  /** Keep-alive connections of one machine spread over its processes. */
  connections: number;
  /** The response time's SLO quantile over the splits: 10th, 50th and 90th percentiles, seconds. */
  quantileSec: SpreadQuantiles;
  /** The likeliest split: connections per process, largest first. */
  likelySplit: number[];
  /**
   * True when the configuration meets the SLO with an even split but its quantile is over the
   * target in the 90th percentile of the splits: it meets the SLO only when the kernel is kind.
   */
  evenSplitOnly: boolean;
  /**
   * On a sizing's recommendation where the split matters (`evenSplitOnly`, or the quantile's
   * 90th percentile over the splits more than 10 % above the even split's): the changes that even
   * it (see {@link dispatchAdvice}), each with the SLO quantile over the splits it gives and
   * whether that meets the SLO in 90 % of them. Absent elsewhere.
   */
  fixes?: {
    /** `"nginx-keepalive"`: nginx in front with upstream `keepalive 32`. */
    fix: "nginx-keepalive";
    /** The accept race with the change (the lab's, behind nginx). */
    acceptRace: AcceptRace;
    /** The SLO quantile over the splits with the change: 10th, 50th and 90th percentiles, seconds. */
    quantileSec: SpreadQuantiles;
    /** Whether its 90th percentile is within the SLO. */
    meetsSlo: boolean;
  }[];
}

/** The question every configuration is judged against (validated). */
export interface SizingQuestion {
  app: AppProfileInput;
  machine: MachineInput;
  /** The load of one machine. */
  load: LoadInput;
  targetSec: number;
  quantile: number;
  maxCoreUtilization: number;
  kinds: readonly DeploymentKind[];
  candidate: CandidateFunction;
  gil: GilMode;
  preload: boolean;
  /** The server the sizing runs on, when it names one. */
  server?: SizingServer;
}

/** One kind with one thread count (or concurrency): processes range over 1…`maxProcesses`. */
export interface Family {
  kind: DeploymentKind;
  threadsOrConcurrency: number;
  maxProcesses: number;
}

/** Thread counts tried for threaded and daemon deployments. */
export const THREADS = [2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
/** Concurrency limits tried for event loops. */
const CONCURRENCY = [10, 100, 1000];
/** Above this share of CPU time spent switching threads, a configuration thrashes. */
const THRASHING = 0.1;
const MIB = 2 ** 20;

/** The most processes tried on a machine: 4 × cores + 1 (twice gunicorn's rule). */
const maxProcessesFor = (cores: number): number => Math.min(4 * cores + 1, MAX_WORKERS);

/**
 * The families of the search, in a fixed order (the last tie-break of every ranking): those the
 * candidate runs as their kind, each once (a server may give several thread counts or
 * concurrencies one deployment: gunicorn's uvicorn worker sets no limit).
 */
export function familiesOf(
  q: Pick<SizingQuestion, "kinds" | "candidate" | "server">,
  cores: number,
): Family[] {
  const seen = new Set<string>();
  return allFamilies(q.kinds, cores, q.server !== undefined).filter((f) => {
    const d = q.candidate(f.kind, 1, f.threadsOrConcurrency);
    if (d === undefined) return false;
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function allFamilies(kinds: readonly DeploymentKind[], cores: number, server: boolean): Family[] {
  const most = maxProcessesFor(cores);
  // A server's event loops also run with no limit, uvicorn's default and its worker's in gunicorn.
  const concurrency = server ? [...CONCURRENCY, UNLIMITED_CONCURRENCY] : CONCURRENCY;
  return kinds.flatMap((kind): Family[] => {
    if (kind === "threaded") {
      return THREADS.map((t) => ({ kind, threadsOrConcurrency: t, maxProcesses: 1 }));
    }
    if (kind === "prefork") return [{ kind, threadsOrConcurrency: 1, maxProcesses: most }];
    const list = kind === "daemon" ? THREADS : concurrency;
    return list.map((t) => ({ kind, threadsOrConcurrency: t, maxProcesses: most }));
  });
}

/** Evaluates one deployment against the question and says why it fails, if it does. */
export function assess(q: SizingQuestion, deployment: DeploymentInput): SizedDeployment {
  const e = evaluateDeployment({ deployment, app: q.app, machine: q.machine, load: q.load });
  const quantileSec = e.stable ? e.responseTimeQuantileSec(q.quantile) : Infinity;
  const reasons: RejectionReason[] = [];
  if (!e.fitsMemory) reasons.push("memory");
  if (!e.stable || e.utilization.cores > q.maxCoreUtilization) reasons.push("saturation");
  if (!(quantileSec <= q.targetSec)) reasons.push("slo");
  if (e.switchOverheadFraction > THRASHING) reasons.push("thrashing");
  // memoryBudget's defaults: 512 MiB reserved, 10 % of the rest kept free.
  const reserved = q.machine.reservedBytes ?? 512 * MIB;
  const kept = 1 - (q.machine.headroomFraction ?? 0.1);
  const needed = kept > 0 ? reserved + e.memory.peakTotalBytes / kept : Infinity;
  const run = q.server?.run(deployment);
  return {
    deployment,
    ...(run === undefined ? {} : run),
    feasible: reasons.length === 0,
    reasons,
    throughputPerSec: e.throughputPerSec,
    capacityPerSec: e.capacityPerSec,
    meanResponseTimeSec: e.meanResponseTimeSec,
    quantileSec,
    coreUtilization: e.utilization.cores,
    pssBytes: e.pssBytes,
    headroom: e.throughputPerSec > 0 ? e.capacityPerSec / e.throughputPerSec - 1 : Infinity,
    cpuSecPerRequest: e.cpuSecPerRequest,
    machineMemoryNeededBytes: Number.isFinite(needed) ? Math.ceil(needed / MIB) * MIB : Infinity,
  };
}
