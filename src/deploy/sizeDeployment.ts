import { ModelInputError } from "../errors.js";
import { readAppProfile, type AppProfileInput } from "../python/appProfile.js";
import {
  assertFraction,
  assertObject,
  assertOpenProbability,
  assertPositive,
} from "../validate.js";
import {
  MAX_WORKERS,
  readMachine,
  type DeploymentInput,
  type DeploymentKind,
  type GilMode,
  type MachineInput,
} from "./deployment.js";
import {
  evaluateDeployment,
  readLoad,
  type DeploymentEvaluation,
  type LoadInput,
} from "./evaluateDeployment.js";

/** The latency a deployment must meet. */
export interface SloInput {
  /** The response time not to exceed, seconds. */
  responseTimeSec: number;
  /** Which quantile must stay under it. @defaultValue 0.99 */
  quantile?: number;
  /** Highest core utilization accepted, to keep headroom for spikes. @defaultValue 0.8 */
  maxCoreUtilization?: number;
}

/** Validates an SLO: its response time and quantile (default p99). @internal */
export function readSlo(
  model: string,
  value: unknown,
  known: readonly string[] = ["responseTimeSec", "quantile"],
) {
  const slo = assertObject(model, value, "slo", known);
  const target = assertPositive(model, "slo.responseTimeSec", slo.responseTimeSec);
  const quantile =
    slo.quantile === undefined ? 0.99 : assertOpenProbability(model, "slo.quantile", slo.quantile);
  return { slo, target, quantile };
}

/** Input of {@link sizeDeployment}. */
export interface SizeDeploymentInput {
  app: AppProfileInput;
  machine: MachineInput;
  load: LoadInput;
  slo: SloInput;
  /** Programming models to consider. @defaultValue all four */
  kinds?: DeploymentKind[];
  /** @defaultValue "shared" */
  gil?: GilMode;
  /** Whether workers are forked from a preloaded master. @defaultValue false */
  preload?: boolean;
}

/** Why a configuration was rejected. */
export type RejectionReason = "memory" | "saturation" | "slo" | "thrashing";

/** One configuration of the search. */
export interface SizedDeployment {
  deployment: DeploymentInput;
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
}

/** A rule of thumb placed against the search. */
export interface RuleOfThumb {
  rule: string;
  configurations: SizedDeployment[];
}

/** Result of {@link sizeDeployment}. */
export interface DeploymentSizing {
  /** The first of `feasible`, or undefined when nothing meets the SLO. */
  recommended: SizedDeployment | undefined;
  /**
   * Feasible configurations: least memory first — within steps of 2 % of the cheapest one counts
   * as equal — then most headroom (to the percentage point), then least memory, then lowest quantile.
   */
  feasible: SizedDeployment[];
  /** Every rejected configuration with its reasons. */
  rejected: SizedDeployment[];
  /**
   * The rules of thumb, evaluated: gunicorn's "(2 × cores) + 1" sync workers, as many gthread
   * workers with 1–4 threads each, and gunicorn's "2–4 × cores" threads per worker.
   */
  rulesOfThumb: RuleOfThumb[];
}

