import { describe, expect, it } from "vitest";
import { interactiveResponseTime } from "../../src/index.js";

describe("operational laws", () => {
  // Lazowska et al., Quantitative System Performance (1984), ch. 3 style figures, checked by hand.
  it("interactive response time law: N = 10, X = 2/s, Z = 3 s gives R = 2 s", () => {
    expect(interactiveResponseTime({ population: 10, throughputPerSec: 2, thinkTimeSec: 3 })).toBe(
      2,
    );
  });
});
