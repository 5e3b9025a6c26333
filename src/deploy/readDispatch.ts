import type { AcceptRace } from "../dispatch/acceptRace.js";
import { LAB_RACE } from "../dispatch/labRaces.js";
import { ModelInputError } from "../errors.js";
import { assertFraction, assertNonNegative, assertObject, assertPositive } from "../validate.js";

// How a deployment's requests reach its processes, as the deployment gives it: a shared queue, or
// pinned with given shares, or pinned with the shares drawn from the accept race.

/**
 * The accept race when nothing else is known: gunicorn gthread workers in the lab
 * (src/dispatch/labRaces.ts).
 */
export const DEFAULT_ACCEPT_RACE: AcceptRace = LAB_RACE.gthread;

/**
 * `dispatch`, `processWeights`, `connectionAffinity` and `acceptRace` of a deployment: the
 * processes' normalized shares when pinned, and the accept race when pinned with even shares by
 * default.
 */
export function readDispatch(
  model: string,
  field: string,
  o: Record<string, unknown>,
  processes: number,
): { weights: number[] | undefined; race: AcceptRace | undefined } {
  const dispatch = o.dispatch ?? "shared-queue";
  if (dispatch !== "shared-queue" && dispatch !== "pinned") {
    throw new ModelInputError(model, `${field}.dispatch`, o.dispatch, '"shared-queue" or "pinned"');
  }
  let weights: number[] | undefined;
  if (dispatch === "pinned") {
    const raw = o.processWeights;
    if (raw === undefined) {
      weights = new Array<number>(processes).fill(1 / processes);
    } else {
      if (!Array.isArray(raw) || raw.length !== processes) {
        throw new ModelInputError(
          model,
          `${field}.processWeights`,
          raw,
          `an array of ${processes} numbers`,
        );
      }
      // Array.from visits holes too (map would skip them).
      const w = Array.from(raw, (v: unknown, i) =>
        assertNonNegative(model, `${field}.processWeights[${i}]`, v),
      );
      const sum = w.reduce((a, b) => a + b, 0);
      if (!(sum > 0)) {
        throw new ModelInputError(
          model,
          `${field}.processWeights`,
          raw,
          "weights with a positive sum",
        );
      }
      weights = w.map((v) => v / sum);
    }
  } else if (o.processWeights !== undefined) {
    throw new ModelInputError(
      model,
      `${field}.processWeights`,
      o.processWeights,
      'absent unless dispatch is "pinned"',
    );
  }
  if (dispatch === "pinned" && o.processWeights === undefined) {
    return { weights, race: readRace(model, field, o) };
  }
  for (const name of ["connectionAffinity", "acceptRace"]) {
    if (o[name] !== undefined) {
      throw new ModelInputError(
        model,
        `${field}.${name}`,
        o[name],
        'absent unless dispatch is "pinned" without processWeights',
      );
    }
  }
  return { weights, race: undefined };
}

/**
 * The accept race of a pinned deployment: the default's where neither `connectionAffinity` nor
 * `acceptRace` is given; else the given fields, 0 for the race's missing ones and the default
 * affinity for a missing `connectionAffinity`.
 */
function readRace(model: string, field: string, o: Record<string, unknown>): AcceptRace {
  if (o.connectionAffinity === undefined && o.acceptRace === undefined) return DEFAULT_ACCEPT_RACE;
  const affinity =
    o.connectionAffinity === undefined
      ? DEFAULT_ACCEPT_RACE.affinity
      : o.connectionAffinity === Infinity
        ? Infinity
        : assertPositive(model, `${field}.connectionAffinity`, o.connectionAffinity);
  const r =
    o.acceptRace === undefined
      ? {}
      : assertObject(model, o.acceptRace, `${field}.acceptRace`, [
          "takeAllProbability",
          "headStartConnections",
          "balance",
        ]);
  const part = (name: string, read: (f: string, v: unknown) => number): number =>
    r[name] === undefined ? 0 : read(`${field}.acceptRace.${name}`, r[name]);
  return {
    takeAllProbability: part("takeAllProbability", (f, v) => assertFraction(model, f, v)),
    headStartConnections: part("headStartConnections", (f, v) => assertNonNegative(model, f, v)),
    affinity,
    balance: part("balance", (f, v) => assertFraction(model, f, v)),
  };
}
