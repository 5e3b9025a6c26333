import { ModelInputError } from "../errors.js";
import { percent } from "./format.js";
import { frame, type ChartOptions, type VegaLiteSpec } from "./spec.js";

/** Options of {@link tierUtilizationChart}. */
export interface TierUtilizationChartOptions extends ChartOptions {
  /** A limit drawn as a dashed rule, e.g. the planner's `maxUtilization`. */
  limit?: number;
}

/**
 * How busy each tier of a stack is, top to bottom, as horizontal bars in percent — the
 * talk's "whatever resource gets maxed out" at a glance. Overloaded tiers (above 100 %) are
 * drawn to their offered load, coloured apart and labelled with it ("119 % offered"); an
 * infinite one a little past the longest bar, labelled "∞" — never a silent clamp. The axis spans
 * 0 to 100 %, and further when a bar is labelled, to leave its label room.
 *
 * @param tiers - Name and utilization of each tier, e.g. `evaluateStack(…).tiers` or a plan's tiers.
 * @param options - The limit to draw, title and size.
 * @returns A vega-lite spec (plain JSON).
 * @throws {@link ModelInputError} when `tiers` is empty.
 * @example
 * ```ts
 * tierUtilizationChart([{ name: "app", utilization: 0.79 }, { name: "database", utilization: 0.54 }], { limit: 0.8 }).layer[0].data.values[0].percent; // => 79
 * ```
 */
export function tierUtilizationChart(
  tiers: readonly { name: string; utilization: number }[],
  options: TierUtilizationChartOptions = {},
): VegaLiteSpec {
  if (!Array.isArray(tiers as unknown) || tiers.length === 0) {
    throw new ModelInputError("tierUtilizationChart", "tiers", tiers, "a non-empty array of tiers");
  }
  // An infinite utilization (a tier waiting on an overloaded one) is drawn a little past the
  // longest finite bar.
  const finite = tiers.map((t) => t.utilization * 100).filter(Number.isFinite);
  const beyond = Math.round(Math.max(100, ...finite) * 1.1);
  const values = tiers.map((t) => ({
    tier: t.name,
    percent: Number.isFinite(t.utilization) ? Math.round(t.utilization * 1e4) / 100 : beyond,
    label: !Number.isFinite(t.utilization)
      ? "∞"
      : t.utilization >= 1
        ? `${percent(t.utilization)} offered`
        : "",
    state:
      t.utilization >= 1
        ? "overloaded"
        : options.limit !== undefined && t.utilization > options.limit
          ? "above the limit"
          : "within the limit",
  }));
  const states = ["within the limit", "above the limit", "overloaded"];
  // The axis spans 0 to 100 %, so that a bar reads against a full server and the limit's rule
  // is not drawn on the plot's edge; with a label, it also leaves room right of the longest bar
  // ("119 % offered" is about a quarter of the plot's width at the docs' 700 px), so that the
  // label is neither clipped nor drawn over the legend.
  const labelled = values.some((v) => v.label !== "");
  const longest = Math.max(100, ...values.map((v) => v.percent));
  const top = labelled ? Math.ceil((longest * 1.3) / 10) * 10 : longest;
  const x = { scale: { domain: [0, top] } };
  const bars = {
    data: { values },
    mark: { type: "bar" },
    encoding: {
      y: { field: "tier", type: "nominal", sort: tiers.map((t) => t.name), title: null },
      x: { field: "percent", type: "quantitative", title: "Busy at the load (%)", ...x },
      color: {
        field: "state",
        type: "nominal",
        title: null,
        scale: { domain: states, range: ["#4c78a8", "#f58518", "#e45756"] },
      },
    },
  };
  // The overloaded bars say what they are: a tier cannot be busier than 100 %.
  const labels = {
    data: { values },
    mark: { type: "text", align: "left", dx: 4, fontWeight: "bold" },
    encoding: {
      y: { field: "tier", type: "nominal", sort: tiers.map((t) => t.name) },
      x: { field: "percent", type: "quantitative" },
      text: { field: "label", type: "nominal" },
    },
  };
  const layer: unknown[] = [bars, labels];
  if (options.limit !== undefined) {
    layer.push({
      data: { values: [{ percent: options.limit * 100 }] },
      mark: { type: "rule", strokeDash: [6, 4], color: "#333" },
      encoding: { x: { field: "percent", type: "quantitative" } },
    });
  }
  return { ...frame(options, "How busy each tier is"), layer };
}
