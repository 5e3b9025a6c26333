import { describe, expect, it } from "vitest";
import { listenBacklog, ModelInputError, SERVER_NAMES } from "../../../src/index.js";
import { thrown } from "../../helpers.js";

describe("listenBacklog", () => {
  // Defaults: gunicorn and uvicorn --backlog 2048, uWSGI --listen 100, mod_wsgi listen-backlog
  // 100, granian and waitress 1024; Linux's somaxconn 4096 since 5.4 (128 before).
  it.each([
    ["gunicorn", 2048],
    ["uvicorn", 2048],
    ["uwsgi", 100],
    ["mod_wsgi", 100],
    ["granian", 1024],
    ["waitress", 1024],
  ] as const)("%s asks for %d and gets one place more", (server, backlog) => {
    const b = listenBacklog({ server });
    expect(b).toEqual({
      requested: backlog,
      somaxconn: 4096,
      cappedByKernel: false,
      waitingPlaces: backlog + 1,
    });
  });

  it("the kernel's cap: 128 before Linux 5.4, and a backlog above 4096", () => {
    expect(listenBacklog({ server: "gunicorn", somaxconn: 128 }).waitingPlaces).toBe(129);
    const big = listenBacklog({ server: "uvicorn", backlog: 65535 });
    expect(big.cappedByKernel).toBe(true);
    expect(big.waitingPlaces).toBe(4097);
    expect(listenBacklog({ server: "uwsgi", backlog: 0 }).waitingPlaces).toBe(1);
  });

  it("every server of the table has a default", () => {
    for (const server of SERVER_NAMES) {
      expect(listenBacklog({ server }).requested).toBeGreaterThan(0);
    }
  });

  it("names the bad field", () => {
    expect(thrown(ModelInputError, () => listenBacklog({ server: "nginx" as never })).field).toBe(
      "server",
    );
    expect(
      thrown(ModelInputError, () => listenBacklog({ server: "gunicorn", backlog: 1.5 })).field,
    ).toBe("backlog");
    expect(
      thrown(ModelInputError, () => listenBacklog({ server: "gunicorn", somaxconn: -1 })).field,
    ).toBe("somaxconn");
    expect(() => listenBacklog({ server: "gunicorn", listen: 5 } as never)).toThrow(/`listen`/);
  });
});
