import { createRequire } from "node:module";
import type { QueueResult } from "../queueing/types.js";
import { queueRows } from "./format.js";
import { renderSvg } from "./renderSvg.js";
import type { VegaLiteSpec } from "./spec.js";

/** The part of tslab's `display` object (`import * as tslab from "tslab"`) these helpers use. */
export interface NotebookDisplay {
  svg(svg: string): void;
  html(html: string): void;
}

type Bundle = Record<string, unknown>;

/**
 * tslab's display methods send one MIME type per output. Jupyter's display_data message can carry
 * several — the front end shows the richest it can render, nbconvert keeps the static one — so
 * when the running tslab kernel is reachable, the bundle goes out whole through its writer for
 * the current cell; otherwise the caller's `display` is used with the static representation.
 */
function bundleWriter(): ((bundle: Bundle) => void) | undefined {
  try {
    const jupyter = createRequire(import.meta.url)("tslab/dist/jupyter.js") as {
      lastWriteDisplayData?: (data: object, update: boolean) => void;
    };
    const write = jupyter.lastWriteDisplayData;
    if (typeof write !== "function") return undefined;
    return (bundle) => write({ data: bundle, metadata: {}, transient: {} }, false);
  } catch {
    return undefined;
  }
}

/**
 * Shows a chart in a tslab notebook: interactive vega-lite where the front end renders it
 * (JupyterLab), with its SVG rendering in the same output for static exports and the docs.
 *
 * @param display - `tslab.display`.
 * @param spec - A vega-lite spec, e.g. from {@link latencyChart}.
 * @returns Nothing (so that a cell ending in `await showChart(…)` prints no value); use
 *   {@link renderSvg} for the SVG text.
 * @throws {@link ChartsUnavailableError} when vega or vega-lite is not installed.
 * @example
 * ```ts
 * // Outside a notebook, `display` is any object with `svg` and `html`: here one that keeps them.
 * const shown = [];
 * const display = { svg: (s) => shown.push(s), html: (s) => shown.push(s) };
 * await showChart(display, latencyChart(sweep({ model: mm1, input: { arrivalRatePerSec: 0, serviceTimeSec: 0.02 }, parameter: "arrivalRatePerSec", values: [10, 20] })));
 * shown[0]?.startsWith("<svg"); // => true
 * ```
 */
export async function showChart(display: NotebookDisplay, spec: VegaLiteSpec): Promise<void> {
  const svg = await renderSvg(spec);
  const write = bundleWriter();
  if (write) {
    write({
      "application/vnd.vegalite.v5+json": spec,
      "image/svg+xml": svg,
      "text/plain": `<chart: ${titleText(spec.title)}>`,
    });
  } else {
    display.svg(svg);
  }
}

/** A spec's title as text: a string title, or the text of a title object (e.g. {@link sliderChart}'s). */
function titleText(title: unknown): string {
  const text =
    typeof title === "object" && title !== null ? (title as { text?: unknown }).text : title;
  return typeof text === "string" ? text : "vega-lite";
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A table as HTML, markdown and plain text, from a header and rows of cells. */
function tableBundle(header: readonly string[], rows: readonly (readonly string[])[]): Bundle {
  const html = [
    "<table>",
    `<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>`,
    "<tbody>",
    ...rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`),
    "</tbody>",
    "</table>",
  ].join("\n");
  const md = [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`),
  ].join("\n");
  const text = [header, ...rows].map((r) => r.join("\t")).join("\n");
  return { "text/html": html, "text/markdown": md, "text/plain": text };
}

/**
 * Shows a result as a readable table in a tslab notebook: a model result as metric/value rows
 * (times in milliseconds, with p50/p95/p99), or any header and rows you pass.
 *
 * @param display - `tslab.display`.
 * @param table - A {@link QueueResult}, or `{ header, rows }` of strings.
 * @example
 * ```ts
 * const shown = [];
 * const display = { svg: (s) => shown.push(s), html: (s) => shown.push(s) };
 * showTable(display, { header: ["workers", "p99"], rows: [["4", "120 ms"]] });
 * shown[0]?.includes("<td>120 ms</td>"); // => true
 * ```
 */
export function showTable(
  display: NotebookDisplay,
  table: QueueResult | { header: readonly string[]; rows: readonly (readonly string[])[] },
): void {
  const bundle =
    "responseTimeQuantileSec" in table
      ? tableBundle([table.model, "value"], queueRows(table))
      : tableBundle(table.header, table.rows);
  const write = bundleWriter();
  if (write) write(bundle);
  else display.html(String(bundle["text/html"]));
}
