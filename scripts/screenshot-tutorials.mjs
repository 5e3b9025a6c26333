// npm run screenshots: the docs site's tutorial pages as a reader sees them, in headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core; no browser is downloaded). Built site
// first (`npm run docs`). For each tutorial page it writes a full-page screenshot and one of each
// chart at the size the page shows it, into build/screenshots/, to be looked at; and it checks what
// a script can: every chart loaded, none wider than the text column (cut off or scrolled), none
// shrunk below 60 % of its drawn size (labels too small to read). The last line is
// `screenshots: N charts on M pages, K problems`; the exit status is 1 if there is a problem.
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const SITE = "site/documents";
const OUT = "build/screenshots";
const SMALLEST_SCALE = 0.6;

const pages = readdirSync(SITE)
  .filter((f) => /^\d\d_.*\.html$/.test(f))
  .sort();
if (pages.length === 0) {
  console.error(`screenshots: no tutorial pages in ${SITE} (run npm run docs first)`);
  process.exit(1);
}
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const problems = [];
let charts = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const file of pages) {
    const chapter = file.slice(0, 2);
    await page.goto(pathToFileURL(resolve(SITE, file)).href, { waitUntil: "load" });
    await page.screenshot({ path: join(OUT, `${chapter}-page.png`), fullPage: true });
    const images = page.locator(".tsd-panel img, .col-content img");
    const count = await images.count();
    for (let i = 0; i < count; i++) {
      const image = images.nth(i);
      const size = await image.evaluate((img) => {
        // The DOM's types are not in this project's lib; the fields read are an <img>'s.
        const el = /** @type {any} */ (img);
        const column = el.closest(".col-content") ?? el.parentElement;
        return {
          src: el.getAttribute("src") ?? "",
          loaded: el.complete && el.naturalWidth > 0,
          natural: el.naturalWidth,
          shown: el.getBoundingClientRect().width,
          column: column ? column.getBoundingClientRect().width : Infinity,
        };
      });
      charts++;
      const name = `${chapter}-chart-${String(i + 1).padStart(2, "0")}.png`;
      await image.scrollIntoViewIfNeeded();
      await image.screenshot({ path: join(OUT, name) });
      const where = `${file} chart ${i + 1} (${size.src})`;
      if (!size.loaded) problems.push(`${where}: did not load`);
      else if (size.shown > size.column + 0.5)
        problems.push(`${where}: ${size.shown} px wide in a ${size.column} px column`);
      else if (size.shown < SMALLEST_SCALE * size.natural)
        problems.push(
          `${where}: shown at ${Math.round((100 * size.shown) / size.natural)} % of its size`,
        );
      console.log(`${name}: ${Math.round(size.shown)} of ${size.natural} px  ${size.src}`);
    }
  }
} finally {
  await browser.close();
}
for (const p of problems) console.error(`problem: ${p}`);
console.log(`screenshots: ${charts} charts on ${pages.length} pages, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
