import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// What each entry point can reach: every module imported from it, statically or with import(),
// followed through src/. The main entry must work without vega installed (an optional peer
// dependency), so no module it reaches may import vega or vega-lite, not even lazily.
const SRC = join(import.meta.dirname, "..", "src");

/** The modules reachable from `entry` (paths under src/) and the npm packages they import. */
function graph(entry: string): { modules: string[]; packages: Set<string> } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\(?\s*)"([^"]+)"/g)) {
      const spec = m[1]!;
      if (spec.startsWith(".")) visit(join(dirname(file), spec.replace(/\.js$/, ".ts")));
      else if (!spec.startsWith("node:"))
        packages.add(spec.replace(/^((?:@[^/]+\/)?[^/]+).*$/, "$1"));
    }
  };
  visit(join(SRC, entry));
  return { modules: [...seen].map((f) => relative(SRC, f)), packages };
}

describe("entry points", () => {
  it("pywebperf reaches the models and mathjs, simple-statistics and yaml, never vega", () => {
    const { modules, packages } = graph("index.ts");
    expect(modules).toContain("queueing/mmc.ts");
    expect(modules).toContain("charts/sweep.ts");
    expect([...packages].sort()).toEqual(["mathjs", "simple-statistics", "yaml"]);
    expect(modules.filter((m) => /charts\/(renderSvg|display|index)\.ts$/.test(m))).toEqual([]);
  });

  it("pywebperf/charts reaches vega and vega-lite (which the check above would catch)", () => {
    const { packages } = graph("charts/index.ts");
    expect(packages).toContain("vega");
    expect(packages).toContain("vega-lite");
  });
});
