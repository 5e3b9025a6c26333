import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  serverCommand,
  type DeploymentEvaluation,
  type ServerDeploymentInput,
} from "../../src/index.js";
import { expectSame, figures, onPage, origin, useSite } from "./site.js";

// The Python deployment page (docs/playground/deployment.html) against evaluateDeployment and
// serverCommand, in Chromium, for every server the library knows.
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

const common = {
  app: { cpuTimeSec: 0.004, ioTimeSec: 0.03 },
  machine: { cores: 4, memoryBytes: 8 * 2 ** 30 },
  load: { arrivalRatePerSec: 400 },
} as const;

/** The page's address for a question: every field by its dotted API name. */
function address(deployment: ServerDeploymentInput): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...deployment })) query.set(`deployment.${k}`, String(v));
  for (const [group, fields] of Object.entries(common))
    for (const [k, v] of Object.entries(fields)) query.set(`${group}.${k}`, String(v));
  return `${origin}/playground/deployment.html?${query}`;
}

/** The words the page must say of the model's exactness for an answer. */
const exactness = (e: DeploymentEvaluation) =>
  e.method === "exact" ? /the means are exact/ : /the means are an approximation/;

/** One configuration of every server other than gunicorn, in its own words. */
const OTHERS: ServerDeploymentInput[] = [
  { server: "uvicorn", workers: 3, limitConcurrency: 50, limitMaxRequests: 0, backlog: 2048 },
  { server: "mod_wsgi", mode: "daemon", processes: 3, threads: 5, maximumRequests: 0 },
  {
    server: "uwsgi",
    processes: 3,
    threads: 4,
    gevent: 0,
    maxRequests: 0,
    listen: 100,
    lazyApps: true,
    gil: "free-threaded",
  },
  { server: "waitress", threads: 12 },
  {
    server: "granian",
    interface: "wsgi",
    workers: 2,
    blockingThreads: 6,
    backpressure: 0,
    backlog: 1024,
  },
];

