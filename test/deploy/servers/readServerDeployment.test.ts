import { describe, expect, it } from "vitest";
import { LAB_RACE } from "../../../src/dispatch/labRaces.js";
import { readDeployment } from "../../../src/deploy/deployment.js";
import { raceInput } from "../../../src/deploy/servers/gunicorn.js";
import { UVICORN } from "../../../src/deploy/servers/uvicorn.js";
import {
  evaluateDeployment,
  GiB,
  ModelInputError,
  serverDeployment,
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
    ).toEqual({
      kind: "daemon",
      processes: 4,
      threads: 4,
      hopTimeSec: 0,
      dispatch: "pinned",
      ...raceInput(LAB_RACE.gthread),
    });
    // gevent: worker_connections greenlets (default 1000); the uvicorn worker sets no limit.
    expect(serverDeployment({ server: "gunicorn", workerClass: "gevent", workers: 2 })).toEqual({
      kind: "async",
      processes: 2,
      concurrency: 1000,
      dispatch: "pinned",
      ...raceInput(LAB_RACE.gevent),
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
    // asyncio drains the accept queue: the lab's most uneven way of accepting.
    expect(serverDeployment({ server: "uvicorn", workers: 4 })).toEqual({
      kind: "async",
      processes: 4,
      concurrency: 100_000,
      dispatch: "pinned",
      ...raceInput(LAB_RACE.asyncio),
    });
    expect(
      serverDeployment({ server: "gunicorn", workerClass: "uvicorn.workers.UvicornWorker" })
        .acceptRace,
    ).toEqual(raceInput(LAB_RACE.asyncio).acceptRace);
    // uvicorn counts the asking connection: --limit-concurrency 50 serves 49 at once.
    expect(serverDeployment({ server: "uvicorn", limitConcurrency: 50 }).concurrency).toBe(49);
    expect(serverDeployment({ server: "uvicorn", limitConcurrency: 2 }).concurrency).toBe(1);
    // And back: the limit that serves a deployment's concurrency is one more, none for "unlimited".
    for (const [limit, concurrency] of [
      [2, 1],
      [51, 50],
      [100_000, 99_999],
      [0, 100_000],
    ] as const) {
      const d = readDeployment("test", "deployment", { kind: "async", processes: 2, concurrency });
      expect(UVICORN.fromDeployment(d)!.limitConcurrency).toBe(limit);
      expect(serverDeployment({ server: "uvicorn", limitConcurrency: limit }).concurrency).toBe(
        concurrency,
      );
    }
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
    refuse({ server: "uvicorn", limitConcurrency: 1 }, /`deployment.limitConcurrency`.*at least 2/);
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
