import { ModelInputError } from "../../errors.js";
import {
  assertFraction,
  assertInteger,
  assertObject,
  assertPositive,
  assertTimeSec,
} from "../../validate.js";

/** A spike of new requests: its height (a multiple of the load, or a rate) and its length. */
export interface SpikeInput {
  /** h, the spike's rate as a multiple of `load.arrivalRatePerSec`; >= 1. Not with `arrivalRatePerSec`. */
  factor?: number;
  /** The spike's rate of new requests, per second; at least the load's. Not with `factor`. */
  arrivalRatePerSec?: number;
  /** L, how long the spike lasts, seconds; > 0. */
  durationSec: number;
}

/**
 * What {@link evaluateDeployment} is asked about the load past capacity: a spike, and how the
 * clients behave (their timeout and retries). Every field is optional; `{}` asks only for the
 * steady answer (which comes by itself when an open load exceeds the capacity).
 */
export interface OverloadInput {
  /** A spike of new requests on top of the load (open load only). @defaultValue none */
  spike?: SpikeInput;
  /**
   * The client's timeout on the whole response, seconds: a response later than this fails, but
   * the server still does the work. @defaultValue no timeout
   */
  clientTimeoutSec?: number;
  /** Retries of a failed request (refused, 503, timed out or killed); an integer in [0, 100]. @defaultValue 0 */
  maxRetries?: number;
  /** Probability that a failed attempt is retried while retries remain. @defaultValue 1 */
  retryProbability?: number;
  /**
   * The kernel's `net.core.somaxconn`, which caps every server's listen backlog (128 before
   * Linux 5.4). @defaultValue 4096
   */
  somaxconn?: number;
}

/** A validated {@link OverloadInput}: `Infinity` for no timeout, the spike's rate resolved. */
export interface OverloadQuestion {
  spike: { arrivalRatePerSec: number; durationSec: number } | undefined;
  clientTimeoutSec: number;
  maxRetries: number;
  retryProbability: number;
  somaxconn: number | undefined;
}

/** The fields of {@link OverloadInput}. */
export const OVERLOAD_FIELDS = [
  "spike",
  "clientTimeoutSec",
  "maxRetries",
  "retryProbability",
  "somaxconn",
] as const;

/**
 * Validates `value` as an {@link OverloadInput} named `field` in errors; `baseRatePerSec` is the
 * open load's rate of new requests (undefined for a closed load, which takes no spike).
 * @internal
 */
export function readOverload(
  model: string,
  field: string,
  value: unknown,
  baseRatePerSec: number | undefined,
): OverloadQuestion {
  const o = assertObject(model, value, field, OVERLOAD_FIELDS);
  const timeout =
    o.clientTimeoutSec === undefined
      ? Infinity
      : assertTimeSec(model, `${field}.clientTimeoutSec`, o.clientTimeoutSec, 0, true);
  const retries =
    o.maxRetries === undefined
      ? 0
      : assertInteger(model, `${field}.maxRetries`, o.maxRetries, 0, 100);
  const p =
    o.retryProbability === undefined
      ? 1
      : assertFraction(model, `${field}.retryProbability`, o.retryProbability);
  const somaxconn =
    o.somaxconn === undefined
      ? undefined
      : assertInteger(model, `${field}.somaxconn`, o.somaxconn, 0, 2 ** 31 - 1);
  return {
    spike:
      o.spike === undefined
        ? undefined
        : readSpike(model, `${field}.spike`, o.spike, baseRatePerSec),
    clientTimeoutSec: timeout,
    maxRetries: retries,
    retryProbability: p,
    somaxconn,
  };
}

/** The spike's rate and length; its height as a factor or as a rate, not both. */
function readSpike(
  model: string,
  field: string,
  value: unknown,
  base: number | undefined,
): { arrivalRatePerSec: number; durationSec: number } {
  const o = assertObject(model, value, field, ["factor", "arrivalRatePerSec", "durationSec"]);
  if (base === undefined || !(base > 0)) {
    throw new ModelInputError(
      model,
      field,
      value,
      "absent unless load.arrivalRatePerSec is above 0 (a spike multiplies an open load's rate)",
    );
  }
  const durationSec = assertTimeSec(model, `${field}.durationSec`, o.durationSec, 0, true);
  if ((o.factor === undefined) === (o.arrivalRatePerSec === undefined)) {
    throw new ModelInputError(
      model,
      field,
      value,
      "an object with `factor` or `arrivalRatePerSec` (one of them) and `durationSec`",
    );
  }
  if (o.factor !== undefined) {
    const h = assertPositive(model, `${field}.factor`, o.factor);
    if (!(h >= 1)) throw new ModelInputError(model, `${field}.factor`, h, "a finite number >= 1");
    return { arrivalRatePerSec: h * base, durationSec };
  }
  const rate = assertPositive(model, `${field}.arrivalRatePerSec`, o.arrivalRatePerSec);
  if (!(rate >= base)) {
    throw new ModelInputError(
      model,
      `${field}.arrivalRatePerSec`,
      rate,
      `at least the load's ${base} /s`,
    );
  }
  return { arrivalRatePerSec: rate, durationSec };
}
