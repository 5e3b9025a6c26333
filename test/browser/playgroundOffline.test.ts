import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allFigures, chartsDrawn, fileOrigin, onPage, origin, useSite } from "./site.js";

// Every playground page opened from the file system (file://, no server: no ES modules, no
// fetch) computes as it does over HTTP: the same figures, its charts drawn, no error.
useSite();

const SOURCE = join(import.meta.dirname, "..", "..", "docs", "playground");
/** The pages that compute: those with a script of their name (the index is plain HTML). */
const PAGES = readdirSync(SOURCE).filter(
  (f) => f.endsWith(".html") && existsSync(join(SOURCE, f.replace(/\.html$/, ".js"))),
);

describe("playground: offline, from the file system", () => {
  it("has the pages", () => {
    expect(PAGES).toEqual(expect.arrayContaining(["queue.html", "stack.html"]));
  });

  it("index.html opens from file://, and each page it lists computes", async () => {
    await onPage("file-index.html", async (page, errors) => {
      await page.goto(`${fileOrigin}/playground/index.html`);
      const listed = await page.$$eval("li a", (links) =>
        links.map((a) => a.getAttribute("href") ?? ""),
      );
      expect([...listed].sort()).toEqual([...PAGES].sort());
      for (const href of listed) {
        await page.goto(`${fileOrigin}/playground/index.html`);
        await page.click(`a[href="${href}"]`);
        expect(page.url()).toMatch(new RegExp(`^file:.*/playground/${href.replace(".", "\\.")}$`));
        expect(Object.keys(await allFigures(page)).length).toBeGreaterThan(3);
      }
      expect(errors).toEqual([]);
    });
  }, 120_000);

  for (const name of PAGES) {
    it(`${name} computes from file:// what it computes over HTTP`, async () => {
      let overHttp: Record<string, number> = {};
      await onPage(`http-${name}`, async (page) => {
        await page.goto(`${origin}/playground/${name}`);
        overHttp = await allFigures(page);
      });
      await onPage(`file-${name}`, async (page, errors) => {
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(m.text());
        });
        await page.goto(`${fileOrigin}/playground/${name}`);
        expect(page.url()).toMatch(/^file:/);
        const shown = await allFigures(page);
        expect(Object.keys(shown).length).toBeGreaterThan(3);
        expect(shown).toEqual(overHttp);
        const charts = await chartsDrawn(page);
        expect(charts).toBe(await page.$$eval("figure", (f) => f.length));
        expect(errors).toEqual([]);
      });
    }, 60_000);
  }

  it("keeps a page's inputs in its file:// address, and the address reproduces it", async () => {
    await onPage("file-queue-address", async (page, errors) => {
      await page.goto(`${fileOrigin}/playground/queue.html`);
      await page.fill("input[name=servers]", "4");
      expect(new URL(page.url()).searchParams.get("servers")).toBe("4");
      const shown = await allFigures(page);
      await onPage("file-queue-link", async (again) => {
        await again.goto(page.url());
        expect(await allFigures(again)).toEqual(shown);
      });
      await onPage("http-queue-link", async (again) => {
        await again.goto(`${origin}/playground/queue.html${new URL(page.url()).search}`);
        expect(await allFigures(again)).toEqual(shown);
      });
      expect(errors).toEqual([]);
    });
  });
});
