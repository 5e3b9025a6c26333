import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drawRaceSplits, urnOnly } from "../../src/dispatch/acceptRace.js";
import { largestCountCdf, splitLogProbability } from "../../src/dispatch/connectionSplit.js";
import { compositions } from "../helpers.js";

const urns = fc.record({
  workers: fc.integer({ min: 1, max: 4 }),
  connections: fc.integer({ min: 0, max: 9 }),
  affinity: fc.oneof(fc.double({ min: 0.01, max: 50, noNaN: true }), fc.constant(Infinity)),
});

describe("the Pólya urn of connections over workers", () => {
  it("gives probabilities that sum to 1 over every split (fast-check)", () => {
    fc.assert(
      fc.property(urns, ({ workers, connections, affinity }) => {
        const all = compositions(workers, connections);
        const total = all.reduce((s, c) => s + Math.exp(splitLogProbability(c, affinity)), 0);
        expect(total).toBeCloseTo(1, 10);
      }),
    );
  });

  it("gives the law of the largest count that a sum over the splits gives (fast-check)", () => {
    fc.assert(
      fc.property(urns, ({ workers, connections, affinity }) => {
        const cdf = largestCountCdf(workers, connections, affinity);
        const all = compositions(workers, connections);
        for (let m = 0; m <= connections; m++) {
          const direct = all
            .filter((c) => Math.max(...c) <= m)
            .reduce((s, c) => s + Math.exp(splitLogProbability(c, affinity)), 0);
          expect(cdf[m]).toBeCloseTo(direct, 10);
        }
        expect(cdf[connections]).toBeCloseTo(1, 10);
      }),
    );
  });

  it("is the urn the draws follow: 400 fixed draws within 0.1 of the exact law", () => {
    // Two workers, 6 connections, a = 0.5 each: the beta-binomial law of the larger count.
    const draws = drawRaceSplits(2, 6, urnOnly(1));
    const cdf = largestCountCdf(2, 6, 0.5);
    for (let m = 3; m <= 6; m++) {
      const exact = cdf[m]! - (m > 3 ? cdf[m - 1]! : 0);
      const drawn = draws.filter((d) => d.counts[0] === m).reduce((s, d) => s + d.probability, 0);
      expect(Math.abs(drawn - exact)).toBeLessThan(0.1);
    }
    expect(draws.reduce((s, d) => s + d.probability, 0)).toBeCloseTo(1, 12);
  });

  it("puts every connection on one worker as the affinity vanishes, and spreads them evenly as it grows", () => {
    expect(largestCountCdf(4, 16, 1e-6)[15]).toBeLessThan(1e-4);
    const even = largestCountCdf(4, 400, 1e6);
    // The multinomial's largest of four shares of 400 stays within 100 ± 35.
    expect(even[135]! - even[99]!).toBeGreaterThan(0.99);
  });
});
