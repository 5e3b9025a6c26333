// The browser build (issue 21, part 1): the library's models as one file for a web page, bundled
// by esbuild from src/index.ts with its dependencies (mathjs' LU solver, simple-statistics, yaml)
// and the chart spec builders of src/charts/ (pywebperf/charts without its Node rendering and
// notebook display). Everything in it is free of Node-only imports (the file readers take text,
// the CLI and the Node SVG rendering are not part of it), so the bundle needs no shims; a
// Node-only import would fail the build. The Node package (dist/) is not touched.
//
// Two forms of the same code: an ES module, `pywebperf.js`, for a page's `import`; and a classic
// script, `pywebperf.global.js`, that defines the global `pywebperf` — what the playground's
// pages load, since a browser refuses ES modules from file:// addresses.
//
//   node scripts/browser-build.mjs [outdir]     (default build/browser; prints the sizes)
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The modules of src/charts/ that need Node or a notebook: left out of the browser build. */
const NODE_CHARTS = new Set(["renderSvg", "display"]);

/**
 * The browser build's entry: the main entry's exports, and the values src/charts/index.ts
 * exports from its modules but the Node-only ones.
 * @returns {string}
 */
function entry() {
  const charts = readFileSync(join(ROOT, "src", "charts", "index.ts"), "utf8");
  const lines = ['export * from "./src/index.ts";'];
  for (const m of charts.matchAll(/^export\s*{([^}]*)}\s*from\s*"\.\/(\w+)\.js";/gm)) {
    const names = String(m[1])
      .split(",")
      .map((n) => n.trim())
      .filter((n) => n !== "" && !n.startsWith("type "));
    if (names.length > 0 && !NODE_CHARTS.has(String(m[2])))
      lines.push(`export { ${names.join(", ")} } from "./src/charts/${m[2]}.ts";`);
  }
  return lines.join("\n");
}

/**
 * The package (or source folder) an input of the bundle comes from: `mathjs`, `src/deploy`.
 * @param {string} input a path from esbuild's metafile
 */
function origin(input) {
  const parts = relative(ROOT, join(ROOT, input)).split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return parts.slice(0, 2).join("/");
  const name = String(parts[at + 1]);
  return name.startsWith("@") ? `${name}/${parts[at + 2]}` : name;
}

/**
 * Bundles the browser build into `outdir`, with its source map: `pywebperf.js`, an ES module
 * that imports nothing, or with `format: "iife"` `pywebperf.global.js`, a classic script that
 * defines the global `pywebperf`.
 * @param {string} outdir
 * @param {"esm" | "iife"} [format]
 * @returns {Promise<{ file: string; bytes: number; gzipBytes: number; packages: Record<string, number>; imports: string[] }>}
 *   the file's path, its size and gzipped size in bytes, the bytes each dependency and source
 *   folder adds, and what the module still imports (nothing: a page loads it alone)
 */
export async function buildBrowser(outdir, format = "esm") {
  const file = join(outdir, format === "esm" ? "pywebperf.js" : "pywebperf.global.js");
  const result = await build({
    stdin: { contents: entry(), resolveDir: ROOT, sourcefile: "browser-entry.ts", loader: "ts" },
    bundle: true,
    format,
    ...(format === "iife" ? { globalName: "pywebperf" } : {}),
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: true,
    metafile: true,
    outfile: file,
    logLevel: "silent",
  });
  const text = readFileSync(file);
  /** @type {Record<string, number>} */
  const packages = {};
  /** @type {string[]} */
  const imports = [];
  for (const output of Object.values(result.metafile.outputs)) {
    imports.push(...output.imports.map((i) => i.path));
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = origin(input);
      packages[key] = (packages[key] ?? 0) + bytesInOutput;
    }
  }
  return { file, bytes: text.length, gzipBytes: gzipSync(text).length, packages, imports };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2] ?? join(ROOT, "build", "browser");
  const b = await buildBrowser(outdir);
  const kB = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} kB`;
  console.log(`${relative(process.cwd(), b.file)}: ${kB(b.bytes)}, ${kB(b.gzipBytes)} gzipped`);
  for (const [name, bytes] of Object.entries(b.packages).sort((x, y) => y[1] - x[1]))
    console.log(`  ${name}: ${kB(bytes)}`);
}
