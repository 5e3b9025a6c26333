import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { buildPlayground } from "../../scripts/playground-build.mjs";

// The playground's pages (docs/playground/) in a real browser, for the browser tests: Debian's
// Chromium, driven by playwright-core, loads each page from a small server on 127.0.0.1 (or from
// the file system) with the browser build beside it; the tests set inputs and read the figures
// the page shows.

const CHROMIUM = "/usr/bin/chromium";
const ROOT = join(import.meta.dirname, "..", "..");
const SHOTS = join(ROOT, ".test-results");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
};

let site: string;
let server: Server;
/** The site's address, once the hooks have run. */
export let origin: string;
/** The site's folder as a file:// address, once the hooks have run. */
export let fileOrigin: string;
let browser: Browser;

/** Starts the site and the browser before a file's tests and stops them after. */
export function useSite() {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh does)`);
    }
    site = mkdtempSync(join(tmpdir(), "pywebperf-site-"));
    await buildPlayground(site);
    fileOrigin = pathToFileURL(site).href;
    server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
      const file = join(site, path);
      if (!file.startsWith(site) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(readFileSync(file));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    // When the site failed to build there is no server; waiting for its close would never end.
    if (server) await new Promise((done) => server.close(done));
    if (site) rmSync(site, { recursive: true, force: true });
  });
}

/** Runs `check` on a fresh page; on failure saves a screenshot in .test-results/ and rethrows. */
export async function onPage(name: string, check: (page: Page, errors: string[]) => Promise<void>) {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await check(page, errors);
  } catch (e) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `playground-${name}.png`), fullPage: true });
    throw e;
  } finally {
    await page.close();
  }
}

/** The figures the page shows, by name, as the numbers it computed. */
export async function figures(page: Page): Promise<Record<string, number>> {
  await page.waitForSelector("tr[data-figure]");
  const rows = await page.$$eval("tr[data-figure]", (trs) =>
    trs.map((tr) => [tr.getAttribute("data-figure"), tr.getAttribute("data-value")]),
  );
  return Object.fromEntries(rows.map(([k, v]) => [String(k), Number(v)]));
}

/** Every figure the page shows (in any element with `data-figure`), by name, as the number it computed. */
export async function allFigures(page: Page): Promise<Record<string, number>> {
  await page.waitForSelector("[data-figure]");
  const rows = await page.$$eval("[data-figure]", (elements) =>
    elements.map((e) => [e.getAttribute("data-figure"), e.getAttribute("data-value")]),
  );
  return Object.fromEntries(rows.map(([k, v]) => [String(k), Number(v)]));
}

/** Waits until every chart (`figure` element) of the page holds an SVG with a drawn mark. */
export async function chartsDrawn(page: Page): Promise<number> {
  // A page's expression (this file is compiled without the DOM's types).
  await page.waitForFunction(
    `[...document.querySelectorAll("figure")].every((f) => f.querySelector("svg [class*=mark-] path, svg [class*=mark-] text") !== null)`,
  );
  return page.$$eval("figure svg", (svgs) => svgs.length);
}

/** The page's figures equal the API's, to 1e-12. */
export function expectSame(shown: Record<string, number>, api: Record<string, number>) {
  expect(Object.keys(shown).sort()).toEqual(Object.keys(api).sort());
  for (const [k, v] of Object.entries(api)) {
    const s = shown[k] as number;
    if (Number.isFinite(v)) expect(Math.abs(s - v), k).toBeLessThanOrEqual(1e-12 * Math.abs(v));
    else expect(s, k).toBe(v);
  }
}
