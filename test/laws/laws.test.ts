import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  closedBounds,
  forcedFlowLaw,
  interactiveResponseTime,
  littlesLaw,
  openBounds,
  serviceDemandLaw,
  utilizationLaw,
} from "../../src/index.js";
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

  // Lazowska et al., Quantitative System Performance (1984), ch. 3 style figures, checked by hand.
  it("utilization, forced flow, service demand and interactive response time", () => {
    expect(utilizationLaw({ throughputPerSec: 125, serviceTimeSec: 0.004 })).toBeCloseTo(0.5, 15);
    expect(forcedFlowLaw({ systemThroughputPerSec: 2, visits: 10 })).toBe(20);
    expect(serviceDemandLaw({ utilization: 0.5, systemThroughputPerSec: 2 })).toBe(0.25);
    expect(interactiveResponseTime({ population: 10, throughputPerSec: 2, thinkTimeSec: 3 })).toBe(
      2,
    );
  });

  it("asymptotic bounds", () => {
    const open = openBounds({ demandsSec: [0.01, 0.04, 0.02], arrivalRatePerSec: 20 });
    expect(open.maxThroughputPerSec).toBe(25);
    expect(open.minResponseTimeSec).toBeCloseTo(0.07, 15);
    expect(open.bottleneck).toBe(1);
    expect(open.stable).toBe(true);
    expect(open.utilizations[1]).toBeCloseTo(0.8, 15);
    // N* = (D + Z)/Dmax = (0.05 + 0.15)/0.04 = 5.
    const closed = closedBounds({ demandsSec: [0.01, 0.04], thinkTimeSec: 0.15, population: 10 });
    expect(closed.saturationPopulation).toBeCloseTo(5, 12);
    expect(closed.throughputUpperPerSec).toBe(25);
    expect(closed.responseTimeLowerSec).toBeCloseTo(0.25, 12);
    expect(closed.responseTimeUpperSec).toBeCloseTo(0.5, 12);
    expect(closed.throughputLowerPerSec).toBeCloseTo(10 / 0.65, 12);
  });
});
