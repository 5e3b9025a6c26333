import { describe, expect, it } from "vitest";
import { stepPoints } from "../../src/charts/index.js";

// stepPoints: a finely sampled cost curve reduced to its jumps, for xyChart's "step" style.
describe("stepPoints", () => {
  it("keeps the first point, each change of level and the last point", () => {
    const costs = [1260, 1420, 1420, 1420, 1580, 1580, 2280];
    const points = costs.map((y, i) => ({ x: 1 + i / 4, y }));
    expect(stepPoints(points)).toEqual([
      { x: 1, y: 1260 },
      { x: 1.25, y: 1420 },
      { x: 2, y: 1580 },
      { x: 2.5, y: 2280 },
    ]);
  });

  it("keeps the last point of a final level, so that the level is drawn to the end", () => {
    const points = [10, 20, 20].map((y, i) => ({ x: i, y }));
    expect(stepPoints(points).map((p) => p.x)).toEqual([0, 1, 2]);
  });

  it("returns short inputs whole", () => {
    expect(stepPoints([])).toEqual([]);
    expect(stepPoints([{ x: 0, y: 1 }])).toEqual([{ x: 0, y: 1 }]);
  });
});
