import { describe, expect, it } from "vitest";
import { ModelInputError } from "../../src/index.js";
import { heatmapChart, renderSvg } from "../../src/charts/index.js";
import { rounded } from "../helpers.js";

interface Layer {
  data: { values: { x: string; y: string; value?: number; text: string }[] };
  encoding: {
    x: { scale: { domain: string[] } };
    y: { scale: { domain: string[] } };
    color?: {
      scale?: { domain: number[]; domainMid?: number; scheme: string; reverse: boolean };
      legend?: { values: number[]; labelExpr: string };
      condition?: { test: string };
    };
  };
}

// p99 (ms) of 2 × 3 configurations; one is overloaded, one is labelled.
const grid = [
  { x: 1, y: 1, value: Infinity },
  { x: 2, y: 1, value: 412.3456 },
  { x: 1, y: 2, value: NaN },
  { x: 2, y: 2, value: 187.25 },
  { x: 1, y: 4, value: Infinity, label: "overload" },
  { x: 2, y: 4, value: 190.001, label: "190" },
];
const options = { xTitle: "Processes", yTitle: "Threads", valueTitle: "p99 (ms)" };

describe("heatmapChart", () => {
  it("draws non-finite cells grey, keeps the spec plain JSON, and writes labels", () => {
    const spec = heatmapChart(grid, options);
    const [grey, coloured, text] = spec.layer as Layer[];
    expect(grey!.data.values.map((c) => [c.x, c.y])).toEqual([
      ["1", "1"],
      ["1", "2"],
      ["1", "4"],
    ]);
    expect(coloured!.data.values.map((c) => c.value)).toEqual([412.3456, 187.25, 190.001]);
    // Default text is human(value); a label replaces it; Infinity without a label is "∞", NaN has none.
    expect(text!.data.values.map((c) => c.text)).toEqual([
      "412.3",
      "187.3",
      "190",
      "∞",
      "overload",
    ]);
    expect(coloured!.encoding.color?.scale?.domain).toEqual([187.25, 412.3456]);
    expect(JSON.stringify(spec)).not.toMatch(/null|Infinity|NaN/);
    expect(rounded(spec)).toMatchSnapshot();
  });

  it("orders columns left to right and rows bottom to top as they first appear", () => {
    const spec = heatmapChart(
      [
        { x: "prefork", y: 16, value: 3 },
        { x: "daemon", y: 2, value: 1 },
        { x: "prefork", y: 2, value: 2 },
      ],
      options,
    );
    const layer = (spec.layer as Layer[])[1]!;
    expect(layer.encoding.x.scale.domain).toEqual(["prefork", "daemon"]);
    expect(layer.encoding.y.scale.domain).toEqual(["2", "16"]); // band scales draw the first on top
  });

  it("clips the colour scale at maxValue and puts white text on the dark end", () => {
    const high = heatmapChart(grid, { ...options, maxValue: 300 });
    const [, coloured, text] = high.layer as Layer[];
    expect(coloured!.encoding.color?.scale?.domain).toEqual([187.25, 300]);
    // 412.3456 is over the top: the legend says so rather than clamping in silence.
    expect(coloured!.encoding.color?.legend?.values).toEqual([187.25, 300]);
    expect(coloured!.encoding.color?.legend?.labelExpr).toBe(
      'datum.value === 300 ? "≥ 300" : datum.label',
    );
    expect(text!.encoding.color?.condition?.test).toBe(
      `isValid(datum.value) && datum.value > ${187.25 + 0.6 * (300 - 187.25)}`,
    );
    const reversed = heatmapChart(grid, { ...options, reverse: true });
    const [, coloured2, text2] = reversed.layer as Layer[];
    expect(coloured2!.encoding.color?.scale?.reverse).toBe(true);
    expect(text2!.encoding.color?.condition?.test).toContain("datum.value <");
  });

  it("centres a diverging scale on a target, marks it in the legend, and writes ∞ on overloaded cells", () => {
    // An SLO of 250 ms: the grid's values run from 187.25 to 412.3456 ms, on both sides of it.
    const spec = heatmapChart(grid, { ...options, target: 250, targetLabel: "SLO" });
    const [grey, coloured, text] = spec.layer as Layer[];
    const color = coloured!.encoding.color!;
    expect(color.scale?.domainMid).toBe(250);
    expect(color.scale?.domain).toEqual([187.25, 412.3456]);
    expect(color.scale?.scheme).toBe("blueorange");
    expect(color.legend?.values).toEqual([187.25, 250, 412.3456]);
    expect(color.legend?.labelExpr).toBe('datum.value === 250 ? "250: SLO" : datum.label');
    // Overloaded cells stay grey (not the top colour) and say ∞; the NaN cell stays blank.
    expect(grey!.data.values.map((c) => c.text)).toEqual(["∞", "", "overload"]);
    expect(coloured!.data.values.every((c) => Number.isFinite(c.value))).toBe(true);
    // White text far from the target on either side: the outer 40 % of each half.
    expect(text!.encoding.color?.condition?.test).toBe(
      `isValid(datum.value) && (datum.value < ${250 - 0.6 * (250 - 187.25)} || datum.value > ${250 + 0.6 * (412.3456 - 250)})`,
    );
    expect(JSON.stringify(spec)).not.toMatch(/null|Infinity|NaN/);
  });

  it("keeps the target inside the domain when every value is on one side of it", () => {
    // Memory of 256 to 988 MiB against 3226 MiB available: the scale still reaches the target.
    const cells = [
      { x: 1, y: 1, value: 256 },
      { x: 2, y: 1, value: 988 },
    ];
    const spec = heatmapChart(cells, { ...options, target: 3226 });
    const color = (spec.layer as Layer[])[1]!.encoding.color!;
    expect(color.scale?.domain).toEqual([256, 3226]);
    expect(color.scale?.domainMid).toBe(3226);
    expect(color.legend?.values).toEqual([256, 3226]);
    expect(color.legend?.labelExpr).toContain('"3226: target"');
    expect(color.legend?.labelExpr).not.toContain("≥");
  });

  it("names a clamped top and the target together", () => {
    const spec = heatmapChart(grid, { ...options, target: 250, targetLabel: "SLO", maxValue: 300 });
    const color = (spec.layer as Layer[])[1]!.encoding.color!;
    expect(color.scale?.domain).toEqual([187.25, 300]);
    expect(color.legend?.values).toEqual([187.25, 250, 300]);
    expect(color.legend?.labelExpr).toBe(
      'datum.value === 250 ? "250: SLO" : datum.value === 300 ? "≥ 300" : datum.label',
    );
  });

  it("draws a grid with no finite value at all", () => {
    const spec = heatmapChart([{ x: 1, y: 1, value: Infinity }], options);
    const [grey, coloured] = spec.layer as Layer[];
    expect(grey!.data.values).toHaveLength(1);
    expect(coloured!.data.values).toHaveLength(0);
    expect(JSON.stringify(spec)).not.toMatch(/null|Infinity|NaN/);
  });

  it("rejects an empty grid and a non-finite maxValue or target", () => {
    expect(() => heatmapChart([], options)).toThrow(ModelInputError);
    expect(() => heatmapChart([], options)).toThrow(/heatmapChart: `cells`/);
    expect(() => heatmapChart(grid, { ...options, maxValue: Infinity })).toThrow(
      /heatmapChart: `maxValue`/,
    );
    expect(() => heatmapChart(grid, { ...options, target: NaN })).toThrow(/heatmapChart: `target`/);
  });

  it("renders to SVG with its titles and cell labels", async () => {
    const svg = await renderSvg(heatmapChart(grid, { ...options, title: "p99 by configuration" }));
    expect(svg.startsWith("<svg")).toBe(true);
    for (const s of [
      "p99 by configuration",
      "Processes",
      "Threads",
      "p99 (ms)",
      "overload",
      "412.3",
      "∞",
    ]) {
      expect(svg).toContain(s);
    }
    const centred = await renderSvg(
      heatmapChart(grid, { ...options, target: 250, targetLabel: "SLO" }),
    );
    expect(centred).toContain("250: SLO");
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});
