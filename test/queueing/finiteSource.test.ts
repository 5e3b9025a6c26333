import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { finiteSource } from "../../src/index.js";
import reference from "../fixtures/reference.json" with { type: "json" };
import { checkInvariants, checkStation, probability, time } from "../helpers.js";

// Reference values from test/fixtures/make_reference.py (mpmath, 60 digits): M/M/c/K/K term by
// term, FIFO response-time survival by quadrature.
describe("finiteSource against the mpmath reference", () => {
  it.each(reference.finiteSource.map((r) => [r.population, r.servers, r.capacity, r] as const))(
    "N = %d, c = %d, K = %d",
    (population, servers, capacity, ref) => {
      const q = finiteSource({
        population,
        thinkTimeSec: ref.thinkTimeSec,
        serviceTimeSec: ref.serviceTimeSec,
        servers,
        capacity,
      });
      checkStation(q, ref);
    },
  );
});

describe("properties over random valid inputs", () => {
  it("finiteSource: invariants and the interactive response-time law R = N/X − Z", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        time,
        fc.integer({ min: 1, max: 64 }),
        probability,
        (population, thinkTimeSec, serviceTimeSec, c, p) => {
          const q = finiteSource({ population, thinkTimeSec, serviceTimeSec, servers: c });
          checkInvariants(q, p);
          const r = population / q.throughputPerSec - thinkTimeSec;
          expect(Math.abs(q.meanResponseTimeSec - r)).toBeLessThan(1e-9 * (r + thinkTimeSec));
        },
      ),
      { numRuns: 200 },
    );
  });
});
