import * as vegaLite from "vega-lite";
import * as vega from "vega";
import { describe, expect, it } from "vitest";
import { mmc, ModelInputError, sweepGrid } from "../../src/index.js";
import { renderSvg, sliderChart, type SliderChartOptions } from "../../src/charts/index.js";
import { relErr, thrown } from "../helpers.js";

// A pool of 1, 2, 4 or 8 workers (20 ms of exponential work) at 10…390 req/s: the rows past each
// pool's capacity (50 req/s per worker) have an infinite p99, so each pool draws a different
// number of points — the count of a rendering says which pool it drew.
const SERVICE_SEC = 0.02;
const loads = Array.from({ length: 40 }, (_, i) => 10 * (i + 1));
const rows = sweepGrid({ servers: [1, 2, 4, 8], arrivalRatePerSec: loads }, (p) => {
  const q = mmc({ ...p, serviceTimeSec: SERVICE_SEC });
  return {
    p99Ms: q.stable ? q.responseTimeQuantileSec(0.99) * 1000 : Infinity,
    meanMs: q.meanResponseTimeSec * 1000,
  };
});
const options: SliderChartOptions = {
  x: "arrivalRatePerSec",
  y: "p99Ms",
  xTitle: "x",
  yTitle: "y",
  maxY: 300,
  controls: [{ field: "servers", initial: 4, label: "Workers" }],
};
/** Loads a pool of `servers` serves with a finite p99: below its capacity, servers / S. */
const stableLoads = (servers: number) => loads.filter((l) => l * SERVICE_SEC < servers);

/** The (x, y) of every point drawn, read from the ARIA labels of the SVG's points ("x: 10; y: 92.1"). */
function pointsDrawn(svg: string): { x: number; y: number }[] {
  const points = svg.matchAll(
    /aria-label="x: ([^;"]+); y: ([^;"]+)[^"]*"[^>]*aria-roledescription="point"/g,
  );
  return [...points].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
}

/** A headless vega view of a spec, to move its controls as a reader would. */
function view(spec: object): vega.View {
  const compiled = vegaLite.compile(spec as vegaLite.TopLevelSpec).spec;
  return new vega.View(vega.parse(compiled), { renderer: "none" });
}

describe("sweepGrid", () => {
  it("evaluates every combination, the first axis slowest", () => {
    expect(rows).toHaveLength(4 * loads.length);
    expect(rows.slice(0, 2).map((r) => [r.servers, r.arrivalRatePerSec])).toEqual([
      [1, 10],
      [1, 20],
    ]);
    expect(rows[loads.length]!.servers).toBe(2);
  });

  it("holds the model's figures: M/M/1 and M/M/2 in closed form", () => {
    // M/M/1: the response time is exponential with rate μ − λ, so p99 = ln 100 / (μ − λ).
    for (const r of rows.filter((r) => r.servers === 1 && r.arrivalRatePerSec < 50)) {
      expect(
        relErr(r.p99Ms, (Math.log(100) / (1 / SERVICE_SEC - r.arrivalRatePerSec)) * 1000),
      ).toBeLessThan(1e-12);
    }
    // M/M/2: R = S / (1 − ρ²) with ρ = λS/2.
    for (const r of rows.filter((r) => r.servers === 2 && r.arrivalRatePerSec < 100)) {
      const rho = (r.arrivalRatePerSec * SERVICE_SEC) / 2;
      expect(relErr(r.meanMs, (SERVICE_SEC / (1 - rho ** 2)) * 1000)).toBeLessThan(1e-12);
    }
    expect(rows.find((r) => r.servers === 1 && r.arrivalRatePerSec === 50)!.p99Ms).toBe(Infinity);
  });

  it("names the axis that is wrong", () => {
    expect(thrown(ModelInputError, () => sweepGrid({ servers: [] }, () => ({}))).field).toBe(
      "axes.servers",
    );
    expect(thrown(ModelInputError, () => sweepGrid({ servers: [1, NaN] }, () => ({}))).field).toBe(
      "axes.servers",
    );
    expect(thrown(ModelInputError, () => sweepGrid({}, () => ({}))).field).toBe("axes");
    const big = Array.from({ length: 400 }, (_, i) => i);
    expect(thrown(ModelInputError, () => sweepGrid({ a: big, b: big }, () => ({}))).value).toBe(
      160000,
    );
  });
});

