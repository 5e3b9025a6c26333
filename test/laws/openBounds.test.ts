import { describe, expect, it } from "vitest";
import { openBounds } from "../../src/index.js";

describe("operational laws", () => {
  // X ≤ 1/Dmax = 1/0.04 = 25/s; R ≥ ΣD = 0.07 s; U₁ = λ·D₁ = 20·0.04 = 0.8.
  it("asymptotic bounds", () => {
    const open = openBounds({ demandsSec: [0.01, 0.04, 0.02], arrivalRatePerSec: 20 });
    expect(open.maxThroughputPerSec).toBe(25);
    expect(open.minResponseTimeSec).toBeCloseTo(0.07, 15);
    expect(open.bottleneck).toBe(1);
    expect(open.stable).toBe(true);
    expect(open.utilizations[1]).toBeCloseTo(0.8, 15);
  });
});
