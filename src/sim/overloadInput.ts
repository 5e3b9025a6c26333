import { ModelInputError } from "../errors.js";
import {
  assertFraction,
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
  assertScv,
} from "../validate.js";

/** One stretch of constant arrival rate in {@link SimulateOverloadInput.phases}. */
export interface OverloadPhase {
  /** How long this rate lasts, seconds; > 0. */
  durationSec: number;
  /** Rate of new requests (Poisson) during the phase, per second; >= 0. */
  arrivalRatePerSec: number;
}

/** Input of {@link simulateOverload}. */
export interface SimulateOverloadInput {
  /**
   * The rate of new requests over time, piecewise constant: e.g. 60 s at λ, 20 s at 3λ (a
   * spike), 120 s at λ. Retries come on top. The run ends with the last phase.
   */
  phases: readonly OverloadPhase[];
  /** S, mean time a server works on one attempt, seconds; > 0. */
  serviceTimeSec: number;
  /** SCV of the service times (1 = exponential, 0 = fixed). @defaultValue 1 */
  serviceTimeScv?: number;
  /** c, the servers (workers, threads) working at once; an integer in [1, 100,000]. */
  servers: number;
  /**
   * Waiting places (the listen backlog): an attempt that finds c + backlog in the system is
   * refused at once. An integer >= 0. @defaultValue no limit
   */
  backlog?: number;
  /**
   * Most attempts in the server (uvicorn's `--limit-concurrency`): one that finds this many in
   * service or waiting is answered 503 at once ("shed"). An integer >= 1. @defaultValue no limit
   */
  concurrencyLimit?: number;
  /**
   * Mean patience of a waiting attempt, seconds: once it has waited this long it leaves the
   * queue unserved (a proxy's queue timeout, a client that closes before it is accepted and
   * whose request is dropped). @defaultValue no limit
   */
  patienceSec?: number;
  /** SCV of the patience (1 = exponential, 0 = fixed). @defaultValue 1 */
  patienceScv?: number;
  /**
   * The client's timeout on the whole response, seconds: past it the client gives up, but the
   * attempt stays queued or in service and the server still does the work (wasted work).
   * @defaultValue no limit
   */
  clientTimeoutSec?: number;
  /**
   * The server kills an attempt that has been in service this long (gunicorn's worker
   * `--timeout`), seconds; the client sees a failure. @defaultValue no limit
   */
  workerTimeoutSec?: number;
  /**
   * How often the server looks for attempts past `workerTimeoutSec`, seconds: an attempt is killed
   * at the first look after it has been in service that long. The looks fall on a grid of this
   * step whose phase is drawn once per run (gunicorn's arbiter looks about once a second:
   * `Arbiter.sleep` waits at most 1 s, then `murder_workers`). @defaultValue 0: at the timeout
   */
  workerTimeoutCheckSec?: number;
  /** Retries of a failed attempt (refused, shed, abandoned, timed out, killed). @defaultValue 0 */
  maxRetries?: number;
  /** Probability that a failed attempt is retried (while retries remain). @defaultValue 1 */
  retryProbability?: number;
  /** Delay before the first retry, seconds; the k-th waits delay·multiplierᵏ⁻¹. @defaultValue 1 */
  retryDelaySec?: number;
  /** Growth of the retry delay from one retry to the next (exponential back-off). @defaultValue 2 */
  backoffMultiplier?: number;
  /** Seconds at the start left out of the counts and shares (not of the series). @defaultValue 0 */
  warmUpSec?: number;
  /** Width of the bins of the time series, seconds. @defaultValue the run's length / 100 */
  binSec?: number;
  /** Seed of the random numbers. @defaultValue 1 */
  seed?: number;
}

/** A checked {@link SimulateOverloadInput}, defaults filled in (∞ for "no limit"). */
export interface OverloadSetup {
  phases: OverloadPhase[];
  endSec: number;
  serviceTimeSec: number;
  serviceTimeScv: number;
  servers: number;
  backlog: number;
  concurrencyLimit: number;
  patienceSec: number;
  patienceScv: number;
  clientTimeoutSec: number;
  workerTimeoutSec: number;
  workerTimeoutCheckSec: number;
  maxRetries: number;
  retryProbability: number;
  retryDelaySec: number;
  backoffMultiplier: number;
  warmUpSec: number;
  binSec: number;
  seed: number;
}

/** Most attempts a run may be expected to make (new requests times 1 + retries). */
export const MAX_EXPECTED_ATTEMPTS = 5_000_000;

