import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import * as charts from "../../src/charts/index.js";
import { buildBrowser } from "../../scripts/browser-build.mjs";

// The browser build (scripts/browser-build.mjs) is the library bundled by esbuild from its
// sources. A page must be able to load it alone, and it must answer as the Node package does.

/** What the browser build exports: the API, and pywebperf/charts but its Node rendering and notebook display. */
const EXPORTS = [
  ...Object.keys(api),
  ...Object.keys(charts).filter(
    (name) => !["renderSvg", "ChartsUnavailableError", "showChart", "showTable"].includes(name),
  ),
].sort();

describe("the browser build", () => {
  it("is one ES module that imports nothing and exports the API", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pywebperf-browser-"));
    try {
      const b = await buildBrowser(dir);
      expect(b.imports).toEqual([]);
      expect(b.gzipBytes).toBeGreaterThan(0);
      expect(b.gzipBytes).toBeLessThan(b.bytes);
      const browser = await import(pathToFileURL(b.file).href);
      expect(Object.keys(browser).sort()).toEqual(EXPORTS);
      const tiers = [{ name: "app", utilization: 0.79 }];
      expect(browser.tierUtilizationChart(tiers)).toEqual(charts.tierUtilizationChart(tiers));

      // The same answers, figures and functions alike, for a queue and a Python deployment.
      const queue = { arrivalRatePerSec: 80, serviceTimeSec: 0.02, servers: 2 };
      const [m, n] = [browser.mmc(queue), api.mmc(queue)];
      expect(JSON.stringify(m)).toBe(JSON.stringify(n));
      expect(m.responseTimeQuantileSec(0.99)).toBe(n.responseTimeQuantileSec(0.99));
      const question = {
        deployment: { server: "gunicorn", workerClass: "gthread", workers: 2, threads: 4 },
        app: { cpuTimeSec: 0.005, ioTimeSec: 0.02 },
        machine: { cores: 2, memoryBytes: 4e9 },
        load: { arrivalRatePerSec: 150 },
      } as const;
      const [d, e] = [browser.evaluateDeployment(question), api.evaluateDeployment(question)];
      expect(JSON.stringify(d)).toBe(JSON.stringify(e));
      expect(d.responseTimeQuantileSec(0.99)).toBe(e.responseTimeQuantileSec(0.99));
      // Errors are the library's own, naming the field.
      expect(() => browser.mmc({ ...queue, servers: 0 })).toThrow(/servers/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("is also a classic script that defines the global pywebperf, for pages opened from file://", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pywebperf-browser-"));
    try {
      const b = await buildBrowser(dir, "iife");
      expect(b.file.endsWith("pywebperf.global.js")).toBe(true);
      expect(b.imports).toEqual([]);
      const page: { pywebperf?: typeof api } = {};
      runInNewContext(readFileSync(b.file, "utf8"), page);
      const global = page.pywebperf as typeof api;
      expect(Object.keys(global).sort()).toEqual(EXPORTS);
      const queue = { arrivalRatePerSec: 80, serviceTimeSec: 0.02, servers: 2 };
      expect(JSON.stringify(global.mmc(queue))).toBe(JSON.stringify(api.mmc(queue)));
      expect(global.parseScenario("load: { arrivalRatePerSec: 5 }", "yaml")).toEqual({
        load: { arrivalRatePerSec: 5 },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
