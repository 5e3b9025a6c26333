import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import { buildBrowser } from "../../scripts/browser-build.mjs";

// The browser build (scripts/browser-build.mjs) is the library bundled by esbuild from its
// sources. A page must be able to load it alone, and it must answer as the Node package does.
describe("the browser build", () => {
  it("is one ES module that imports nothing and exports the API", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pywebperf-browser-"));
    try {
      const b = await buildBrowser(dir);
      expect(b.imports).toEqual([]);
      expect(b.gzipBytes).toBeGreaterThan(0);
      expect(b.gzipBytes).toBeLessThan(b.bytes);
      const browser = await import(pathToFileURL(b.file).href);
      expect(Object.keys(browser).sort()).toEqual(Object.keys(api).sort());

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
});
