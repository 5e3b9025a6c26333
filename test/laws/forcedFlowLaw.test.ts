import { describe, expect, it } from "vitest";
import { forcedFlowLaw } from "../../src/index.js";

describe("operational laws", () => {
  // Lazowska et al., Quantitative System Performance (1984), ch. 3 style figures, checked by hand.
  it("forced flow law: 2/s with 10 visits each is 20/s at the resource", () => {
    expect(forcedFlowLaw({ systemThroughputPerSec: 2, visits: 10 })).toBe(20);
  });
});
