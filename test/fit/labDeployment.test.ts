import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateDeployment, ModelInputError } from "../../src/index.js";
import { labDeployment } from "../../src/fit/labDeployment.js";
import { labRunQuestion } from "../../src/fit/labRunQuestion.js";
import type { LabRun } from "../../src/fit/labRun.js";
import { thrown } from "../helpers.js";

describe("labDeployment", () => {
  it("gunicorn's sync workers are prefork processes", () => {
    expect(labDeployment({ kind: "gunicorn-sync", processes: 4, threads: 1 })).toEqual({
      kind: "prefork",
      processes: 4,
    });
  });

  it("gthread and gevent workers keep each keep-alive connection: pinned dispatch", () => {
    expect(labDeployment({ kind: "gunicorn-gthread", processes: 2, threads: 8 })).toEqual({
      kind: "daemon",
      processes: 2,
      threads: 8,
      hopTimeSec: 0,
      dispatch: "pinned",
    });
    // gevent: the lab's `threads` is worker_connections, the event loop's concurrency.
    expect(labDeployment({ kind: "gunicorn-gevent", processes: 2, threads: 100 })).toEqual({
      kind: "async",
      processes: 2,
      concurrency: 100,
      dispatch: "pinned",
    });
  });

  it("mod_wsgi and uWSGI hand each request to a free thread: daemon with a shared queue", () => {
    for (const kind of ["mod_wsgi", "uwsgi"]) {
      expect(labDeployment({ kind, processes: 2, threads: 4 })).toEqual({
        kind: "daemon",
        processes: 2,
        threads: 4,
        hopTimeSec: 0,
      });
    }
  });

  it("behind nginx nothing is pinned; sync workers have one thread whatever `threads` says", () => {
    expect(labDeployment({ kind: "nginx+gunicorn-sync", processes: 2, threads: 4 })).toEqual({
      kind: "daemon",
      processes: 2,
      threads: 1,
      hopTimeSec: 0,
    });
    expect(labDeployment({ kind: "nginx+gunicorn-gthread", processes: 2, threads: 4 })).toEqual({
      kind: "daemon",
      processes: 2,
      threads: 4,
      hopTimeSec: 0,
    });
  });

  it("rejects a server the lab does not start", () => {
    const e = thrown(ModelInputError, () =>
      labDeployment({ kind: "gunicorn-tornado", processes: 1, threads: 1 }),
    );
    expect(e.field).toBe("server.kind");
    expect(e.value).toBe("gunicorn-tornado");
  });

  it("maps every server of the recorded data sets to a deployment evaluateDeployment accepts", () => {
    // Data sets 2 (the five servers) and 6 (behind nginx): every kind the lab has recorded.
    const data = join(import.meta.dirname, "..", "..", "data");
    const runs = ["lab-2026-11-27-2.jsonl", "lab-2026-11-27-6.jsonl"].flatMap((file) =>
      readFileSync(join(data, file), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as LabRun),
    );
    const kinds = new Set(runs.map((r) => r.server.kind));
    expect(kinds.size).toBe(7);
    for (const run of runs) {
      const e = evaluateDeployment(labRunQuestion(run, { cpuTimeSec: 0.01, ioTimeSec: 0.01 }));
      expect(e.throughputPerSec, run.server.kind).toBeGreaterThan(0);
    }
  });
});
