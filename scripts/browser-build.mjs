// The browser build (issue 21, part 1): the library's models as one ES module for a web page,
// bundled by esbuild from src/index.ts with its dependencies (mathjs' LU solver,
// simple-statistics, yaml). Everything in src/index.ts is free of Node-only imports (the file
// readers take text, the CLI and the Node SVG rendering are not part of it), so the bundle needs
// no shims; a Node-only import would fail the build. The Node package (dist/) is not touched.
//
//   node scripts/browser-build.mjs [outdir]     (default build/browser; prints the sizes)
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Bundles the browser module into `outdir` (pywebperf.js and its source map).
 * @param {string} outdir
 * @returns {Promise<{ file: string; bytes: number; gzipBytes: number; packages: Record<string, number>; imports: string[] }>}
 *   the module's path, its size and gzipped size in bytes, the bytes each dependency and source
 *   folder adds, and what the module still imports (nothing: a page loads it alone)
 */
export async function buildBrowser(outdir) {
  const file = join(outdir, "pywebperf.js");
  const result = await build({
    entryPoints: [join(ROOT, "src", "index.ts")],
    bundle: true,
    format: "esm",
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
      const parts = relative(ROOT, join(ROOT, input)).split("/");
      const key = parts[0] === "node_modules" ? parts[1] : parts.slice(0, 2).join("/");
      packages[String(key)] = (packages[String(key)] ?? 0) + bytesInOutput;
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
