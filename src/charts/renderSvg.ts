import type { VegaLiteSpec } from "./spec.js";

/**
 * Thrown when a chart is to be rendered and vega or vega-lite is not installed: they are optional
 * peer dependencies of pywebperf, needed by {@link renderSvg} and {@link showChart} only.
 */
export class ChartsUnavailableError extends Error {
  override name = "ChartsUnavailableError";
}

/** vega-lite and vega, loaded on first use; a missing package becomes a message that says what to install. */
async function loadVega(): Promise<[typeof import("vega-lite"), typeof import("vega")]> {
  try {
    return [await import("vega-lite"), await import("vega")];
  } catch (e) {
    if ((e as { code?: unknown }).code !== "ERR_MODULE_NOT_FOUND") throw e;
    throw new ChartsUnavailableError(
      "rendering a chart needs the optional packages vega and vega-lite: npm install vega vega-lite",
      { cause: e },
    );
  }
}

/**
 * Renders a vega-lite spec to SVG text in plain Node (no browser): compiles it with vega-lite,
 * runs the vega view headless and serializes the scene. vega and vega-lite are optional peer
 * dependencies (`npm install vega vega-lite`), loaded on first use (they cannot be imported from
 * a tslab notebook cell, but this function can be called from one).
 *
 * @param spec - A vega-lite spec, e.g. from {@link latencyChart}.
 * @returns The SVG document as a string.
 * @throws {@link ChartsUnavailableError} when vega or vega-lite is not installed.
 * @example
 * ```ts
 * const spec = latencyChart(sweep({ model: mm1, input: { arrivalRatePerSec: 0, serviceTimeSec: 0.02 }, parameter: "arrivalRatePerSec", values: [10, 20] }));
 * (await renderSvg(spec)).startsWith("<svg"); // => true
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vegaLite, vega] = await loadVega();
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
