import { ModelInputError } from "../errors.js";
import { readAppProfile, type AppProfileInput } from "../python/appProfile.js";
import {
  assertFraction,
  assertInteger,
  assertObject,
  assertOpenProbability,
  assertPositive,
} from "../validate.js";
import { readMachine, type DeploymentKind, type GilMode, type MachineInput } from "./deployment.js";
import { readLoad, type LoadInput } from "./evaluateDeployment.js";
import type { ServerName } from "./servers/serverSpec.js";
import {
  familiesOf,
  genericCandidate,
  type SizedDeployment,
  type SizingQuestion,
} from "./sizeCandidates.js";
import { explainSizing, type SizingExplanation } from "./sizeExplanation.js";
import { leastMachines, MAX_MACHINES, questionFor } from "./sizeMachines.js";
import {
  PREFERENCES,
  rankingOf,
  type SizingPreference,
  type SizingRanking,
} from "./sizeRanking.js";
import { rankProbes, searchSizing } from "./sizeSearch.js";
import { readSizingServer, type SizingServerInput } from "./sizeServer.js";
import { rulesOfThumb, type RuleOfThumb } from "./sizeRules.js";
import { splitCheck } from "./sizeSplits.js";

export type { SplitCheck } from "./sizeCandidates.js";

export type { RejectionReason, SizedDeployment } from "./sizeCandidates.js";
export type { RuleOfThumb } from "./sizeRules.js";
export type { ServerRun, SizingServerInput } from "./sizeServer.js";

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

/**
 * Validates an SLO with a highest utilization under `field` (default 0.8), to keep headroom for
 * spikes. @internal
 */
export function readSloWithUtilization(model: string, value: unknown, field: string) {
  const { slo, target, quantile } = readSlo(model, value, ["responseTimeSec", "quantile", field]);
  const maxUtilization =
    slo[field] === undefined ? 0.8 : assertFraction(model, `slo.${field}`, slo[field]);
  return { target, quantile, maxUtilization };
}

/** Input of {@link sizeDeployment}. */
export interface SizeDeploymentInput {
  app: AppProfileInput;
  /** One machine; with `machines`, each of them. */
  machine: MachineInput;
  /** The load of all the machines together. */
  load: LoadInput;
  slo: SloInput;
  /** Programming models to consider. @defaultValue all four */
  kinds?: DeploymentKind[];
  /** @defaultValue "shared" */
  gil?: GilMode;
  /** Whether workers are forked from a preloaded master. @defaultValue false */
  preload?: boolean;
  /**
   * Machines of this size sharing the load evenly (each evaluated at 1/N of the arrival rate, or
   * ⌈clients/N⌉ clients of a closed load), or `"least"`: the fewest on which something is
   * feasible (one when no number is).
   * @defaultValue 1
   */
  machines?: number | "least";
  /**
   * The ranking: `"memory"` — least memory, within 2 % counted as equal, then most headroom;
   * `"latency"` — lowest SLO quantile (within 1 %), then least memory; `"headroom"` — most
   * headroom (to the point), then least memory; `"cost"` — fewest machines, then least memory.
   * @defaultValue "memory" (memory is what limits processes on most machines)
   */
  prefer?: SizingPreference;
  /**
   * The server to size for, in its own words: `"gunicorn"`, or `{ server: "gunicorn",
   * workerClass: "gthread" }` with the settings to keep (worker class, preload, recycling…;
   * `app` names the application in the commands). Each configuration is then what the server
   * runs, with its `settings` and `command`; the sizing chooses the counts (workers, threads,
   * connections) and refuses them here. @defaultValue the model's kinds, no server
   */
  server?: SizingServerInput;
}

/** Result of {@link sizeDeployment}. */
export interface DeploymentSizing {
  /** The first of `feasible`, or undefined when nothing meets the SLO. */
  recommended: SizedDeployment | undefined;
  /**
   * The feasible configurations the search evaluated, ranked by `ranking` (the recommendation
   * first): the least feasible process count of every family and the points the ranking picks.
   */
  feasible: SizedDeployment[];
  /**
   * The configurations the search evaluated and rejected, with their reasons: for each kind and
   * thread count (or concurrency), the process counts its galloping and bisection tried below the
   * least feasible one (the one just below shows what binds) and beyond the most feasible one —
   * about 2·log₂(4·cores + 1) per family, not every configuration.
   */
  rejected: SizedDeployment[];
  /**
   * The rules of thumb, evaluated on one machine: gunicorn's "(2 × cores) + 1" sync workers, as
   * many gthread workers with 1–4 threads each, and gunicorn's "2–4 × cores" threads per worker.
   */
  rulesOfThumb: RuleOfThumb[];
  /** Machines the load was spread over (the least feasible number for `machines: "least"`). */
  machines: number;
  /** The ranking used and its rule in words. */
  ranking: SizingRanking;
  /** The server sized for, when the input names one. */
  server?: ServerName;
  /** The figures behind the answer, and what would meet the SLO when nothing does. */
  explanation: SizingExplanation;
}

