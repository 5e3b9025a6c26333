import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { onPage, origin, useSite } from "./site.js";

// The playground's index (docs/playground/index.html): one line for every page, each link
// loading its page without an error.
useSite();

const PAGES = readdirSync(join(import.meta.dirname, "..", "..", "docs", "playground"))
  .filter((f) => f.endsWith(".html") && f !== "index.html")
  .sort();

describe("playground: the index", () => {
  it("lists every page of the playground, and each link opens its page", async () => {
    await onPage("index", async (page, errors) => {
      await page.goto(`${origin}/playground/index.html`);
      const links = await page.$$eval("li > a", (as) => as.map((a) => a.getAttribute("href")));
      expect([...links].sort()).toEqual(PAGES);
      for (const link of PAGES) {
        await page.goto(`${origin}/playground/index.html`);
        await page.click(`li > a[href='${link}']`);
        await page.waitForLoadState("load");
        expect(new URL(page.url()).pathname).toBe(`/playground/${link}`);
        await expect(page.textContent("h1")).resolves.toBeTruthy();
      }
      expect(errors).toEqual([]);
    });
  });
});
