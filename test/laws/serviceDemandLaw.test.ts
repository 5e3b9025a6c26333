import { describe, expect, it } from "vitest";
import { serviceDemandLaw } from "../../src/index.js";

describe("operational laws", () => {
  // Lazowska et al., Quantitative System Performance (1984), ch. 3 style figures, checked by hand.
  it("service demand law: 50 % busy at 2/s is 0.25 s per request", () => {
    expect(serviceDemandLaw({ utilization: 0.5, systemThroughputPerSec: 2 })).toBe(0.25);
  });
});
