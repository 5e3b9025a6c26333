import { describe, it } from "vitest";
import fc from "fast-check";
import { mmInf } from "../../src/index.js";
import { checkInvariants, probability, rate, time } from "../helpers.js";

describe("properties over random valid inputs", () => {
  it("mmInf: invariants", () => {
    fc.assert(
      fc.property(rate, time, probability, (arrivalRatePerSec, serviceTimeSec, p) => {
        checkInvariants(mmInf({ arrivalRatePerSec, serviceTimeSec }), p);
      }),
    );
  });
});
