// Fitting the accept race (src/dispatch/acceptRace.ts) to the lab's splits, for
// scripts/dispatch-report.mjs: maximum likelihood of each run's largest count per worker, the law
// of the largest count taken from a fixed sequence of draws of the race, over a grid of each
// parameter in turn (coordinate ascent from the pure urn, until a sweep changes nothing, three
// sweeps at most).
import { raceLargestCountCdf } from "../dist/dispatch/acceptRace.js";

/** Draws of the race per (workers, connections) when fitting. */
export const FIT_DRAWS = 2000;

/** The grid of each parameter. */
const GRIDS = {
  takeAllProbability: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  headStartConnections: [0, 0.5, 1, 2, 3, 5, 8, 13, 20],
  affinity: [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 20, 40, Infinity],
  balance: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
};

/**
 * @typedef {import("../dist/dispatch/acceptRace.js").AcceptRace} AcceptRace
 * @typedef {{ workers: number; connections: number; largest: number }} Observed
 */

/**
 * The law of the largest count per race and size, kept across fits: the fits of every server
 * start from the same race and walk the same grids, so that most laws are asked for again.
 * @type {Map<string, number[]>}
 */
const LAWS = new Map();

/**
 * The law of the largest count for each (workers, connections) of `observed`.
 * @param {AcceptRace} race
 * @param {Observed[]} observed
 */
function laws(race, observed) {
  /** @type {Map<string, number[]>} */
  const out = new Map();
  const r = `${race.takeAllProbability},${race.headStartConnections},${race.affinity},${race.balance}`;
  for (const o of observed) {
    const size = `${o.workers},${o.connections}`;
    const key = `${size},${r}`;
    let law = LAWS.get(key);
    if (law === undefined) {
      law = raceLargestCountCdf(o.workers, o.connections, race, FIT_DRAWS);
      LAWS.set(key, law);
    }
    out.set(size, law);
  }
  return out;
}

/**
 * P(largest < m) and P(largest ≤ m) of each observation under the race.
 * @param {AcceptRace} race
 * @param {Observed[]} observed
 */
export function largestBounds(race, observed) {
  const l = laws(race, observed);
  return observed.map((o) => {
    const cdf = l.get(`${o.workers},${o.connections}`) ?? [];
    return { below: o.largest > 0 ? (cdf[o.largest - 1] ?? 0) : 0, upTo: cdf[o.largest] ?? 1 };
  });
}

/**
 * Log-likelihood of the observed largest counts (each probability floored at half a draw).
 * @param {AcceptRace} race
 * @param {Observed[]} observed
 */
export function largestLogLikelihood(race, observed) {
  return largestBounds(race, observed).reduce(
    (s, b) => s + Math.log(Math.max(b.upTo - b.below, 0.5 / FIT_DRAWS)),
    0,
  );
}

/**
 * The race that makes the observed largest counts likeliest on the grids.
 * @param {Observed[]} observed
 * @returns {{ race: AcceptRace; logLikelihood: number }}
 */
export function fitRace(observed) {
  /** @type {AcceptRace} */
  let race = { takeAllProbability: 0, headStartConnections: 0, affinity: 2, balance: 0 };
  let best = largestLogLikelihood(race, observed);
  for (let sweep = 0, moved = true; sweep < 3 && moved; sweep++) {
    moved = false;
    for (const [name, grid] of Object.entries(GRIDS)) {
      for (const value of grid) {
        const tried = { ...race, [name]: value };
        const log = largestLogLikelihood(tried, observed);
        if (log > best + 1e-9) [race, best, moved] = [tried, log, true];
      }
    }
  }
  return { race, logLikelihood: best };
}
