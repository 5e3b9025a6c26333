// The playground in a built site (issue 21): the pages of docs/playground/ copied into
// `<site>/playground/` beside the browser build they import (scripts/browser-build.mjs) and
// vega-embed, bundled from npm, for their charts. Run by
// the docs build (scripts/docs.mjs), and by the browser test on a site of its own. The pages are
// ES modules, so the site must be served over HTTP (`python3 -m http.server -d site`), not opened
// from the disk.
import { cpSync, existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildBrowser } from "./browser-build.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Builds the playground into `<site>/playground/`.
 * @param {string} site the site's folder
 * @returns {Promise<{ pages: string[]; bytes: number; gzipBytes: number }>} the pages (HTML files)
 *   and the browser build's size
 */
export async function buildPlayground(site) {
  const out = join(site, "playground");
  cpSync(join(ROOT, "docs", "playground"), out, { recursive: true });
  const b = await buildBrowser(out);
  // vega-embed with vega and vega-lite, as one ES module the pages import for their charts.
  await build({
    stdin: { contents: 'export { default } from "vega-embed";', resolveDir: ROOT },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    outfile: join(out, "vega-embed.js"),
    logLevel: "silent",
  });
  const pages = readdirSync(out).filter((f) => f.endsWith(".html"));
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
