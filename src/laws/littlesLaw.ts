import { ModelInputError } from "../errors.js";
import { assertNonNegative, assertObject } from "../validate.js";

/** Input of {@link littlesLaw}: exactly two of the three quantities. */
export interface LittlesLawInput {
  /** λ, the rate at which requests arrive (= throughput in steady state), per second; >= 0. */
  arrivalRatePerSec?: number;
  /** R, the mean time a request spends in the system, in seconds; >= 0. */
  responseTimeSec?: number;
  /** L, the mean number of requests in the system (in flight); >= 0. */
  inFlight?: number;
}

/** All three quantities of Little's law. */
export interface LittlesLawResult {
  arrivalRatePerSec: number;
  responseTimeSec: number;
  inFlight: number;
}

const FIELDS = ["arrivalRatePerSec", "responseTimeSec", "inFlight"] as const;

/**
 * Little's law, L = λ·R: in any stable system, the mean number of requests in flight equals the
 * arrival rate times the mean time each spends inside. Give any two, get all three.
 *
 * It is why "17 requests/second" does not mean "58 ms per request": with 17 req/s and 4
 * requests in flight at a time, each takes 4/17 s = 235 ms.
 *
 * @param input - exactly two of λ = `arrivalRatePerSec`, R = `responseTimeSec`, L = `inFlight`.
 * @returns The three quantities. A missing rate or time is `Infinity` when it would divide by
 *   zero with a nonzero numerator, and 0 for 0/0 (an empty system).
 * @throws {@link ModelInputError} unless exactly two fields are given, each finite and >= 0.
 * @see J. D. C. Little, "A proof for the queuing formula L = λW", Operations Research 9 (1961).
 * @example
 * ```ts
 * littlesLaw({ arrivalRatePerSec: 1000, responseTimeSec: 2 }).inFlight; // => 2000
 * littlesLaw({ arrivalRatePerSec: 17, inFlight: 4 }).responseTimeSec; // => 0.23529411764705882
 * ```
 */
export function littlesLaw(input: LittlesLawInput): LittlesLawResult {
  const o = assertObject("littlesLaw", input, "input", [
    "arrivalRatePerSec",
    "responseTimeSec",
    "inFlight",
  ]);
  const given = FIELDS.filter((f) => o[f] !== undefined);
  if (given.length !== 2) {
    throw new ModelInputError(
      "littlesLaw",
      "input",
      given,
      "exactly two of arrivalRatePerSec, responseTimeSec, inFlight",
    );
  }
  for (const f of given) assertNonNegative("littlesLaw", f, o[f]);
  const { arrivalRatePerSec: x, responseTimeSec: r, inFlight: l } = input;
  if (l === undefined) return { arrivalRatePerSec: x!, responseTimeSec: r!, inFlight: x! * r! };
  if (r === undefined)
    return { arrivalRatePerSec: x!, responseTimeSec: divide(l, x!), inFlight: l };
  return { arrivalRatePerSec: divide(l, r), responseTimeSec: r, inFlight: l };
}

function divide(numerator: number, denominator: number): number {
  if (denominator === 0) return numerator === 0 ? 0 : Infinity;
  return numerator / denominator;
}
