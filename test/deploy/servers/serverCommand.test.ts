import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  serverCommand,
  serverDeployment,
  SERVERS,
  type DeploymentInput,
  type ServerDeploymentInput,
} from "../../../src/index.js";

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
    const settingsOf = fc.constantFrom(...Object.values(SERVERS)).chain((spec) =>
      fc
        .record(
          Object.fromEntries(
            spec.settings.map((s) => [
              s.field,
              s.type === "integer"
                ? fc
                    .integer({ min: s.min!, max: Math.min(s.max!, s.min! + 64) })
                    .filter((v) => s.refuse?.(v) === undefined) // uvicorn's limit of 1
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
