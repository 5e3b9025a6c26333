import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  GiB,
  ModelInputError,
  serverCommand,
  serverDeployment,
  SERVERS,
  type DeploymentInput,
  type ServerDeploymentInput,
} from "../../../src/index.js";

// Each mapping below restates the server's documented behaviour (see the comments in
// src/deploy/servers/*.ts and docs/servers.md): the expected objects are those facts.
describe("serverDeployment: each server's settings as the model's deployment", () => {
  it("gunicorn: sync is prefork; threads > 1 or gthread is daemon with no hop, pinned", () => {
    expect(serverDeployment({ server: "gunicorn" })).toEqual({ kind: "prefork", processes: 1 });
    expect(serverDeployment({ server: "gunicorn", workers: 4, threads: 4 })).toEqual(
      serverDeployment({ server: "gunicorn", workerClass: "gthread", workers: 4, threads: 4 }),
    );
    expect(
      serverDeployment({ server: "gunicorn", workerClass: "gthread", workers: 4, threads: 4 }),
    ).toEqual({ kind: "daemon", processes: 4, threads: 4, hopTimeSec: 0, dispatch: "pinned" });
    // gevent: worker_connections greenlets (default 1000); the uvicorn worker sets no limit.
    expect(serverDeployment({ server: "gunicorn", workerClass: "gevent", workers: 2 })).toEqual({
      kind: "async",
      processes: 2,
      concurrency: 1000,
      dispatch: "pinned",
    });
    expect(
      serverDeployment({ server: "gunicorn", workerClass: "uvicorn.workers.UvicornWorker" })
        .concurrency,
    ).toBe(100_000);
    expect(
      serverDeployment({ server: "gunicorn", workers: 3, preload: true, maxRequests: 1000 }),
    ).toEqual({ kind: "prefork", processes: 3, preload: true, maxRequestsPerProcess: 1000 });
  });

  it("uvicorn: event loops, pinned, unlimited unless --limit-concurrency", () => {
    expect(serverDeployment({ server: "uvicorn", workers: 4 })).toEqual({
      kind: "async",
      processes: 4,
      concurrency: 100_000,
      dispatch: "pinned",
    });
    expect(serverDeployment({ server: "uvicorn", limitConcurrency: 50 }).concurrency).toBe(50);
  });

  it("granian: wsgi threads default to backpressure/2 = (1024/workers)/2", () => {
    // 1 worker: backpressure 1024 / 1 = 1024, blocking threads 1024 / 2 = 512.
    expect(serverDeployment({ server: "granian", interface: "wsgi" }).threads).toBe(512);
    // 4 workers: backpressure 1024 / 4 = 256, threads 128.
    expect(serverDeployment({ server: "granian", interface: "wsgi", workers: 4 }).threads).toBe(
      128,
    );
    expect(serverDeployment({ server: "granian", workers: 2 })).toEqual({
      kind: "async",
      processes: 2,
      concurrency: 512, // 1024 / 2
      dispatch: "pinned",
    });
  });

  it("mod_wsgi: daemon mode keeps the hop and one shared queue; embedded is Apache's children", () => {
    expect(serverDeployment({ server: "mod_wsgi", processes: 2 })).toEqual({
      kind: "daemon",
      processes: 2,
      threads: 15,
    });
    expect(serverDeployment({ server: "mod_wsgi", mode: "embedded", processes: 9 })).toEqual({
      kind: "prefork",
      processes: 9,
    });
  });

  it("uWSGI preloads unless --lazy-apps; --gevent makes event loops; Waitress is threaded", () => {
    expect(serverDeployment({ server: "uwsgi", processes: 4, threads: 2 })).toEqual({
      kind: "daemon",
      processes: 4,
      threads: 2,
      preload: true,
    });
    expect(serverDeployment({ server: "uwsgi", gevent: 100, lazyApps: true })).toEqual({
      kind: "async",
      processes: 1,
      concurrency: 100,
      preload: false,
    });
    expect(serverDeployment({ server: "waitress" })).toEqual({ kind: "threaded", threads: 4 });
  });

  it("carries the model's extras and refuses what the server does not have", () => {
    expect(serverDeployment({ server: "waitress", gil: "free-threaded" }).gil).toBe(
      "free-threaded",
    );
    const refuse = (input: unknown, field: RegExp) => {
      expect(() => serverDeployment(input as ServerDeploymentInput)).toThrow(ModelInputError);
      expect(() => serverDeployment(input as ServerDeploymentInput)).toThrow(field);
    };
    refuse({ server: "apache" }, /`deployment.server`.*"gunicorn"/);
    refuse({ server: "uvicorn", threads: 4 }, /`deployment.threads` must be absent/);
    refuse({ server: "gunicorn", workerClass: "tornado" }, /`deployment.workerClass`.*gthread/);
    refuse({ server: "gunicorn", workers: 0 }, /`deployment.workers`/);
    refuse({ server: "gunicorn", preload: "yes" }, /`deployment.preload` must be true or false/);
    refuse({ kind: "prefork" }, /`deployment.server`/);
  });

  it("evaluateDeployment takes a server's settings as they are", () => {
    const question = {
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.03 },
      machine: { cores: 4, memoryBytes: GiB(8) },
      load: { arrivalRatePerSec: 100 },
    };
    const words = evaluateDeployment({
      ...question,
      deployment: { server: "gunicorn", workerClass: "gthread", workers: 4, threads: 4 },
    });
    const model = evaluateDeployment({
      ...question,
      deployment: { kind: "daemon", processes: 4, threads: 4, hopTimeSec: 0, dispatch: "pinned" },
    });
    expect(words.meanResponseTimeSec).toBe(model.meanResponseTimeSec);
    expect(() =>
      evaluateDeployment({ ...question, deployment: { server: "gunicorn", threads: -1 } }),
    ).toThrow(/evaluateDeployment: `deployment.threads`/);
  });
});

