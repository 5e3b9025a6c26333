import { describe, expect, it } from "vitest";
import { ModelInputError } from "../../src/index.js";
import { heatmapChart, renderSvg } from "../../src/charts/index.js";
import { rounded } from "../helpers.js";

interface Layer {
  data: { values: { x: string; y: string; value?: number; text: string }[] };
  encoding: {
    x: { scale: { domain: string[] } };
    y: { scale: { domain: string[] } };
    color?: { scale?: { domain: number[]; reverse: boolean }; condition?: { test: string } };
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
    // Default text is human(value); a label replaces it; a grey cell without a label has none.
    expect(text!.data.values.map((c) => c.text)).toEqual(["412.3", "187.3", "190", "overload"]);
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
    expect(text!.encoding.color?.condition?.test).toBe(
      `isValid(datum.value) && datum.value > ${187.25 + 0.6 * (300 - 187.25)}`,
    );
    const reversed = heatmapChart(grid, { ...options, reverse: true });
    const [, coloured2, text2] = reversed.layer as Layer[];
    expect(coloured2!.encoding.color?.scale?.reverse).toBe(true);
    expect(text2!.encoding.color?.condition?.test).toContain("datum.value <");
  });

  it("draws a grid with no finite value at all", () => {
    const spec = heatmapChart([{ x: 1, y: 1, value: Infinity }], options);
    const [grey, coloured] = spec.layer as Layer[];
    expect(grey!.data.values).toHaveLength(1);
    expect(coloured!.data.values).toHaveLength(0);
    expect(JSON.stringify(spec)).not.toMatch(/null|Infinity|NaN/);
  });

  it("rejects an empty grid and a non-finite maxValue", () => {
    expect(() => heatmapChart([], options)).toThrow(ModelInputError);
    expect(() => heatmapChart([], options)).toThrow(/heatmapChart: `cells`/);
    expect(() => heatmapChart(grid, { ...options, maxValue: Infinity })).toThrow(
      /heatmapChart: `maxValue`/,
    );
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
    ]) {
      expect(svg).toContain(s);
    }
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});
