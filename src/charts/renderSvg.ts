import type { VegaLiteSpec } from "./spec.js";

/**
 * Renders a vega-lite spec to SVG text in plain Node (no browser): compiles it with vega-lite,
 * runs the vega view headless and serializes the scene. vega and vega-lite are loaded on first
 * use (they cannot be imported from a tslab notebook cell, but this function can be called
 * from one).
 *
 * @param spec - A vega-lite spec, e.g. from {@link latencyChart}.
 * @returns The SVG document as a string.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const vegaLite = await import("vega-lite");
  const vega = await import("vega");
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
