import { describe, expect, it } from "vitest";
import { LAB_RACE } from "../../src/dispatch/labRaces.js";
import { raceInput } from "../../src/deploy/servers/gunicorn.js";
import { gunicornDeployment } from "../../src/index.js";

describe("gunicornDeployment", () => {
  it("maps gunicorn's worker classes to the model's deployments", () => {
    expect(gunicornDeployment({})).toEqual({ kind: "prefork", processes: 1 });
    expect(gunicornDeployment({ workerClass: "sync", workers: 4 })).toEqual({
      kind: "prefork",
      processes: 4,
    });
    // gunicorn runs gthread when --threads is above 1 with the sync class.
    expect(gunicornDeployment({ workers: 2, threads: 4 })).toEqual(
      gunicornDeployment({ workerClass: "gthread", workers: 2, threads: 4 }),
    );
    expect(gunicornDeployment({ workerClass: "gthread", workers: 2, threads: 4 })).toEqual({
      kind: "daemon",
      processes: 2,
      threads: 4,
      hopTimeSec: 0,
      dispatch: "pinned",
      ...raceInput(LAB_RACE.gthread),
    });
    expect(gunicornDeployment({ workerClass: "gevent", workers: 3 })).toEqual({
      kind: "async",
      processes: 3,
      concurrency: 1000,
      dispatch: "pinned",
      ...raceInput(LAB_RACE.gevent),
    });
  });

  it("refuses an unknown worker class or count, naming the setting", () => {
    expect(() => gunicornDeployment({ workerClass: "tornado" as never })).toThrow(
      /`settings.workerClass`/,
    );
    expect(() => gunicornDeployment({ workers: 0 })).toThrow(/`settings.workers`/);
    expect(() => gunicornDeployment({ thread: 2 } as never)).toThrow(/thread/);
  });
});
