import { describe, expect, it } from "vitest";
import { finiteSource, ggc, mg1, mm1, mmc, mmck, type QueueResult } from "../../src/index.js";
import { expectSame, figures, onPage, origin, useSite } from "./site.js";

// The queue calculator (docs/playground/queue.html) against the API, in Chromium.
useSite();

/** The same figures from the API. */
function expected(answer: QueueResult): Record<string, number> {
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

  it("answers with the finite source, M/G/1 and G/G/c, and says which model and how exactly", async () => {
    // Each model at an address, the API's answer for the same inputs, and the words the page
    // must say: the model and its source, and whether its means and percentiles are exact.
    const cases = [
      {
        model: "finiteSource",
        inputs: {
          population: 12,
          thinkTimeSec: 0.15,
          serviceTimeSec: 0.02,
          servers: 2,
          capacity: 8,
        },
        answer: finiteSource,
        words:
          /^M\/M\/c\/K\/K, a finite source .*Kleinrock.* answers: the means are exact; the response-time distribution and its percentiles are exact\.$/,
      },
      {
        model: "mg1",
        inputs: { arrivalRatePerSec: 30, serviceTimeSec: 0.02, serviceTimeScv: 0.3 },
        answer: mg1,
        words:
          /^M\/G\/1 by the Pollaczek–Khinchine formula.* answers: the means are exact; the percentiles are an approximation: a gamma law/,
      },
      {
        model: "ggc",
        inputs: {
          arrivalRatePerSec: 150,
          serviceTimeSec: 0.02,
          servers: 4,
          arrivalScv: 2.5,
          serviceTimeScv: 0.4,
        },
        answer: ggc,
        words:
          /^G\/G\/c by the Allen–Cunneen approximation \(Allen.*1990.*\) answers: the means are an approximation .*; the percentiles are an approximation: a gamma law/,
      },
    ] as const;
    for (const c of cases) {
      await onPage(`queue-${c.model}`, async (page, errors) => {
        const query = new URLSearchParams({ model: c.model });
        for (const [k, v] of Object.entries(c.inputs)) query.set(k, String(v));
        await page.goto(`${origin}/playground/queue.html?${query}`);
        const answer = (c.answer as (q: object) => QueueResult)(c.inputs);
        expectSame(await figures(page), expected(answer));
        await expect(page.textContent("#about")).resolves.toMatch(c.words);
        // The statement follows the answer's own labels.
        expect([answer.method, answer.distribution]).toEqual(
          c.model === "finiteSource"
            ? ["exact", "exact"]
            : c.model === "mg1"
              ? ["exact", "approximation"]
              : ["approximation", "approximation"],
        );
        // Only the model's own inputs are shown, and the charts draw their lines.
        const shown = await page.$$eval("label[data-field]:not([hidden])", (labels) =>
          labels.map((l) => l.getAttribute("data-field")),
        );
        expect(shown.sort()).toEqual(Object.keys(c.inputs).sort());
        for (const [id, count] of [
          ["cdf", 1],
          ["percentiles", 3],
        ] as const) {
          await page.waitForSelector(`#${id} svg .mark-line path`);
          expect(await page.$$(`#${id} svg .mark-line path`), id).toHaveLength(count);
        }
        expect(errors).toEqual([]);
      });
    }
  });

  it("changes its statement with the model chosen in the page", async () => {
    await onPage("queue-statement", async (page, errors) => {
      await page.goto(
        `${origin}/playground/queue.html?model=mm1&arrivalRatePerSec=30&serviceTimeSec=0.02`,
      );
      await expect(page.textContent("#about")).resolves.toMatch(
        /^M\/M\/1 .*answers: the means are exact; the response-time distribution and its percentiles are exact\.$/,
      );
      await page.selectOption("select[name=model]", "mg1");
      await page.fill("input[name=serviceTimeScv]", "0");
      const md1 = mg1({ arrivalRatePerSec: 30, serviceTimeSec: 0.02, serviceTimeScv: 0 });
      expectSame(await figures(page), expected(md1));
      await expect(page.textContent("#about")).resolves.toMatch(
        /^M\/G\/1 .*percentiles are an approximation/,
      );
      await page.selectOption("select[name=model]", "ggc");
      await page.fill("input[name=arrivalScv]", "1");
      await page.fill("input[name=servers]", "1");
      // G/G/1 with Poisson arrivals is M/G/1's mean, but the page still names the approximation.
      const gg1 = ggc({
        arrivalRatePerSec: 30,
        serviceTimeSec: 0.02,
        servers: 1,
        arrivalScv: 1,
        serviceTimeScv: 0,
      });
      expectSame(await figures(page), expected(gg1));
      await expect(page.textContent("#about")).resolves.toMatch(
        /^G\/G\/c .*Allen–Cunneen.*the means are an approximation/,
      );
      await page.fill("input[name=serviceTimeScv]", "-1");
      await expect(page.textContent("label[data-field=serviceTimeScv] output")).resolves.toMatch(
        /`serviceTimeScv`/,
      );
      expect(errors).toEqual([]);
    });
  });
});