describe("playground: a Python deployment", () => {
  it("shows evaluateDeployment's figures and charts for the address, and follows the inputs", async () => {
    await onPage("deployment", async (page, errors) => {
      const gthread = {
        server: "gunicorn",
        workerClass: "gthread",
        workers: 3,
        threads: 6,
      } as const;
      await page.goto(address(gthread));
      const answer = evaluateDeployment({ ...common, deployment: gthread });
      expectSame(await figures(page), expected(answer));
      const about = await page.textContent("#about");
      expect(about).toMatch(/daemon deployment, 3 processes × 6 threads/);
      expect(about).toMatch(exactness(answer));
      expect(about).toMatch(/percentiles are a two-moment approximation/);
      await expect(page.textContent("#command")).resolves.toBe(serverCommand(gthread).command);
      // The heatmap of workers × threads draws its cells; the percentiles their three lines.
      await page.waitForSelector("#heatmap svg .mark-rect path");
      expect((await page.$$("#heatmap svg .mark-rect path")).length).toBeGreaterThan(20);
      await page.waitForSelector("#percentiles svg .mark-line path");
      expect(await page.$$("#percentiles svg .mark-line path")).toHaveLength(3);

      // sync workers: no threads field, and the API's answer for them.
      await page.selectOption("select[name='deployment.workerClass']", "sync");
      expect(await page.isHidden("label[data-field='deployment.threads']")).toBe(true);
      const sync = { server: "gunicorn", workerClass: "sync", workers: 3 } as const;
      expectSame(
        await figures(page),
        expected(evaluateDeployment({ ...common, deployment: sync })),
      );
      expect(new URL(page.url()).searchParams.has("deployment.threads")).toBe(false);
      await expect(page.textContent("#command")).resolves.toBe(serverCommand(sync).command);

      // A bad input's error at its field, by the API's dotted name.
      await page.fill("input[name='app.cpuTimeSec']", "-1");
      await expect(page.textContent("label[data-field='app.cpuTimeSec'] output")).resolves.toMatch(
        /`app\.cpuTimeSec` must be/,
      );
      expect(await page.$$("tr[data-figure]")).toHaveLength(0);
      expect(errors).toEqual([]);
    });
  });

  it("answers for every other server in its own settings, from the address", async () => {
    for (const deployment of OTHERS) {
      await onPage(`deployment-${deployment.server}`, async (page, errors) => {
        await page.goto(address(deployment));
        const answer = evaluateDeployment({ ...common, deployment });
        expectSame(await figures(page), expected(answer));
        const command = serverCommand(deployment).command;
        await expect(page.textContent("#command"), deployment.server).resolves.toBe(command);
        await expect(page.textContent("#about")).resolves.toMatch(exactness(answer));
        // The form holds this server's settings, each with the server's own flag beside it.
        const fields = Object.keys({ gil: "shared", ...deployment }).map((k) => `deployment.${k}`);
        const shown = await page.$$eval("label[data-field]:not([hidden])", (labels) =>
          labels.map((l) => l.getAttribute("data-field")),
        );
        expect(shown.filter((f) => f?.startsWith("deployment.")).sort()).toEqual(fields.sort());
        await page.waitForSelector("#heatmap svg .mark-rect path");
        // An update's time in the page, reported (how fast the machine is is not a test).
        const ms = await page.$eval("input[name='load.arrivalRatePerSec']", (input) => {
          const t0 = performance.now();
          (input as unknown as { value: string }).value = "300";
          input.dispatchEvent(new Event("input", { bubbles: true }));
          return performance.now() - t0;
        });
        console.log(
          `playground deployment, ${deployment.server}: an update took ${ms.toFixed(1)} ms`,
        );
        const at300 = { ...common, load: { arrivalRatePerSec: 300 }, deployment };
        expectSame(await figures(page), expected(evaluateDeployment(at300)));
        expect(errors).toEqual([]);
      });
    }
  });

  it("rebuilds the form for a server chosen in the page, and its address reproduces it", async () => {
    await onPage("deployment-switch", async (page, errors) => {
      await page.goto(`${origin}/playground/deployment.html`);
      await page.selectOption("select[name='deployment.server']", "uwsgi");
      await page.fill("input[name='deployment.processes']", "5");
      await page.selectOption("select[name='deployment.lazyApps']", "true");
      const uwsgi = { server: "uwsgi", processes: 5, threads: 4, lazyApps: true } as const;
      const question = {
        deployment: uwsgi,
        app: { cpuTimeSec: 0.005, ioTimeSec: 0.02 },
        machine: { cores: 2, memoryBytes: 4 * 2 ** 30 },
        load: { arrivalRatePerSec: 150 },
      };
      const answer = expected(evaluateDeployment(question));
      expectSame(await figures(page), answer);
      await expect(page.textContent("label[data-field='deployment.lazyApps'] small")).resolves.toBe(
        "uwsgi --lazy-apps",
      );
      expect(await page.$$("input[name='deployment.workers']")).toHaveLength(0);
      await expect(page.textContent("#command")).resolves.toBe(serverCommand(uwsgi).command);
      const link = page.url();

      // Waitress's one process with no I/O: a product-form network, and the page says exact.
      await page.selectOption("select[name='deployment.server']", "waitress");
      await page.fill("input[name='app.ioTimeSec']", "0");
      const waitress = { server: "waitress", threads: 8 } as const;
      const io0 = { ...question, deployment: waitress, app: { cpuTimeSec: 0.005, ioTimeSec: 0 } };
      const exact = evaluateDeployment(io0);
      expect(exact.method).toBe("exact");
      expectSame(await figures(page), expected(exact));
      await expect(page.textContent("#about")).resolves.toMatch(/the means are exact/);
      expect(errors).toEqual([]);
      await onPage("deployment-switch-link", async (again) => {
        await again.goto(link);
        expectSame(await figures(again), answer);
      });
    });
  });
});
