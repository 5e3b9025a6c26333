import { describe, expect, it } from "vitest";
import { finiteSource, mm1, mmc, ModelInputError, range, sweep } from "../../src/index.js";
import {
  cdfChart,
  compareChart,
  latencyChart,
  renderSvg,
  showChart,
  showTable,
  sweepChart,
  throughputChart,
  utilizationChart,
  xyChart,
} from "../../src/charts/index.js";
import { rounded } from "../helpers.js";

const intoSaturation = sweep({
  model: mmc,
  input: { arrivalRatePerSec: 0, serviceTimeSec: 0.02, servers: 2 },
  parameter: "arrivalRatePerSec",
  values: [20, 60, 90, 100, 120],
});

describe("sweep", () => {
  it("keeps overloaded points as Infinity", () => {
    expect(intoSaturation.rows).toHaveLength(5);
    expect(intoSaturation.rows[3]?.stable).toBe(false);
    expect(intoSaturation.rows[4]?.p99Sec).toBe(Infinity);
    expect(intoSaturation.rows[1]?.meanResponseTimeSec).toBeCloseTo(0.02 / (1 - 0.6 ** 2), 12);
  });

  it("rejects an empty range and an unknown parameter", () => {
    expect(() =>
      sweep({
        model: mm1,
        input: { arrivalRatePerSec: 1, serviceTimeSec: 1 },
        parameter: "arrivalRatePerSec",
        values: [],
      }),
    ).toThrow(ModelInputError);
    expect(() =>
      sweep({
        model: mm1,
        input: { arrivalRatePerSec: 1, serviceTimeSec: 1 },
        parameter: "nope" as never,
        values: [1],
      }),
    ).toThrow(/sweep: `parameter`/);
    expect(() => range(0, 1, 1)).toThrow(/range: `count`/);
  });
});

describe("chart specs (snapshots, numbers rounded)", () => {
  it("latency chart leaves unbounded points out and draws the target", () => {
    const spec = latencyChart(intoSaturation, { targetMs: 100, maxLatencyMs: 300 });
    const lines = (spec.layer as { data: { values: { x: number; ms: number }[] } }[])[1]!.data
      .values;
    expect(lines.every((p) => Number.isFinite(p.ms))).toBe(true);
    expect(new Set(lines.map((p) => p.x))).toEqual(new Set([20, 60, 90]));
    expect(JSON.stringify(spec)).not.toMatch(/null|Infinity|NaN/);
    expect(rounded(spec)).toMatchSnapshot();
  });

  it("utilization, throughput and generic sweep charts", () => {
    expect(rounded(utilizationChart(intoSaturation))).toMatchSnapshot();
    const loop = sweep({
      model: finiteSource,
      input: { population: 1, thinkTimeSec: 0.1, serviceTimeSec: 0.01, servers: 2 },
      parameter: "population",
      values: [1, 5, 10, 20, 40],
    });
    expect(rounded(throughputChart(loop))).toMatchSnapshot();
    expect(
      rounded(sweepChart(loop, { metrics: ["meanResponseTimeSec", "p99Sec"] })),
    ).toMatchSnapshot();
  });

  it("CDF chart of a result, and a clear error for an overloaded one", () => {
    expect(
      rounded(
        cdfChart(mmc({ arrivalRatePerSec: 80, serviceTimeSec: 0.02, servers: 2 }), { points: 8 }),
      ),
    ).toMatchSnapshot();
    expect(() =>
      cdfChart(mmc({ arrivalRatePerSec: 200, serviceTimeSec: 0.02, servers: 2 })),
    ).toThrow(/cdfChart: `result` must be a stable result/);
  });

  it("comparison chart against utilization", () => {
    const series = [1, 4].map((servers) => ({
      label: `${servers}`,
      sweep: sweep({
        model: mmc,
        input: { arrivalRatePerSec: 0, serviceTimeSec: 0.02, servers },
        parameter: "arrivalRatePerSec",
        values: [0.5, 0.9].map((u) => (u * servers) / 0.02),
      }),
    }));
    const spec = compareChart(series, { metric: "p99Sec", x: "utilization", target: 200 });
    expect(rounded(spec)).toMatchSnapshot();
  });
});

describe("xyChart", () => {
  it("draws lines, dashed bounds and points, leaving out non-finite values", () => {
    const spec = xyChart(
      [
        {
          label: "model",
          points: [
            { x: 1, y: 10 },
            { x: 2, y: 18.5 },
          ],
        },
        {
          label: "bound",
          points: [
            { x: 1, y: 10 },
            { x: 2, y: Infinity },
          ],
          style: "dashed",
        },
        { label: "measured", points: [{ x: 1.5, y: 14.2 }], style: "points" },
      ],
      { xTitle: "Clients", yTitle: "Throughput (requests/s)", maxY: 25 },
    );
    expect(JSON.stringify(spec)).not.toMatch(/"[xy]":null|Infinity|NaN/);
    expect(rounded(spec)).toMatchSnapshot();
    // One legend that shows each series as drawn: solid, dashed, a dot.
    const encoding = (spec as unknown as { layer: { encoding: Record<string, any> }[] }).layer[0]!
      .encoding;
    expect(encoding.shape.scale.range).toEqual(["stroke", "stroke", "circle"]);
    expect(encoding.strokeDash.scale.range).toEqual([
      [1, 0],
      [6, 4],
      [1, 0],
    ]);
    expect(() => xyChart([], { xTitle: "x", yTitle: "y" })).toThrow(/xyChart: `series`/);
  });

  it("draws a step series level from each point to the next, and pads the x axis", () => {
    const points = [
      { x: 1, y: 100 },
      { x: 2, y: 100 },
      { x: 3, y: 200 },
    ];
    const spec = xyChart([{ label: "cost of whole machines", points, style: "step" }], {
      xTitle: "Load (requests/s)",
      yTitle: "Cost (USD per month)",
    }) as unknown as {
      layer: { mark: Record<string, unknown>; encoding: { x: { scale: object } } }[];
    };
    expect(spec.layer[0]!.mark).toMatchObject({ type: "line", interpolate: "step-after" });
    expect(spec.layer[0]!.encoding.x.scale).toEqual({ padding: 8, nice: false });
  });
});

describe("rendering and notebook display", () => {
  it("renders a spec to SVG in plain Node", async () => {
    const svg = await renderSvg(latencyChart(intoSaturation));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Response time (ms)");
    expect(svg.length).toBeGreaterThan(5000);
  });

  it("falls back to the display's SVG and HTML outside a kernel", async () => {
    const shown: [string, string][] = [];
    const display = {
      svg: (s: string) => shown.push(["svg", s]),
      html: (s: string) => shown.push(["html", s]),
    };
    await showChart(display, utilizationChart(intoSaturation));
    showTable(display, mmc({ arrivalRatePerSec: 80, serviceTimeSec: 0.02, servers: 2 }));
    showTable(display, { header: ["a", "b"], rows: [["1 < 2", "x|y"]] });
    expect(shown.map(([k]) => k)).toEqual(["svg", "html", "html"]);
    expect(shown[1]?.[1]).toMatch(/<td>mean response time<\/td><td>55\.56 ms<\/td>/);
    expect(shown[2]?.[1]).toContain("<td>1 &lt; 2</td>");
  });
});
