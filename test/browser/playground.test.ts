import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mm1, mmc, mmck } from "../../src/index.js";
import { buildPlayground } from "../../scripts/playground-build.mjs";

// The playground's pages (docs/playground/) in a real browser: Debian's Chromium, driven by
// playwright-core, loads each page from a small server on 127.0.0.1 with the browser build
// beside it, sets inputs, and reads the figures the page shows against the API's own answers.
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
let origin: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh does)`);
  }
  site = mkdtempSync(join(tmpdir(), "pywebperf-site-"));
  await buildPlayground(site);
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
  await new Promise((done) => server?.close(done));
  if (site) rmSync(site, { recursive: true, force: true });
});

/** Runs `check` on a fresh page; on failure saves a screenshot in .test-results/ and rethrows. */
async function onPage(name: string, check: (page: Page, errors: string[]) => Promise<void>) {
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
async function figures(page: Page): Promise<Record<string, number>> {
  await page.waitForSelector("tr[data-figure]");
  const rows = await page.$$eval("tr[data-figure]", (trs) =>
    trs.map((tr) => [tr.getAttribute("data-figure"), tr.getAttribute("data-value")]),
  );
  return Object.fromEntries(rows.map(([k, v]) => [String(k), Number(v)]));
}

/** The same figures from the API. */
function expected(answer: ReturnType<typeof mmc>): Record<string, number> {
  return {
    utilization: answer.utilization,
    throughputPerSec: answer.throughputPerSec,
    blockingProbability: answer.blockingProbability,
    probabilityOfWaiting: answer.probabilityOfWaiting,
    meanInSystem: answer.meanInSystem,
    meanWaitSec: answer.meanWaitSec,
    meanResponseTimeSec: answer.meanResponseTimeSec,
    p50: answer.responseTimeQuantileSec(0.5),
    p95: answer.responseTimeQuantileSec(0.95),
    p99: answer.responseTimeQuantileSec(0.99),
  };
}

function expectSame(shown: Record<string, number>, api: Record<string, number>) {
  expect(Object.keys(shown).sort()).toEqual(Object.keys(api).sort());
  for (const [k, v] of Object.entries(api)) {
    const s = shown[k] as number;
    if (Number.isFinite(v)) expect(Math.abs(s - v), k).toBeLessThanOrEqual(1e-12 * Math.abs(v));
    else expect(s, k).toBe(v);
  }
}

describe("playground: the queue calculator", () => {
  const question = { arrivalRatePerSec: 80, serviceTimeSec: 0.02, servers: 2 };

  it("shows the API's figures for the address's inputs, and a link reproduces it", async () => {
    await onPage("queue-address", async (page, errors) => {
      const query = "model=mmc&arrivalRatePerSec=80&serviceTimeSec=0.02&servers=2";
      await page.goto(`${origin}/playground/queue.html?${query}`);
      expectSame(await figures(page), expected(mmc(question)));
      await expect(page.textContent("#about")).resolves.toMatch(/M\/M\/c.*exact/);
      // The charts render: one line of the CDF, three of the percentiles against the load.
      for (const [id, count] of [
        ["cdf", 1],
        ["percentiles", 3],
      ] as const) {
        const line = `#${id} svg .mark-line path`;
        await page.waitForSelector(line);
        const drawn = await page.$$eval(
          line,
          (paths) =>
            paths.filter((p) => (p.getAttribute("d") ?? "").split(/[ML]/).length > 20).length,
        );
        expect(drawn, id).toBe(count);
      }
      expect(errors).toEqual([]);
    });
  });

  it("follows the inputs, keeps them in the address, and names a bad field at the field", async () => {
    await onPage("queue-inputs", async (page, errors) => {
      await page.goto(`${origin}/playground/queue.html`);
      await page.fill("input[name=servers]", "4");
      expectSame(await figures(page), expected(mmc({ ...question, servers: 4 })));
      // An update's time in the page, reported (how fast the machine is is not a test).
      const ms = await page.$eval("input[name=arrivalRatePerSec]", (input) => {
        const t0 = performance.now();
        (input as unknown as { value: string }).value = "150";
        input.dispatchEvent(new Event("input", { bubbles: true }));
        return performance.now() - t0;
      });
      console.log(`playground queue: an update after an input took ${ms.toFixed(1)} ms`);
      const mmcAt150 = mmc({ ...question, servers: 4, arrivalRatePerSec: 150 });
      expectSame(await figures(page), expected(mmcAt150));

      await page.selectOption("select[name=model]", "mmck");
      await page.fill("input[name=capacity]", "6");
      const withBacklog = { ...question, servers: 4, arrivalRatePerSec: 150, capacity: 6 };
      expectSame(await figures(page), expected(mmck(withBacklog)));
      const link = page.url();
      expect(new URL(link).searchParams.get("capacity")).toBe("6");

      await page.selectOption("select[name=model]", "mm1");
      expect(await page.isHidden("label[data-field=servers]")).toBe(true);
      const single = { arrivalRatePerSec: 40, serviceTimeSec: 0.02 };
      await page.fill("input[name=arrivalRatePerSec]", "40");
      expectSame(await figures(page), expected(mm1(single)));

      await page.selectOption("select[name=model]", "mmc");
      await page.fill("input[name=servers]", "0");
      expect(await page.$$("tr[data-figure]")).toHaveLength(0);
      expect(await page.$$("figure svg")).toHaveLength(0);
      await expect(page.textContent("label[data-field=servers] output")).resolves.toMatch(
        /`servers` must be/,
      );
      await expect(page.getAttribute("input[name=servers]", "aria-invalid")).resolves.toBe("true");
      expect(errors).toEqual([]);

      // The link from before reproduces the M/M/c/K page.
      await onPage("queue-link", async (again) => {
        await again.goto(link);
        expectSame(await figures(again), expected(mmck(withBacklog)));
      });
    });
  });
});