describe("serverCommand: back to the command line", () => {
  it("prints each server's own command", () => {
    const cases: [ServerDeploymentInput, string][] = [
      [
        { server: "gunicorn", workerClass: "gthread", workers: 4, threads: 4 },
        "gunicorn -w 4 -k gthread --threads 4 app:app",
      ],
      [{ server: "gunicorn", workers: 9, preload: true }, "gunicorn -w 9 --preload app:app"],
      [{ server: "uvicorn", workers: 4 }, "uvicorn --workers 4 app:app"],
      [
        { server: "granian", interface: "wsgi", workers: 2, blockingThreads: 8 },
        "granian --interface wsgi --workers 2 --blocking-threads 8 app:app",
      ],
      [
        { server: "mod_wsgi", processes: 4, maximumRequests: 500 },
        "WSGIDaemonProcess app processes=4 threads=15 maximum-requests=500",
      ],
      [
        { server: "uwsgi", processes: 4, threads: 2 },
        "uwsgi --master --socket :3031 --module app:app --processes 4 --threads 2",
      ],
      [{ server: "waitress", threads: 8 }, "waitress-serve --threads=8 app:app"],
    ];
    for (const [settings, command] of cases) {
      expect(serverCommand(settings).command).toBe(command);
      expect(serverCommand(settings).differences).toEqual([]);
    }
    expect(serverCommand({ server: "uvicorn" }, { app: "main:app" }).command).toBe(
      "uvicorn --workers 1 main:app",
    );
  });

  it("finds the server that runs a model deployment as it is, or says what differs", () => {
    expect(serverCommand({ kind: "prefork", processes: 9 }).server).toBe("gunicorn");
    expect(serverCommand({ kind: "threaded", threads: 10 }).command).toBe(
      "waitress-serve --threads=10 app:app",
    );
    expect(serverCommand({ kind: "daemon", processes: 2, threads: 4 }).server).toBe("mod_wsgi");
    // Event loops with one shared queue: uWSGI's gevent loop, fed a connection per request by
    // the front end; gunicorn's gevent workers pin keep-alive connections instead.
    const loop = { kind: "async", processes: 2, concurrency: 100 } as const;
    expect(serverCommand(loop).command).toBe(
      "uwsgi --master --socket :3031 --module app:app --processes 2 --gevent 100 --lazy-apps",
    );
    const pinned = serverCommand(loop, { server: "gunicorn" });
    expect(pinned.command).toBe("gunicorn -w 2 -k gevent --worker-connections 100 app:app");
    expect(pinned.differences).toEqual(["dispatch"]);
    expect(() => serverCommand({ kind: "prefork", processes: 2 }, { server: "uvicorn" })).toThrow(
      /`options.server`.*runs prefork/,
    );
  });

  // Every server's settings, drawn at random, come back from the model's deployment unchanged
  // in what the model sees: settings → deployment → settings → deployment is a fixed point.
  it("settings → deployment → settings keeps the deployment, for every server", () => {
    const settingsOf = fc
      .constantFrom(...Object.values(SERVERS))
      .chain((spec) =>
        fc
          .record(
            Object.fromEntries(
              spec.settings.map((s) => [
                s.field,
                s.type === "integer"
                  ? fc.integer({ min: s.min!, max: Math.min(s.max!, s.min! + 64) })
                  : s.type === "boolean"
                    ? fc.boolean()
                    : fc.constantFrom(...s.choices!),
              ]),
            ),
            { requiredKeys: [] },
          )
          .map((settings) => ({ server: spec.name, ...settings }) as ServerDeploymentInput),
      );
    fc.assert(
      fc.property(settingsOf, (settings) => {
        const deployment: DeploymentInput = serverDeployment(settings);
        const back = serverCommand(deployment, { server: settings.server });
        expect(serverDeployment(back.settings)).toEqual(deployment);
        expect(back.differences).toEqual([]);
      }),
    );
  });
});
