import { ModelInputError } from "../errors.js";
import { assertNonNegative, assertNumber, assertObject, assertPositive } from "../validate.js";
import type { OverloadPhase } from "./overloadInput.js";

/** Input of {@link spikePhases}. */
export interface SpikePhasesInput {
  /** λ, the usual rate of new requests, per second; >= 0. */
  arrivalRatePerSec: number;
  /** h, the spike's height as a multiple of λ; >= 1. */
  spikeFactor: number;
  /** L, how long the spike lasts, seconds; > 0. */
  spikeDurationSec: number;
  /** Seconds at λ before the spike; > 0. */
  beforeSec: number;
  /** Seconds at λ after the spike; > 0. */
  afterSec: number;
}

/**
 * The phases of {@link simulateOverload} for a spike: λ for `beforeSec`, h·λ for L seconds, λ
 * for `afterSec` — the load {@link spikeTransient} answers for, starting at `beforeSec`.
 *
 * @param input - λ, h, L and the stretches before and after.
 * @returns Three phases.
 * @throws {@link ModelInputError} for a negative rate, a factor below 1 or a length <= 0.
 * @example
 * ```ts
 * const phases = spikePhases({ arrivalRatePerSec: 30, spikeFactor: 3, spikeDurationSec: 30, beforeSec: 100, afterSec: 600 });
 * phases.map((p) => p.arrivalRatePerSec); // => [30, 90, 30]
 * ```
 */
export function spikePhases(input: SpikePhasesInput): OverloadPhase[] {
  const model = "spikePhases";
  const o = assertObject(model, input, "input", [
    "arrivalRatePerSec",
    "spikeFactor",
    "spikeDurationSec",
    "beforeSec",
    "afterSec",
  ]);
  const lambda = assertNonNegative(model, "arrivalRatePerSec", o.arrivalRatePerSec);
  const h = assertNumber(model, "spikeFactor", o.spikeFactor);
  if (!(h >= 1 && h < Infinity)) {
    throw new ModelInputError(model, "spikeFactor", h, "a finite number >= 1");
  }
  return [
    { durationSec: assertPositive(model, "beforeSec", o.beforeSec), arrivalRatePerSec: lambda },
    {
      durationSec: assertPositive(model, "spikeDurationSec", o.spikeDurationSec),
      arrivalRatePerSec: lambda * h,
    },
    { durationSec: assertPositive(model, "afterSec", o.afterSec), arrivalRatePerSec: lambda },
  ];
}
