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
