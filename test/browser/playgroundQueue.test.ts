import { describe, expect, it } from "vitest";
import { mm1, mmc, mmck } from "../../src/index.js";
import { expectSame, figures, onPage, origin, useSite } from "./site.js";

// The queue calculator (docs/playground/queue.html) against the API, in Chromium.
useSite();

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
