import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  drawRaceSplits,
  raceLargestCountCdf,
  raceSplit,
  urnOnly,
  type AcceptRace,
} from "../../src/dispatch/acceptRace.js";
import { largestCountCdf, splitLogProbability } from "../../src/dispatch/connectionSplit.js";
import { seededRandom } from "../../src/sim/random.js";
import { compositions } from "../helpers.js";

/**
 * The exact law of the race's splits, by following every way the connections can go one after
 * the other (the sequential process of acceptRace.ts, independently of its sampler): a map from
 * the counts in worker order (the first worker awake first) to their probability.
 */
function exactSplits(workers: number, connections: number, race: AcceptRace): Map<string, number> {
  const out = new Map<string, number>();
  const add = (counts: number[], p: number) => {
    const key = counts.join(",");
    out.set(key, (out.get(key) ?? 0) + p);
  };
  if (connections === 0) {
    add(new Array<number>(workers).fill(0), 1);
    return out;
  }
  const all = [connections, ...new Array<number>(workers - 1).fill(0)];
  add(all, race.takeAllProbability);
  const stay = race.headStartConnections / (1 + race.headStartConnections);
  const a = race.affinity / workers;
  // After the run: each next connection to the fewest with probability b, else by the urn.
  const urn = (counts: number[], p: number, given: number): void => {
    if (given === connections) return add(counts, p);
    const fewest = Math.min(...counts);
    const idle = counts.filter((n) => n === fewest).length;
    for (let k = 0; k < workers; k++) {
      const toFewest = counts[k] === fewest ? race.balance / idle : 0;
      const byUrn = a === Infinity ? 1 / workers : (counts[k]! + a) / (given + workers * a);
      const q = toFewest + (1 - race.balance) * byUrn;
      if (q > 0)
        urn(
          counts.map((n, j) => (j === k ? n + 1 : n)),
          p * q,
          given + 1,
        );
    }
  };
  // The run: 1 + G connections on the first worker, then the urn.
  let p = 1 - race.takeAllProbability;
  for (let run = 1; run <= connections; run++) {
    const ends = run === connections ? 1 : 1 - stay;
    urn([run, ...new Array<number>(workers - 1).fill(0)], p * ends, run);
    p *= stay;
  }
  return out;
}

/** The law over sorted splits (largest first). */
function sorted(law: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, p] of law) {
    const k = key
      .split(",")
      .map(Number)
      .sort((x, y) => y - x)
      .join(",");
    out.set(k, (out.get(k) ?? 0) + p);
  }
  return out;
}

/** P(largest ≤ m), m = 0…C, of an exact law. */
function largestCdf(law: Map<string, number>, connections: number): number[] {
  const mass = new Array<number>(connections + 1).fill(0);
  for (const [key, p] of law) {
    const m = Math.max(...key.split(",").map(Number));
    mass[m] = mass[m]! + p;
  }
  let sum = 0;
  return mass.map((x) => (sum += x));
}

const races = fc.record({
  takeAllProbability: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
  headStartConnections: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 20, noNaN: true })),
  affinity: fc.oneof(fc.double({ min: 0.05, max: 50, noNaN: true }), fc.constant(Infinity)),
  balance: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
});
const sizes = fc.record({
  workers: fc.integer({ min: 1, max: 4 }),
  connections: fc.integer({ min: 0, max: 8 }),
});

describe("the accept race of a burst of connections", () => {
  it("is the urn without a race: the exact law is the Dirichlet-multinomial (fast-check)", () => {
    // The race names the first worker awake first; the urn's law is over workers in any order,
    // so both are compared over sorted splits.
    fc.assert(
      fc.property(sizes, races, ({ workers, connections }, { affinity }) => {
        const race = sorted(exactSplits(workers, connections, urnOnly(affinity)));
        const urn = new Map<string, number>();
        for (const c of compositions(workers, connections)) {
          const key = [...c].sort((x, y) => y - x).join(",");
          urn.set(key, (urn.get(key) ?? 0) + Math.exp(splitLogProbability(c, affinity / workers)));
        }
        expect([...race.keys()].sort()).toEqual([...urn.keys()].sort());
        for (const [key, p] of race) expect(p).toBeCloseTo(urn.get(key)!, 10);
        const cdf = largestCdf(race, connections);
        const exact = largestCountCdf(workers, connections, affinity / workers);
        cdf.forEach((c, m) => expect(c).toBeCloseTo(exact[m]!, 10));
      }),
    );
  });

  it("draws the exact law: 20,000 draws within 0.025 of its largest count (fast-check)", () => {
    // The draws are a fixed sequence; the Kolmogorov distance of 20,000 draws exceeds 0.025 with
    // probability below 2·e^(−2·20000·0.025²) = 3e-11 (Dvoretzky–Kiefer–Wolfowitz).
    fc.assert(
      fc.property(sizes, races, ({ workers, connections }, race) => {
        const exact = largestCdf(exactSplits(workers, connections, race), connections);
        const drawn = raceLargestCountCdf(workers, connections, race, 20000);
        exact.forEach((c, m) => expect(Math.abs(c - drawn[m]!)).toBeLessThan(0.025));
      }),
      { numRuns: 30 },
    );
  });

  it("gives the head start's law by hand: 2 workers, 4 connections, h = 1, all balanced", () => {
    // The run is 1 + G, P(G ≥ g) = 2^−g; then every connection goes to the worker holding the
    // fewest. A run of 4 gives 4:0 (1/8), of 3 gives 3:1 (1/8), of 1 or 2 gives 2:2 (3/4).
    const race = { takeAllProbability: 0, headStartConnections: 1, affinity: 1, balance: 1 };
    const law = exactSplits(2, 4, race);
    expect(law.get("4,0")).toBeCloseTo(1 / 8, 12);
    expect(law.get("3,1")).toBeCloseTo(1 / 8, 12);
    expect(law.get("2,2")).toBeCloseTo(3 / 4, 12);
    const cdf = raceLargestCountCdf(2, 4, race, 20000);
    expect(cdf[2]).toBeCloseTo(3 / 4, 1);
    expect(cdf[3]! - cdf[2]!).toBeCloseTo(1 / 8, 1);
  });

  it("keeps every draw a split of all the connections, in sorted distinct splits (fast-check)", () => {
    fc.assert(
      fc.property(sizes, races, ({ workers, connections }, race) => {
        const one = raceSplit(workers, connections, race, seededRandom(1));
        expect(one).toHaveLength(workers);
        expect(one.reduce((s, n) => s + n, 0)).toBe(connections);
        const draws = drawRaceSplits(workers, connections, race);
        expect(draws.reduce((s, d) => s + d.probability, 0)).toBeCloseTo(1, 12);
        for (const d of draws) {
          expect(d.counts.reduce((s, n) => s + n, 0)).toBe(connections);
          expect([...d.counts].sort((x, y) => y - x)).toEqual(d.counts);
        }
        expect(new Set(draws.map((d) => d.counts.join(","))).size).toBe(draws.length);
      }),
    );
  });

  it("deals in turns with balance 1, and gives the first worker all with π = 1", () => {
    const deal = { takeAllProbability: 0, headStartConnections: 0, affinity: 1, balance: 1 };
    expect(drawRaceSplits(4, 10, deal)).toEqual([{ counts: [3, 3, 2, 2], probability: 1 }]);
    const all = { ...deal, takeAllProbability: 1 };
    expect(drawRaceSplits(4, 10, all)).toEqual([{ counts: [10, 0, 0, 0], probability: 1 }]);
  });
});
