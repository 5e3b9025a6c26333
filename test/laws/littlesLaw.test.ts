import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { littlesLaw } from "../../src/index.js";
import { relErr } from "../helpers.js";

describe("operational laws", () => {
  it("Little's law: any two give the same three", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        (x, r) => {
          const l = littlesLaw({ arrivalRatePerSec: x, responseTimeSec: r }).inFlight;
          expect(
            relErr(littlesLaw({ arrivalRatePerSec: x, inFlight: l }).responseTimeSec, r),
          ).toBeLessThan(1e-15);
          expect(
            relErr(littlesLaw({ responseTimeSec: r, inFlight: l }).arrivalRatePerSec, x),
          ).toBeLessThan(1e-15);
        },
      ),
    );
    expect(littlesLaw({ arrivalRatePerSec: 0, inFlight: 0 }).responseTimeSec).toBe(0);
    expect(littlesLaw({ arrivalRatePerSec: 0, inFlight: 3 }).responseTimeSec).toBe(Infinity);
  });

  // The talk's degenerate case (seed, "Performance: latency vs throughput"): 1000 req/s at 2000 ms
  // means 2000 requests in flight, not 500 — Little's law.
  it("reads the talk's first degenerate case", () => {
    expect(littlesLaw({ arrivalRatePerSec: 1000, responseTimeSec: 2 }).inFlight).toBe(2000);
    expect(littlesLaw({ arrivalRatePerSec: 100, responseTimeSec: 0.2 }).inFlight).toBeCloseTo(
      20,
      12,
    );
  });
});
