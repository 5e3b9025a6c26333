import { ModelInputError } from "../../errors.js";
import type { LoadInput } from "../../python/serverModelInput.js";
import type { Deployment } from "../deployment.js";
import { overloadAnswer, type OverloadAnswer } from "./overloadAnswer.js";
import { readOverload, type OverloadQuestion } from "./overloadInput.js";
import { overloadStation } from "./overloadStation.js";

/** No spike, no client timeout, no retries: the steady answer of an overloaded load. */
const NOTHING_ASKED: OverloadQuestion = {
  spike: undefined,
  clientTimeoutSec: Infinity,
  maxRetries: 0,
  retryProbability: 1,
  somaxconn: undefined,
};

/** The figures of an evaluation the overload answer reads. */
interface Evaluated {
  stable: boolean;
  capacityPerSec: number;
  meanHoldSec: number;
  overload?: OverloadAnswer;
}

/**
 * Adds `overload` to an evaluation when asked (`value`), or when an open load exceeds the
 * capacity. `evaluate` evaluates the same question at another load (for the hold of a request
 * alone). @internal
 */
export function withOverload(
  model: string,
  result: Evaluated,
  value: unknown,
  input: { deployment: unknown; load: unknown },
  d: Deployment,
  load: LoadInput,
  evaluate: (question: object) => Evaluated,
): void {
  const open = "arrivalRatePerSec" in load;
  if (value === undefined && (result.stable || !open)) return;
  if (!open) {
    throw new ModelInputError(
      model,
      "overload",
      value,
      "absent with a closed load (load.clients): a closed load never exceeds the capacity",
    );
  }
  const rate = load.arrivalRatePerSec;
  const question =
    value === undefined ? NOTHING_ASKED : readOverload(model, "overload", value, rate);
  const answer = (): OverloadAnswer | undefined => {
    // The hold of a request alone: the deployment at a load a billionth of its capacity.
    const alone = evaluate({
      ...input,
      overload: undefined,
      load: { arrivalRatePerSec: result.capacityPerSec * 1e-9 },
    });
    const station = overloadStation(
      model,
      input.deployment,
      d,
      result.capacityPerSec,
      alone.meanHoldSec,
      question.somaxconn,
    );
    // A capacity so small (or a hold so short) that no station of finite numbers stands for it —
    // e.g. a GIL switch interval of 1e-300 s — has no answer past capacity.
    const s = station.serviceTimeSec;
    if (!(s > 0 && s < Infinity && station.servers >= 1)) return undefined;
    return overloadAnswer(station, question, rate);
  };
  if (value !== undefined) {
    const asked = answer();
    if (asked === undefined) {
      throw new ModelInputError(
        model,
        "overload",
        value,
        `a deployment whose capacity (${result.capacityPerSec} req/s) makes a station of finite numbers`,
      );
    }
    result.overload = asked;
    return;
  }
  // Unasked (an open load past capacity): computed when first read, so that a sweep into
  // saturation pays nothing for it.
  let computed: { answer: OverloadAnswer | undefined } | undefined;
  Object.defineProperty(result, "overload", {
    enumerable: true,
    get: () => (computed ??= { answer: answer() }).answer,
  });
}