const FIELDS = [
  "phases",
  "serviceTimeSec",
  "serviceTimeScv",
  "servers",
  "backlog",
  "concurrencyLimit",
  "patienceSec",
  "patienceScv",
  "clientTimeoutSec",
  "workerTimeoutSec",
  "workerTimeoutCheckSec",
  "maxRetries",
  "retryProbability",
  "retryDelaySec",
  "backoffMultiplier",
  "warmUpSec",
  "binSec",
  "seed",
];

/** Validates the input of {@link simulateOverload} and fills in the defaults. */
export function readOverloadInput(input: unknown): OverloadSetup {
  const model = "simulateOverload";
  const o = assertObject(model, input, "input", FIELDS);
  const phases = readPhases(model, o.phases);
  const endSec = phases.reduce((t, p) => t + p.durationSec, 0);
  const optional = <T>(value: unknown, read: (v: unknown) => T, fallback: T): T =>
    value === undefined ? fallback : read(value);
  const positive = (field: string) => (v: unknown) => assertPositive(model, field, v);
  const maxRetries = optional(
    o.maxRetries,
    (v) => assertInteger(model, "maxRetries", v, 0, 100),
    0,
  );
  if (o.patienceScv !== undefined && o.patienceSec === undefined) {
    throw new ModelInputError(model, "patienceScv", o.patienceScv, "absent without `patienceSec`");
  }
  const setup: OverloadSetup = {
    phases,
    endSec,
    serviceTimeSec: assertPositive(model, "serviceTimeSec", o.serviceTimeSec),
    serviceTimeScv: optional(o.serviceTimeScv, (v) => assertScv(model, "serviceTimeScv", v), 1),
    servers: assertInteger(model, "servers", o.servers, 1, 100_000),
    backlog: optional(o.backlog, (v) => assertInteger(model, "backlog", v, 0), Infinity),
    concurrencyLimit: optional(
      o.concurrencyLimit,
      (v) => assertInteger(model, "concurrencyLimit", v, 1),
      Infinity,
    ),
    patienceSec: optional(o.patienceSec, positive("patienceSec"), Infinity),
    patienceScv: optional(o.patienceScv, (v) => assertScv(model, "patienceScv", v), 1),
    clientTimeoutSec: optional(o.clientTimeoutSec, positive("clientTimeoutSec"), Infinity),
    workerTimeoutSec: optional(o.workerTimeoutSec, positive("workerTimeoutSec"), Infinity),
    workerTimeoutCheckSec: optional(
      o.workerTimeoutCheckSec,
      (v) => assertNonNegative(model, "workerTimeoutCheckSec", v),
      0,
    ),
    maxRetries,
    retryProbability: optional(
      o.retryProbability,
      (v) => assertFraction(model, "retryProbability", v),
      1,
    ),
    retryDelaySec: optional(
      o.retryDelaySec,
      (v) => assertNonNegative(model, "retryDelaySec", v),
      1,
    ),
    backoffMultiplier: optional(o.backoffMultiplier, positive("backoffMultiplier"), 2),
    warmUpSec: optional(o.warmUpSec, (v) => assertNonNegative(model, "warmUpSec", v), 0),
    binSec: optional(o.binSec, positive("binSec"), endSec / 100),
    seed: optional(o.seed, (v) => assertInteger(model, "seed", v, 0, 2 ** 32 - 1), 1),
  };
  if (!(setup.warmUpSec < endSec)) {
    throw new ModelInputError(model, "warmUpSec", o.warmUpSec, `below the run's ${endSec} s`);
  }
  if (!(endSec / setup.binSec <= 100_000)) {
    throw new ModelInputError(model, "binSec", o.binSec, `at least the run's length / 100,000`);
  }
  const expected = phases.reduce((n, p) => n + p.arrivalRatePerSec * p.durationSec, 0);
  if (!(expected * (1 + maxRetries) <= MAX_EXPECTED_ATTEMPTS)) {
    throw new ModelInputError(
      model,
      "phases",
      o.phases,
      `phases whose requests times (1 + maxRetries) stay within ${MAX_EXPECTED_ATTEMPTS}` +
        ` (got ${expected} requests)`,
    );
  }
  return setup;
}

function readPhases(model: string, value: unknown): OverloadPhase[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 10_000) {
    throw new ModelInputError(model, "phases", value, "an array of 1 to 10,000 phases");
  }
  return value.map((phase: unknown, i) => {
    const field = `phases[${i}]`;
    const p = assertObject(model, phase, field, ["durationSec", "arrivalRatePerSec"]);
    return {
      durationSec: assertPositive(model, `${field}.durationSec`, p.durationSec),
      arrivalRatePerSec: assertNonNegative(
        model,
        `${field}.arrivalRatePerSec`,
        p.arrivalRatePerSec,
      ),
    };
  });
}
