import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import * as charts from "../src/charts/index.js";

// The tutorials' shape (issue 16): cells a reader can copy — the package imported by its name, as
// in the reader's own notebook, and no code cell over 30 lines — and every chapter ending with what
// to take away and where to try it on the reader's own numbers. The notebooks' numbers themselves
// are checked by executing them (scripts/run_notebooks.py).

const folder = join(import.meta.dirname, "..", "notebooks");
const MAX_CELL_LINES = 30;
const IMPORTABLE = new Set(["pywebperf", "pywebperf/charts", "tslab"]);
/** Node's own modules, which a notebook uses to read the reader's files. */
const NODE_BUILTIN = /^(node:)?(fs|path|zlib)$/;

interface Cell {
  cell_type: string;
  source: string | string[];
}

const notebooks = readdirSync(folder)
  .filter((f) => f.endsWith(".ipynb"))
  .sort()
  .map((file) => {
    const cells = (JSON.parse(readFileSync(join(folder, file), "utf8")) as { cells: Cell[] }).cells;
    return {
      file,
      cells: cells.map((c) => ({
        type: c.cell_type,
        text: Array.isArray(c.source) ? c.source.join("") : c.source,
      })),
    };
  });

describe("tutorial notebooks", () => {
  it("are all found", () => {
    expect(notebooks.map((n) => n.file.slice(0, 2))).toEqual(
      Array.from({ length: notebooks.length }, (_, i) => String(i + 1).padStart(2, "0")),
    );
    expect(notebooks.length).toBeGreaterThanOrEqual(8);
  });

  for (const { file, cells } of notebooks) {
    const code = cells.filter((c) => c.type === "code");

    it(`${file}: no code cell over ${MAX_CELL_LINES} lines`, () => {
      const long = code
        .map((c, i) => ({ cell: i, lines: c.text.replace(/\n$/, "").split("\n").length }))
        .filter((c) => c.lines > MAX_CELL_LINES);
      expect(long).toEqual([]);
    });

    it(`${file}: imports pywebperf by name, not from the repository's folders`, () => {
      const imported = code.flatMap((c) =>
        [...c.text.matchAll(/\bfrom\s+["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']/g)].map(
          (m) => m[1] ?? m[2] ?? "",
        ),
      );
      expect(imported.length).toBeGreaterThan(0);
      expect(imported.filter((m) => !IMPORTABLE.has(m) && !NODE_BUILTIN.test(m))).toEqual([]);
    });

    it(`${file}: ends with what to take away and how to try it on your numbers`, () => {
      const headings = cells
        .filter((c) => c.type === "markdown")
        .flatMap((c) => [...c.text.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim()));
      expect(headings.slice(-2)).toEqual(["What to take away", "Try it on your numbers"]);
      // The section, from its heading to the end: a CLI command and a function of the package.
      const from = cells.findIndex((c) => /^## Try it on your numbers$/m.test(c.text));
      const tryIt = cells
        .slice(from)
        .map((c) => c.text)
        .join("\n")
        .replace(/[\s\S]*^## Try it on your numbers$/m, "");
      expect(tryIt).toMatch(/\bpywebperf [a-z-]+/);
      const named = [...tryIt.matchAll(/\b([a-z][A-Za-z]+)\(/g)].map((m) => m[1]!);
      expect(named.filter((name) => name in api || name in charts)).not.toEqual([]);
    });
  }
});

// Chapters with sliders (issue 21): a saved output carries the vega-lite spec whose params are
// bound to inputs — what JupyterLab draws — and the SVG beside it, for GitHub and the docs.
describe("tutorial notebooks with sliders", () => {
  for (const chapter of ["02", "03", "05"]) {
    it(`${chapter}: a chart with controls, and its SVG in the same output`, () => {
      const file = readdirSync(folder).find((f) => f.startsWith(`${chapter}-`))!;
      const nb = JSON.parse(readFileSync(join(folder, file), "utf8")) as {
        cells: { outputs?: { data?: Record<string, unknown> }[] }[];
      };
      const outputs = nb.cells.flatMap((c) => c.outputs ?? []).map((o) => o.data ?? {});
      const interactive = outputs.filter((d) => {
        const spec = d["application/vnd.vegalite.v5+json"] as
          { params?: { bind?: unknown }[] } | undefined;
        return (spec?.params ?? []).some((p) => p.bind !== undefined);
      });
      expect(interactive.length).toBeGreaterThan(0);
      for (const d of interactive) expect([d["image/svg+xml"]].flat().join("")).toMatch(/^<svg/);
    });
  }
});