/** Thread counts tried for threaded and daemon deployments. */
const THREADS = [2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
/** Concurrency limits tried for event loops. */
const CONCURRENCY = [10, 100, 1000];
/** Above this share of CPU time spent switching threads, a configuration thrashes. */
const THRASHING = 0.1;

/**
 * Searches programming models, process counts and thread counts for the deployments that carry
 * the load within the SLO on the machine, ranks them (least memory — within 2 % of the cheapest
 * counts as a tie — then most headroom) and says
 * for every rejected one why: `memory` (does not fit with its headroom), `saturation` (unstable,
 * or cores busier than `slo.maxCoreUtilization`), `slo` (the quantile is too slow), `thrashing`
 * (more than 10 % of CPU time in thread switches). Processes range over 1…4·cores + 1 (at most
 * 64), threads over 2…64, event-loop concurrency over 10, 100, 1000. Every configuration is an
 * {@link evaluateDeployment}.
 *
 * @param input - Application, machine, load, SLO, and optionally the kinds, GIL mode and preload.
 * @returns The recommendation, feasible and rejected configurations, and the rules of thumb.
 * @see gunicorn documentation, "How Many Workers?" (design) and the `workers`/`threads` settings.
 * @throws {@link ModelInputError} naming the bad field.
 * @example
 * ```ts
 * const sizing = sizeDeployment({
 *   app: { cpuTimeSec: 0.01, ioTimeSec: 0.04 },
 *   machine: { cores: 2, memoryBytes: GiB(2) },
 *   load: { arrivalRatePerSec: 100 },
 *   slo: { responseTimeSec: 0.25 },
 * });
 * sizing.recommended?.deployment.kind; // => "async"
 * sizing.rulesOfThumb[0]?.configurations[0]?.reasons; // => ["saturation", "slo"]
 * ```
 */
export function sizeDeployment(input: SizeDeploymentInput): DeploymentSizing {
  const model = "sizeDeployment";
  const o = assertObject(model, input, "input", [
    "app",
    "machine",
    "load",
    "slo",
    "kinds",
    "gil",
    "preload",
  ]);
  readAppProfile(model, "app", o.app);
  const machine = readMachine(model, "machine", o.machine);
  readLoad(model, o.load);
  const { slo, target, quantile } = readSlo(model, o.slo, [
    "responseTimeSec",
    "quantile",
    "maxCoreUtilization",
  ]);
  const maxCore =
    slo.maxCoreUtilization === undefined
      ? 0.8
      : assertFraction(model, "slo.maxCoreUtilization", slo.maxCoreUtilization);
  const kinds = (o.kinds ?? ["threaded", "prefork", "daemon", "async"]) as DeploymentKind[];
  if (!Array.isArray(kinds) || kinds.length === 0) {
    throw new ModelInputError(model, "kinds", o.kinds, "a non-empty array of deployment kinds");
  }
  const gil = (o.gil ?? "shared") as GilMode;
  if (!["shared", "per-interpreter", "free-threaded"].includes(gil)) {
    throw new ModelInputError(
      model,
      "gil",
      o.gil,
      '"shared", "per-interpreter" or "free-threaded"',
    );
  }
  if (o.preload !== undefined && typeof o.preload !== "boolean") {
    throw new ModelInputError(model, "preload", o.preload, "true or false");
  }
  const preload = o.preload === true;

  const evaluate = (deployment: DeploymentInput): SizedDeployment => {
    const e: DeploymentEvaluation = evaluateDeployment({
      deployment,
      app: input.app,
      machine: input.machine,
      load: input.load,
    });
    const q = e.stable ? e.responseTimeQuantileSec(quantile) : Infinity;
    const reasons: RejectionReason[] = [];
    if (!e.fitsMemory) reasons.push("memory");
    if (!e.stable || e.utilization.cores > maxCore) reasons.push("saturation");
    if (!(q <= target)) reasons.push("slo");
    if (e.switchOverheadFraction > THRASHING) reasons.push("thrashing");
    return {
      deployment,
      feasible: reasons.length === 0,
      reasons,
      throughputPerSec: e.throughputPerSec,
      capacityPerSec: e.capacityPerSec,
      meanResponseTimeSec: e.meanResponseTimeSec,
      quantileSec: q,
      coreUtilization: e.utilization.cores,
      pssBytes: e.pssBytes,
      headroom: e.throughputPerSec > 0 ? e.capacityPerSec / e.throughputPerSec - 1 : Infinity,
    };
  };

  const maxProcesses = Math.min(64, 4 * machine.cores + 1);
  const all: SizedDeployment[] = [];
  for (const kind of kinds) {
    if (kind === "threaded") {
      for (const threads of THREADS) all.push(evaluate({ kind, threads, gil }));
      continue;
    }
    if (kind !== "prefork" && kind !== "daemon" && kind !== "async") {
      throw new ModelInputError(
        model,
        "kinds",
        o.kinds,
        'kinds among "threaded", "prefork", "daemon", "async"',
      );
    }
    for (let processes = 1; processes <= maxProcesses; processes++) {
      if (kind === "prefork") all.push(evaluate({ kind, processes, gil, preload }));
      else if (kind === "daemon") {
        for (const threads of THREADS)
          all.push(evaluate({ kind, processes, threads, gil, preload }));
      } else {
        for (const concurrency of CONCURRENCY)
          all.push(evaluate({ kind, processes, concurrency, gil, preload }));
      }
    }
  }
  // Memory within 2 % of the cheapest feasible configuration (and so on, in steps of 2 %) counts
  // as a tie: requests in flight and threads move it by fractions of a process.
  const candidates = all.filter((c) => c.feasible);
  const cheapest = Math.min(...candidates.map((c) => c.pssBytes));
  const memoryTier = (c: SizedDeployment): number =>
    Math.floor((c.pssBytes - cheapest) / (0.02 * cheapest));
  // Headroom to the percentage point, then the least memory exactly, then the fastest.
  const headroomRank = (c: SizedDeployment): number => Math.round(c.headroom * 100);
  const feasible = candidates.sort(
    (a, b) =>
      memoryTier(a) - memoryTier(b) ||
      headroomRank(b) - headroomRank(a) ||
      a.pssBytes - b.pssBytes ||
      a.quantileSec - b.quantileSec,
  );
  // The rules' figures, capped at what a deployment may have (a machine of 2,500+ cores).
  const workers = Math.min(2 * machine.cores + 1, MAX_WORKERS);
  const perCore = (k: number): number => Math.min(k * machine.cores, MAX_WORKERS);
  const gthread = (threads: number[]): SizedDeployment[] =>
    threads.map((threads) =>
      evaluate({ kind: "daemon", processes: workers, threads, gil, preload, hopTimeSec: 0 }),
    );
  const rulesOfThumb: RuleOfThumb[] = [
    {
      rule: `gunicorn: (2 × cores) + 1 = ${workers} sync workers`,
      configurations: [evaluate({ kind: "prefork", processes: workers, gil, preload })],
    },
    {
      rule: `${workers} gthread workers × 1–4 threads`,
      configurations: gthread([1, 2, 3, 4]),
    },
    {
      rule: `gunicorn threads: 2–4 × cores = ${perCore(2)}–${perCore(4)} per worker`,
      configurations: gthread([perCore(2), perCore(4)]),
    },
  ];
  return {
    recommended: feasible[0],
    feasible,
    rejected: all.filter((c) => !c.feasible),
    rulesOfThumb,
  };
}
