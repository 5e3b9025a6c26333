import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ggc, mg1, mmc } from "../../src/index.js";
import { checkInvariants, probability, rate, relErr, scv, servers, time } from "../helpers.js";

describe("properties over random valid inputs", () => {
  it("mg1 and ggc: invariants; ggc with one server and Poisson arrivals equals mg1", () => {
    fc.assert(
      fc.property(rate, time, scv, scv, servers, probability, (x, s, cs, ca, c, p) => {
        const one = mg1({ arrivalRatePerSec: x, serviceTimeSec: s, serviceTimeScv: cs });
        checkInvariants(one, p);
        checkInvariants(
          ggc({
            arrivalRatePerSec: x,
            serviceTimeSec: s,
            servers: c,
            arrivalScv: ca,
            serviceTimeScv: cs,
          }),
          p,
        );
        const g = ggc({ arrivalRatePerSec: x, serviceTimeSec: s, servers: 1, serviceTimeScv: cs });
        if (one.stable) expect(relErr(g.meanWaitSec, one.meanWaitSec)).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });
});

describe("saturation and extremes", () => {
  it("near saturation 1 − C keeps its precision in the approximate models too", () => {
    // At ρ = 1 − 1e-9, 1 − C is about 1e-9·(…): forming it as 1 − C would lose ~7 digits.
    for (const servers of [1, 4, 64]) {
      const input = {
        arrivalRatePerSec: (servers * (1 - 1e-9)) / 0.02,
        serviceTimeSec: 0.02,
        servers,
      };
      const exact = mmc(input);
      const approx = ggc({ ...input, arrivalScv: 1, serviceTimeScv: 1 });
      expect(
        relErr(approx.stateProbability(servers - 1), exact.stateProbability(servers - 1)),
      ).toBeLessThan(1e-12);
      expect(relErr(approx.varianceInSystem, exact.varianceInSystem)).toBeLessThan(1e-9);
    }
  });
});
