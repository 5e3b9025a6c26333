// The playground in a built site (issue 21): the pages of docs/playground/ built into
// `<site>/playground/`. Run by the docs build (scripts/docs.mjs), and by the browser tests on a
// site of their own.
//
// The pages work offline, from the file system as well as from any static server: a browser
// refuses ES modules (and fetch) from file:// addresses, so every script a page loads is a
// classic one — the library's browser build as the global `pywebperf` (pywebperf.global.js,
// scripts/browser-build.mjs), vega-embed with vega and vega-lite as the global `vegaEmbed`
// (vega-embed.global.js), and the page's own script, bundled by esbuild from its source with
// page.js and what it imports as text (the stack page's built-in scenario), its imports of
// `./pywebperf.js` and `./vega-embed.js` read from those globals. The library is in one file,
// not copied into every page. A page's HTML loads the three in that order.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildBrowser } from "./browser-build.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = join(ROOT, "docs", "playground");

/**
 * The modules the pages' sources import, and the global each one's classic script defines: the
 * library's exports, and vega-embed's function (a page's default import).
 */
const GLOBALS = { "./pywebperf.js": "pywebperf", "./vega-embed.js": "vegaEmbed" };

/**
 * An esbuild plugin that reads the imports of `GLOBALS` from the globals their scripts define.
 * @type {import("esbuild").Plugin}
 */
const fromGlobals = {
  name: "from-globals",
  setup(b) {
    b.onResolve({ filter: /^\.\/(pywebperf|vega-embed)\.js$/ }, (a) => ({
      path: a.path,
      namespace: "global",
    }));
    b.onLoad({ filter: /.*/, namespace: "global" }, (a) => ({
      contents: `module.exports = globalThis.${GLOBALS[/** @type {keyof GLOBALS} */ (a.path)]};`,
      loader: "js",
    }));
  },
};

/**
 * Builds the playground into `<site>/playground/`.
 * @param {string} site the site's folder
 * @returns {Promise<{ pages: string[]; bytes: number; gzipBytes: number }>} the pages (HTML files)
 *   and the browser build's size
 */
export async function buildPlayground(site) {
  const out = join(site, "playground");
  mkdirSync(out, { recursive: true });
  const pages = readdirSync(SOURCE).filter((f) => f.endsWith(".html"));
  for (const file of [...pages, "playground.css"])
    copyFileSync(join(SOURCE, file), join(out, file));
  const b = await buildBrowser(out, "iife");
  await build({
    // The global is the function itself, as in vega-embed's own script for pages.
    stdin: {
      contents: 'import embed from "vega-embed"; globalThis.vegaEmbed = embed;',
      resolveDir: ROOT,
    },
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    outfile: join(out, "vega-embed.global.js"),
    logLevel: "silent",
  });
  await build({
    // A page's script has the page's name; a page without one (the index) is plain HTML.
    entryPoints: pages
      .map((page) => join(SOURCE, page.replace(/\.html$/, ".js")))
      .filter((script) => existsSync(script)),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    loader: { ".yaml": "text" },
    plugins: [fromGlobals],
    outdir: out,
    logLevel: "silent",
  });
  return { pages, bytes: b.bytes, gzipBytes: b.gzipBytes };
}

/**
 * The relative links of the playground's pages whose target is not in the site.
 * @param {string} site
 * @returns {string[]} "page → link" for each broken link
 */
export function brokenPlaygroundLinks(site) {
  const out = join(site, "playground");
  return readdirSync(out)
    .filter((f) => f.endsWith(".html"))
    .flatMap((page) =>
      [...readFileSync(join(out, page), "utf8").matchAll(/(?:href|src)="([^"#?:]+)[^"]*"/g)]
        .map((m) => String(m[1]))
        .filter((link) => !existsSync(join(out, decodeURI(link))))
        .map((link) => `${page} → ${link}`),
    );
}
