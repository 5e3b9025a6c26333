import { ModelInputError } from "../errors.js";
import { bracketedRoot } from "../math/solve.js";
import {
  DEFAULT_APP_PROFILE,
  MIN_CPU_TIME_SEC,
  readAppProfile,
  type AppProfileInput,
} from "../python/appProfile.js";
import { assertObject, assertPositive } from "../validate.js";
import type { MachineInput } from "./deployment.js";
import {
  evaluateDeployment,
  type DeploymentEvaluation,
  type LoadInput,
} from "./evaluateDeployment.js";
import type { AnyDeploymentInput } from "./servers/serverInputs.js";

/** What monitoring measured over a window of steady load. */
export interface MeasuredAtLoad {
  /** Mean response time over the window (the server's histogram `_sum ÷ _count`, or the load generator's), seconds. */
  meanResponseTimeSec: number;
  /**
   * CPU time per request over the window: the growth of the workers' CPU (`process_cpu_seconds_total`,
   * a cgroup's `cpuacct.usage`) divided by the requests served, seconds.
   */
  cpuSecPerRequest: number;
}

/** Input of {@link fitAppAtLoad}. */
export interface FitAppAtLoadInput {
  /** The deployment that served the window. */
  deployment: AnyDeploymentInput;
  /** The machine (or container) it ran on. */
  machine: MachineInput;
  /** The window's load: its arrival rate, or its clients and think time. */
  load: LoadInput;
  measured: MeasuredAtLoad;
  /**
   * The rest of the profile (SCVs, bursts, GIL share, memory), kept as given; its `cpuTimeSec`
   * and `ioTimeSec`, if any, are replaced. @defaultValue exponential times, one burst
   */
  app?: Partial<AppProfileInput>;
}

/** Result of {@link fitAppAtLoad}. */
export interface FittedAppAtLoad {
  /** The profile: the measured CPU per request and the I/O time that reproduces the mean. */
  app: AppProfileInput;
  /** The deployment evaluated at the window's load with that profile (its mean is the measured one). */
  evaluation: DeploymentEvaluation;
  /**
   * What to check before trusting the fit: a window at 99 % or more of the fitted profile's
   * capacity, where the mean is so steep in the I/O time that a small error in the measured mean
   * (or a mean in milliseconds given as seconds) moves the fit a long way.
   */
  warnings: string[];
}

/** The share of the capacity above which the fit warns that the window is saturated. */
const SATURATED = 0.99;

/**
 * An application profile from a window of real load, where the response times include
 * queueing: the CPU per request is the measured one, and the I/O time (everything that is
 * neither CPU nor a wait for a thread, a core or the GIL) is the one for which
 * {@link evaluateDeployment} gives the measured mean at the window's load. The I/O time lies
 * between none and the measured mean. Where the mean is not monotone in it (below a millisecond
 * the model adds a context switch per burst as soon as there is any I/O, and threads under the
 * GIL can then gain from a short one), the largest such time is taken: stepping down from the
 * measured mean by 10 % to the first time the model answers faster, then the Illinois method.
 *
 * Calibrate this way rather than from a single-client run when the light run's times are not the
 * loaded ones. In the cgroup lab (lab/cgroup/README.md) the light run, at about 20 requests a
 * second, charged 1.07–1.20 × the CPU per request of a window at 120–150 (gunicorn's sync workers
 * 3.5 against 2.9 ms); a profile fitted there overstates the CPU a loaded server spends, and with
 * it the throttling under a CPU limit.
 *
 * @param input - {@link FitAppAtLoadInput}.
 * @returns The profile, the evaluation at the window's load, and warnings (a window at 99 % or
 * more of the fitted capacity).
 * @throws {@link ModelInputError} naming `measured.meanResponseTimeSec` when the CPU alone, with
 * the queueing it causes, already takes longer than the measured mean (or overloads the
 * deployment), and for the errors {@link evaluateDeployment} names.
 * @example
 * ```ts
 * const f = fitAppAtLoad({ deployment: { kind: "prefork", processes: 2 }, machine: { cores: 2, memoryBytes: 4e9 }, load: { arrivalRatePerSec: 100 }, measured: { meanResponseTimeSec: 0.012, cpuSecPerRequest: 0.003 } });
 * Math.abs(f.evaluation.meanResponseTimeSec - 0.012) < 1e-9; // => true
 * ```
 */