/**
 * Searches programming models, process counts and thread counts for the deployments that carry
 * the load within the SLO on the machine (or on each of `machines` sharing it), ranks them by
 * `prefer` and says for every rejected one why: `memory` (does not fit with its headroom),
 * `saturation` (unstable, or cores busier than `slo.maxCoreUtilization`), `slo` (the quantile is
 * too slow), `thrashing` (more than 10 % of CPU time in thread switches).
 *
 * Threads range over 2…64, event-loop concurrency over 10, 100, 1000 and processes over
 * 1…4·cores + 1 (up to 10,000). For each kind and thread count the feasible process counts form a
 * range — more processes bring capacity and lower latency but take memory — whose ends are found
 * by galloping and bisection, and within it the point the ranking picks; every configuration is
 * an {@link evaluateDeployment}. When nothing is feasible, `explanation.suggestions` says what
 * would be: more machines, a looser SLO, more memory or more cores. With `server`, every
 * configuration is one that server runs (event loops also with no limit), given in its settings
 * with its command.
 *
 * @param input - Application, machine, load, SLO, and optionally the kinds, GIL mode, preload,
 *   machines and ranking.
 * @returns The recommendation, the evaluated configurations, the rules of thumb, the ranking and
 *   the explanation.
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
 * sizing.explanation.coresNeeded; // => 1
 * const gthread = sizeDeployment({
 *   app: { cpuTimeSec: 0.01, ioTimeSec: 0.04 },
 *   machine: { cores: 2, memoryBytes: GiB(2) },
 *   load: { arrivalRatePerSec: 100 },
 *   slo: { responseTimeSec: 0.25 },
 *   server: { server: "gunicorn", workerClass: "gthread" },
 * });
 * gthread.recommended?.command; // => "gunicorn -w 2 -k gthread --threads 6 app:app"
 * ```
 */
export function sizeDeployment(input: SizeDeploymentInput): DeploymentSizing {
  const { question, total, machines, prefer } = readSizing(input);
  const used =
    machines === "least" ? (leastMachines(question, total, 1, MAX_MACHINES) ?? 1) : machines;
  const q = questionFor(question, total, used);
  const search = searchSizing(q, prefer);
  const feasible = rankProbes(search.probes, prefer).map((p) => p.sized);
  const splits = feasible[0] === undefined ? undefined : splitCheck(q, feasible[0]);
  if (splits !== undefined) feasible[0] = { ...feasible[0]!, splits };
  return {
    recommended: feasible[0],
    feasible,
    rejected: search.probes.flatMap((p) => (p.sized.feasible ? [] : [p.sized])),
    rulesOfThumb: rulesOfThumb(q),
    machines: used,
    ranking: rankingOf(prefer),
    ...(question.server === undefined ? {} : { server: question.server.name }),
    explanation: explainSizing(q, total, used, search.families, feasible.length > 0),
  };
}

const FIELDS = [
  "app",
  "machine",
  "load",
  "slo",
  "kinds",
  "gil",
  "preload",
  "machines",
  "prefer",
  "server",
];
const KINDS: readonly DeploymentKind[] = ["threaded", "prefork", "daemon", "async"];

/** Validates the input of {@link sizeDeployment} into a question for one machine. */
function readSizing(input: unknown) {
  const model = "sizeDeployment";
  const o = assertObject(model, input, "input", FIELDS);
  const app = o.app as AppProfileInput;
  readAppProfile(model, "app", app);
  readMachine(model, "machine", o.machine);
  const total = readLoad(model, o.load);
  const {
    target,
    quantile,
    maxUtilization: maxCore,
  } = readSloWithUtilization(model, o.slo, "maxCoreUtilization");
  const kinds = o.kinds ?? KINDS;
  if (
    !Array.isArray(kinds) ||
    kinds.length === 0 ||
    // Array.from visits holes (every would skip them).
    !Array.from(kinds as unknown[]).every((k) => KINDS.includes(k as DeploymentKind))
  ) {
    throw new ModelInputError(
      model,
      "kinds",
      o.kinds,
      'a non-empty array of kinds among "threaded", "prefork", "daemon", "async"',
    );
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
  const machines: number | "least" =
    o.machines === undefined
      ? 1
      : o.machines === "least"
        ? "least"
        : assertInteger(model, "machines", o.machines, 1, MAX_MACHINES);
  const prefer = (o.prefer ?? "memory") as SizingPreference;
  if (!PREFERENCES.includes(prefer)) {
    throw new ModelInputError(
      model,
      "prefer",
      o.prefer,
      PREFERENCES.map((p) => `"${p}"`)
        .join(", ")
        .replace(/, ([^,]*)$/, " or $1"),
    );
  }
  const preload = o.preload === true;
  const server =
    o.server === undefined ? undefined : readSizingServer(model, o.server, gil, preload);
  const question: SizingQuestion = {
    app,
    machine: o.machine as MachineInput,
    load: total,
    targetSec: target,
    quantile,
    maxCoreUtilization: maxCore,
    kinds: [...new Set(kinds as DeploymentKind[])],
    candidate: server?.candidate ?? genericCandidate(gil, preload),
    gil,
    preload,
    ...(server === undefined ? {} : { server }),
  };
  if (familiesOf(question, 1).length === 0) {
    throw new ModelInputError(
      model,
      "kinds",
      o.kinds,
      `kinds ${server?.name ?? "the candidate"} can run (it runs none of these)`,
    );
  }
  return { question, total, machines, prefer };
}
