import { describe, expect, it } from "vitest";
import { renderSvg, tierUtilizationChart } from "../../src/charts/index.js";

// tierUtilizationChart: an overloaded tier is never clamped silently (issue 16).
describe("tierUtilizationChart", () => {
  const tiers = [
    { name: "web", utilization: 0.42 },
    { name: "app", utilization: 1.19 },
    { name: "database", utilization: Infinity },
  ];
  const spec = tierUtilizationChart(tiers, { limit: 0.8 }) as unknown as {
    layer: {
      data: { values: { tier: string; percent: number; label: string; state: string }[] };
    }[];
  };
  const values = spec.layer[0]!.data.values;

  it("draws an overloaded tier to its offered load and says so; an infinite one is labelled ∞", () => {
    expect(values.map((v) => [v.tier, v.percent, v.label, v.state])).toEqual([
      ["web", 42, "", "within the limit"],
      ["app", 119, "119 % offered", "overloaded"],
      // A little past the longest finite bar: 119 × 1.1 = 130.9, rounded.
      ["database", 131, "∞", "overloaded"],
    ]);
  });

  it("puts the labels on the chart, beside their bars", async () => {
    const svg = await renderSvg(tierUtilizationChart(tiers, { limit: 0.8 }));
    expect(svg).toContain("119 % offered");
    expect(svg).toContain("∞");
  });
});

describe("tierUtilizationChart's axis", () => {
  const xScale = (spec: unknown) =>
    (spec as { layer: { encoding: { x: { scale?: { domain: number[] } } } }[] }).layer[0]!.encoding
      .x.scale;

  it("leaves room right of the longest bar for its label", () => {
    // ∞ drawn at 131 (above); 131 × 1.3 = 170.3, rounded up to a multiple of 10.
    const spec = tierUtilizationChart([
      { name: "app", utilization: 1.19 },
      { name: "database", utilization: Infinity },
    ]);
    expect(xScale(spec)).toEqual({ domain: [0, 180] });
  });

  it("spans 0 to 100 % when no bar has a label, the limit's rule inside the plot", () => {
    const spec = tierUtilizationChart([{ name: "app", utilization: 0.79 }], { limit: 0.8 });
    expect(xScale(spec)).toEqual({ domain: [0, 100] });
  });
});
