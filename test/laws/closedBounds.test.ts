import { describe, expect, it } from "vitest";
import { closedBounds } from "../../src/index.js";

describe("operational laws", () => {
  it("asymptotic bounds", () => {
    // N* = (D + Z)/Dmax = (0.05 + 0.15)/0.04 = 5.
    const closed = closedBounds({ demandsSec: [0.01, 0.04], thinkTimeSec: 0.15, population: 10 });
    expect(closed.saturationPopulation).toBeCloseTo(5, 12);
    expect(closed.throughputUpperPerSec).toBe(25);
    expect(closed.responseTimeLowerSec).toBeCloseTo(0.25, 12);
    expect(closed.responseTimeUpperSec).toBeCloseTo(0.5, 12);
    expect(closed.throughputLowerPerSec).toBeCloseTo(10 / 0.65, 12);
  });
});
