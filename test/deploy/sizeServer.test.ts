import { describe, expect, it } from "vitest";
import { evaluateDeployment } from "../../src/deploy/evaluateDeployment.js";
import { serverDeployment } from "../../src/deploy/servers/readServerDeployment.js";
import { SERVERS } from "../../src/deploy/servers/serverTable.js";
import { sizeDeployment, type SizeDeploymentInput } from "../../src/deploy/sizeDeployment.js";
import { sizedSettings } from "../../src/deploy/sizeServer.js";
import { ModelInputError } from "../../src/errors.js";
import { GiB } from "../../src/units.js";

// Sizing on a server: each configuration is what the server runs, in its words, with its command.

// 200 req/s of 10 ms CPU and 40 ms I/O on 4 cores (2 cores busy).
const input: SizeDeploymentInput = {
  app: { cpuTimeSec: 0.01, ioTimeSec: 0.04 },
  machine: { cores: 4, memoryBytes: GiB(4) },
  load: { arrivalRatePerSec: 200 },
  slo: { responseTimeSec: 0.25 },
};

describe("sizeDeployment on a server", () => {
  it("knows which settings it chooses: the counts, not the worker class or recycling", () => {
    expect(sizedSettings(SERVERS.gunicorn)).toEqual(["workers", "threads", "workerConnections"]);
    expect(sizedSettings(SERVERS.uvicorn)).toEqual(["workers", "limitConcurrency"]);
    expect(sizedSettings(SERVERS.mod_wsgi)).toEqual(["processes", "threads"]);
    expect(sizedSettings(SERVERS.waitress)).toEqual(["threads"]);
  });

  it.each(["gunicorn", "uvicorn", "granian", "mod_wsgi", "uwsgi", "waitress"] as const)(
    "%s: every configuration is its settings' deployment, with a command",
    (server) => {
      const s = sizeDeployment({ ...input, server });
      expect(s.server).toBe(server);
      const all = [...s.feasible, ...s.rejected];
      expect(all.length).toBeGreaterThan(0);
      for (const c of all) {
        expect(c.settings!.server).toBe(server);
        expect(c.command).toBe(SERVERS[server].command(c.settings as never, "app:app"));
        // The settings give back the deployment that was evaluated.
        expect(serverDeployment(c.settings!)).toEqual(c.deployment);
      }
    },
  );

  it("gunicorn gthread: pinned daemon workers with no hand-over, as gunicorn runs them", () => {
    const s = sizeDeployment({ ...input, server: { server: "gunicorn", workerClass: "gthread" } });
    const best = s.recommended!;
    expect(best.deployment).toMatchObject({ kind: "daemon", dispatch: "pinned", hopTimeSec: 0 });
    expect(best.command).toMatch(/^gunicorn -w \d+ -k gthread --threads \d+ app:app$/);
    const again = evaluateDeployment({
      deployment: best.settings!,
      app: input.app,
      machine: input.machine,
      load: input.load,
    });
    expect(again.responseTimeQuantileSec(0.99)).toBe(best.quantileSec);
    expect(again.capacityPerSec).toBe(best.capacityPerSec);
  });

  it("gunicorn's uvicorn worker sets no limit: one family, no --worker-connections", () => {
    const s = sizeDeployment({
      ...input,
      server: { server: "gunicorn", workerClass: "uvicorn.workers.UvicornWorker" },
    });
    const all = [...s.feasible, ...s.rejected];
    expect(all.length).toBeGreaterThan(0);
    for (const c of all) {
      expect(c.deployment).toMatchObject({ kind: "async", concurrency: 100_000 });
      expect(c.command).not.toContain("--worker-connections");
    }
    // Each process count once: the three concurrencies of the generic search are one here.
    const counts = all.map((c) => c.deployment.processes);
    expect(new Set(counts).size).toBe(counts.length);
  });

  it("uvicorn is also sized with no --limit-concurrency, its default", () => {
    const s = sizeDeployment({ ...input, server: "uvicorn" });
    expect([...s.feasible, ...s.rejected].some((c) => !c.command!.includes("--limit"))).toBe(true);
  });

  it("keeps the settings given: --max-requests and --preload stay in every command", () => {
    const s = sizeDeployment({
      ...input,
      server: { server: "gunicorn", workerClass: "gthread", maxRequests: 1000, preload: true },
    });
    for (const c of s.feasible) {
      expect(c.command).toContain("--max-requests 1000");
      expect(c.command).toContain("--preload");
      expect(c.deployment).toMatchObject({ maxRequestsPerProcess: 1000, preload: true });
    }
  });

  it.each([
    ["server.workers", { server: "gunicorn", workers: 4 }],
    ["server.threads", { server: "gunicorn", workerClass: "gthread", threads: 4 }],
    ["server.limitConcurrency", { server: "uvicorn", limitConcurrency: 100 }],
    ["server.gil", { server: "gunicorn", gil: "free-threaded" }],
    ["server.processWeights", { server: "gunicorn", processWeights: [1, 1] }],
    ["server.server", { server: "nginx" }],
    ["server.server", "nginx"],
    ["server.workerClass", { server: "gunicorn", workerClass: "tornado" }],
    ["server.keepAlive", { server: "gunicorn", keepAlive: 5 }],
    ["server.app", { server: "gunicorn", app: "my app" }],
    ["kinds", { server: "uvicorn" }, ["prefork"]],
  ])("refuses %s", (field, server, kinds?: string[]) => {
    const run = () =>
      sizeDeployment({
        ...input,
        server: server as never,
        ...(kinds === undefined ? {} : { kinds: kinds as never }),
      });
    expect(run).toThrow(ModelInputError);
    expect(run).toThrow(field);
  });
});
