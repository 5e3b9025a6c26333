import { describe, expect, it } from "vitest";
import { evaluateDeployment, type DeploymentEvaluation } from "../../src/index.js";
import { expectSame, figures, onPage, origin, useSite } from "./site.js";

// The Python deployment page (docs/playground/deployment.html) against evaluateDeployment, in
// Chromium.
useSite();

/** The figures the page shows, from the API. */
function expected(e: DeploymentEvaluation): Record<string, number> {
  return {
    capacityPerSec: e.capacityPerSec,
    throughputPerSec: e.throughputPerSec,
    "utilization.cores": e.utilization.cores,
    "utilization.gil": e.utilization.gil,
    "utilization.threads": e.utilization.threads,
    meanAcceptWaitSec: e.meanAcceptWaitSec,
    meanResponseTimeSec: e.meanResponseTimeSec,
    p50: e.responseTimeQuantileSec(0.5),
    p95: e.responseTimeQuantileSec(0.95),
    p99: e.responseTimeQuantileSec(0.99),
    "memory.totalPssBytes": e.memory.totalPssBytes,
  };
}

const gthread = {
  deployment: { server: "gunicorn", workerClass: "gthread", workers: 3, threads: 6 },
  app: { cpuTimeSec: 0.004, ioTimeSec: 0.03 },
  machine: { cores: 4, memoryBytes: 8 * 2 ** 30 },
  load: { arrivalRatePerSec: 400 },
} as const;

describe("playground: a Python deployment", () => {
  it("shows evaluateDeployment's figures and charts for the address, and follows the inputs", async () => {
    await onPage("deployment", async (page, errors) => {
      const query = new URLSearchParams({
        "deployment.workerClass": "gthread",
        "deployment.workers": "3",
        "deployment.threads": "6",
        "app.cpuTimeSec": "0.004",
        "app.ioTimeSec": "0.03",
        "machine.cores": "4",
        "machine.memoryBytes": String(8 * 2 ** 30),
        "load.arrivalRatePerSec": "400",
      });
      await page.goto(`${origin}/playground/deployment.html?${query}`);
      expectSame(await figures(page), expected(evaluateDeployment(gthread)));
      await expect(page.textContent("#about")).resolves.toMatch(/gthread: 3 processes × 6 threads/);
      // The heatmap of workers × threads draws its cells; the percentiles their three lines.
      await page.waitForSelector("#heatmap svg .mark-rect path");
      expect((await page.$$("#heatmap svg .mark-rect path")).length).toBeGreaterThan(20);
      await page.waitForSelector("#percentiles svg .mark-line path");
      expect(await page.$$("#percentiles svg .mark-line path")).toHaveLength(3);

      // sync workers: no threads field, and the API's answer for them.
      await page.selectOption("select[name='deployment.workerClass']", "sync");
      expect(await page.isHidden("label[data-field='deployment.threads']")).toBe(true);
      const deployment = { server: "gunicorn", workerClass: "sync", workers: 3 } as const;
      const sync = { ...gthread, deployment };
      expectSame(await figures(page), expected(evaluateDeployment(sync)));
      expect(new URL(page.url()).searchParams.has("deployment.threads")).toBe(false);

      // A bad input's error at its field, by the API's dotted name.
      await page.fill("input[name='app.cpuTimeSec']", "-1");
      await expect(page.textContent("label[data-field='app.cpuTimeSec'] output")).resolves.toMatch(
        /`app\.cpuTimeSec` must be/,
      );
      expect(await page.$$("tr[data-figure]")).toHaveLength(0);
      expect(errors).toEqual([]);
    });
  });
});
