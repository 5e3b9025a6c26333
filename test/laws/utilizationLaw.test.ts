import { describe, expect, it } from "vitest";
import { utilizationLaw } from "../../src/index.js";

describe("operational laws", () => {
  // Lazowska et al., Quantitative System Performance (1984), ch. 3 style figures, checked by hand.
  it("utilization law: 125/s at 4 ms is 50 % busy", () => {
    expect(utilizationLaw({ throughputPerSec: 125, serviceTimeSec: 0.004 })).toBeCloseTo(0.5, 15);
  });
});