export function fitAppAtLoad(input: FitAppAtLoadInput): FittedAppAtLoad {
  const model = "fitAppAtLoad";
  const o = assertObject(model, input, "input", [
    "deployment",
    "machine",
    "load",
    "measured",
    "app",
  ]);
  const m = assertObject(model, o.measured, "measured", [
    "meanResponseTimeSec",
    "cpuSecPerRequest",
  ]);
  const mean = assertPositive(model, "measured.meanResponseTimeSec", m.meanResponseTimeSec);
  const cpu = assertPositive(model, "measured.cpuSecPerRequest", m.cpuSecPerRequest);
  if (cpu < MIN_CPU_TIME_SEC) {
    throw new ModelInputError(
      model,
      "measured.cpuSecPerRequest",
      cpu,
      `at least ${MIN_CPU_TIME_SEC} s (a request that costs no CPU cannot be modelled)`,
    );
  }
  const rest = o.app === undefined ? {} : assertObject(model, o.app, "app", APP_FIELDS);
  const withIo = (io: number): AppProfileInput => ({ ...rest, cpuTimeSec: cpu, ioTimeSec: io });
  readAppProfile(model, "app", withIo(0));
  const evaluate = (io: number) =>
    evaluateDeployment({
      deployment: o.deployment as AnyDeploymentInput,
      app: withIo(io),
      machine: o.machine as MachineInput,
      load: o.load as LoadInput,
    });
  // g(io) = measured − model: < 0 at the measured mean (the response is cpu + io at least),
  // −∞ where the deployment overloads.
  const meanOf = (e: DeploymentEvaluation) => (e.stable ? e.meanResponseTimeSec : Infinity);
  const gap = (io: number) => mean - meanOf(evaluate(io));
  // The mean is not monotone in the I/O everywhere: it jumps as soon as there is any (a context
  // switch per burst), and with threads under the GIL, or more processes than cores, it can then
  // fall. The root taken is the largest, where the mean grows with the I/O: stepping down by 10 %
  // from the measured mean to the first I/O the model answers faster than measured, else none.
  let hi = mean;
  let lo = hi * 0.9;
  let atLo = gap(lo);
  while (lo > mean * 1e-12 && !(atLo > 0)) {
    [hi, lo] = [lo, lo * 0.9];
    atLo = gap(lo);
  }
  if (!(atLo > 0)) {
    const least = evaluate(0);
    const leastMean = meanOf(least);
    if (Math.abs(leastMean - mean) <= 1e-9 * mean) return fitted(withIo(0), least);
    if (!(leastMean < mean)) {
      throw new ModelInputError(
        model,
        "measured.meanResponseTimeSec",
        mean,
        `more than the ${Number.isFinite(leastMean) ? `${leastMean} s` : "unbounded time"} the model gives for ${cpu} s of CPU per request and no I/O at this load, and no I/O time gives less (is the CPU per request the loaded window's, and the load the one served?)`,
      );
    }
    lo = 0;
  }
  const ends = Object.values(bracketedRoot(gap, lo, hi, 1e-12)).map((io) => ({
    io,
    evaluation: evaluate(io),
  }));
  // Either end of the final bracket may be the nearer. At the jump neither is a root: the fit
  // says so rather than answer a mean it does not give.
  const miss = (e: DeploymentEvaluation) => Math.abs(e.meanResponseTimeSec - mean);
  const best = ends.reduce((a, b) => (miss(b.evaluation) < miss(a.evaluation) ? b : a));
  if (!(miss(best.evaluation) <= 1e-9 * mean)) {
    const [below, above] = ends.map((e) => meanOf(e.evaluation)).sort((a, b) => a - b);
    throw new ModelInputError(
      model,
      "measured.meanResponseTimeSec",
      mean,
      `a mean the fit can reach: stepping down the I/O time it found none that gives it, only a jump from ${below} s to ${above} s at ${best.io} s (below a millisecond the model's mean is not monotone in the I/O time: a context switch per burst as soon as there is any, and a dip after it that the 10 % steps can miss)`,
    );
  }
  return fitted(withIo(best.io), best.evaluation);
}

/** The fit's result, with a warning when the window saturates the fitted deployment. */
function fitted(app: AppProfileInput, evaluation: DeploymentEvaluation): FittedAppAtLoad {
  const share = evaluation.throughputPerSec / evaluation.capacityPerSec;
  const warnings =
    share >= SATURATED
      ? [
          `the window's ${evaluation.throughputPerSec.toPrecision(4)} requests/s are ${(share * 100).toFixed(1)} % of the ${evaluation.capacityPerSec.toPrecision(4)} the fitted profile allows: near saturation the mean is steep in the I/O time, so a small error in measured.meanResponseTimeSec (or milliseconds given as seconds) moves the fitted ${app.ioTimeSec} s a long way; prefer a window further from saturation`,
        ]
      : [];
  return { app, evaluation, warnings };
}

/** The profile's fields (its two times are replaced by the fit). */
const APP_FIELDS = ["cpuTimeSec", "ioTimeSec", "memory", ...Object.keys(DEFAULT_APP_PROFILE)];
