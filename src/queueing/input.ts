import { assertNonNegative, assertObject, assertPositive } from "../validate.js";

/** Arrival rate and mean service time, the inputs every open single-station model shares. */
export interface OpenStationInput {
  /** λ, mean rate of arriving requests (Poisson), per second; >= 0. */
  arrivalRatePerSec: number;
  /** S, mean service time of one request on one server, in seconds; > 0. */
  serviceTimeSec: number;
}

/** Validates the shared inputs and returns λ and S; `extra` names the model's other fields. */
export function readOpenStation(
  model: string,
  input: unknown,
  extra: readonly string[] = [],
): { lambda: number; s: number } {
  const o = assertObject(model, input, "input", ["arrivalRatePerSec", "serviceTimeSec", ...extra]);
  return {
    lambda: assertNonNegative(model, "arrivalRatePerSec", o.arrivalRatePerSec),
    s: assertPositive(model, "serviceTimeSec", o.serviceTimeSec),
  };
}