describe("sliderChart", () => {
  const spec = sliderChart(rows, options) as unknown as {
    params: { name: string; value?: number; bind?: Record<string, unknown>; expr?: string }[];
    data: { values: string; format: { type: "csv"; parse: Record<string, string> } };
    layer: { transform?: { filter: string }[] }[];
  };

  it("binds a slider over the grid's values, starting at the initial one", () => {
    expect(spec.params[0]).toEqual({
      name: "control_servers",
      value: 4,
      bind: { input: "range", min: 1, max: 8, step: 1, name: "Workers " },
    });
    expect(spec.params[1]!.name).toBe("shown_servers");
    expect(spec.layer[0]!.transform).toEqual([{ filter: 'datum["servers"] === shown_servers' }]);
  });

  it("carries every finite row of the grid as CSV, and no Infinity", () => {
    const finite = rows.filter((r) => Number.isFinite(r.p99Ms));
    // Read back as vega reads it: the CSV text with the spec's own field types.
    const read = vega.read(spec.data.values, spec.data.format) as Record<string, number>[];
    expect(read).toHaveLength(finite.length);
    read.forEach((v, i) => {
      expect(Object.keys(v).sort()).toEqual(["arrivalRatePerSec", "p99Ms", "servers"]);
      expect(v.servers).toBe(finite[i]!.servers);
      expect(v.arrivalRatePerSec).toBe(finite[i]!.arrivalRatePerSec);
      expect(relErr(v.p99Ms!, finite[i]!.p99Ms)).toBeLessThan(1e-5);
    });
    expect(JSON.stringify(spec)).not.toMatch(/null|Infinity|NaN/);
  });

  it("renders statically the initial value's rows only", async () => {
    for (const servers of [1, 4, 8]) {
      const svg = await renderSvg(
        sliderChart(rows, { ...options, controls: [{ field: "servers", initial: servers }] }),
      );
      const drawn = pointsDrawn(svg);
      expect(drawn.map((p) => p.x)).toEqual(stableLoads(servers));
      for (const p of drawn) {
        const q = mmc({ arrivalRatePerSec: p.x, serviceTimeSec: SERVICE_SEC, servers });
        expect(relErr(p.y, q.responseTimeQuantileSec(0.99) * 1000)).toBeLessThan(1e-4);
      }
      expect(svg).toContain(`Subtitle text 'Servers (workers): ${servers}'`);
    }
  });

  it("follows the slider: a position between grid values draws the nearest", async () => {
    const v = view(spec);
    for (const [position, nearest] of [
      [5, 4],
      [6.5, 8],
      [1.4, 1],
      [2, 2],
    ] as const) {
      v.signal("control_servers", position);
      await v.runAsync();
      expect(v.signal("shown_servers")).toBe(nearest);
      expect(pointsDrawn(await v.toSVG()).map((p) => p.x)).toEqual(stableLoads(nearest));
    }
    v.finalize();
  });

  it("draws series and picks names with a selector", async () => {
    const named = sweepGrid({ model: ["exact", "double"], servers: [1, 2], x: [1, 2, 3] }, (p) => ({
      y: (p.model === "exact" ? 1 : 2) * p.servers * p.x,
      kind: p.x === 3 ? 'last, "3"' : "first",
    }));
    const spec = sliderChart(named, {
      x: "x",
      y: "y",
      series: "kind",
      xTitle: "x",
      yTitle: "y",
      controls: [
        { field: "model", initial: "double" },
        { field: "servers", input: "select" },
      ],
      rules: [{ y: 5, label: "five" }],
    });
    const s = spec as unknown as {
      params: { bind?: { input: string; options?: unknown[] } }[];
      layer: { encoding?: { color: { scale: { domain: string[] } } } }[];
    };
    expect(s.params[0]!.bind).toEqual({
      input: "select",
      options: ["exact", "double"],
      name: "model ",
    });
    expect(s.params[2]!.bind).toEqual({
      input: "select",
      options: [1, 2],
      name: "Servers (workers) ",
    });
    expect(s.layer[0]!.encoding!.color.scale.domain).toEqual(["first", 'last, "3"']);
    const drawn = pointsDrawn(await renderSvg(spec));
    // model "double", 1 server: y = 2x for x = 1, 2, 3 (lines: first for x < 3, last for x = 3).
    expect(drawn.map((p) => p.y).sort((a, b) => a - b)).toEqual([2, 4, 6]);
  });

  it("names the field that is wrong", () => {
    const fails = (o: Partial<SliderChartOptions>, r: readonly Record<string, unknown>[] = rows) =>
      thrown(ModelInputError, () => sliderChart(r, { ...options, ...o })).field;
    expect(fails({}, [])).toBe("rows");
    expect(fails({ controls: [] })).toBe("controls");
    expect(fails({ controls: [{ field: "servers", initial: 3 }] })).toBe("controls[0].initial");
    expect(fails({ controls: [{ field: "arrivalRatePerSec" }] })).toBe("controls[0].field");
    expect(fails({ controls: [{ field: "servers" }, { field: "servers" }] })).toBe(
      "controls[1].field",
    );
    expect(fails({ controls: [{ field: "nope" }] })).toBe("rows[0].nope");
    expect(fails({ rules: [{ x: 1, y: 2, label: "both" }] })).toBe("rules[0]");
    const mixed = [
      { a: 1, x: 1, y: 1 },
      { a: "two", x: 2, y: 2 },
    ];
    expect(fails({ x: "x", y: "y", controls: [{ field: "a" }] }, mixed)).toBe("controls[0].field");
    const named = [{ a: "one", x: 1, y: 1 }];
    expect(fails({ x: "x", y: "y", controls: [{ field: "a", input: "range" }] }, named)).toBe(
      "controls[0].input",
    );
  });
});
