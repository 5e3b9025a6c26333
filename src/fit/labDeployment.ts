import type { DeploymentInput } from "../deploy/deployment.js";
import { ModelInputError } from "../errors.js";
import type { LabServer } from "./labRun.js";

/** uvicorn sets no limit by default (`--limit-concurrency`): a number far above any lab run's connections. */
const UVICORN_CONCURRENCY = 1000;

/**
 * The deployment, in the model's words, of a server the lab measured (`lab/servers.mjs`):
 *
 * | lab server          | deployment                                                  |
 * | ------------------- | ----------------------------------------------------------- |
 * | `gunicorn-sync`     | `prefork`                                                   |
 * | `gunicorn-gthread`  | `daemon`, no hop time, `pinned` dispatch                    |
 * | `gunicorn-gevent`   | `async` with `concurrency` = worker connections, `pinned`   |
 * | `mod_wsgi`, `uwsgi` | `daemon`, no hop time, shared queue                         |
 * | `nginx+gunicorn-…`  | `daemon` (one thread for sync workers), no hop time, shared |
 * | `uvicorn`           | `async`, 1000 requests at once per worker, `pinned`         |
 * | `nginx-keepalive+…` | the server behind, `pinned` over nginx's upstream connections |
 *
 * gthread and gevent workers keep a keep-alive connection in the worker that accepted it, hence
 * `pinned`. Apache (mod_wsgi) queues requests and hands each to a free daemon thread; uWSGI's
 * workers take requests from one socket. Behind nginx every request comes on a fresh upstream
 * connection (HTTP/1.0, no keep-alive) taken from gunicorn's one listen queue by whichever worker
 * is free, so nothing is pinned. The front end's own time is part of the single-connection
 * calibration, so no hop time is added.
 *
 * @param server - The server as the run recorded it.
 * @returns The deployment for {@link evaluateDeployment}.
 * @throws {@link ModelInputError} for a server kind the lab does not start.
 */
export function labDeployment(server: LabServer): DeploymentInput {
  const { kind, processes, threads } = server;
  if (kind.startsWith("nginx-keepalive+")) {
    // nginx keeps its upstream connections open: each stays with the worker that accepted it
    // (gunicorn's sync workers close every connection, so nothing is kept).
    const behind = kind.slice("nginx-keepalive+".length);
    return labDeployment({
      ...server,
      kind: behind === "gunicorn-sync" ? `nginx+${behind}` : behind,
    });
  }
  if (kind === "uvicorn") {
    return { kind: "async", processes, concurrency: UVICORN_CONCURRENCY, dispatch: "pinned" };
  }
  if (kind.startsWith("nginx+")) {
    return {
      kind: "daemon",
      processes,
      threads: kind.endsWith("sync") ? 1 : threads,
      hopTimeSec: 0,
    };
  }
  if (kind === "gunicorn-sync") return { kind: "prefork", processes };
  if (kind === "gunicorn-gthread") {
    return { kind: "daemon", processes, threads, hopTimeSec: 0, dispatch: "pinned" };
  }
  if (kind === "gunicorn-gevent") {
    return { kind: "async", processes, concurrency: threads, dispatch: "pinned" };
  }
  if (kind === "mod_wsgi" || kind === "uwsgi") {
    return { kind: "daemon", processes, threads, hopTimeSec: 0 };
  }
  throw new ModelInputError(
    "labDeployment",
    "server.kind",
    kind,
    'a server the lab starts ("gunicorn-sync", "gunicorn-gthread", "gunicorn-gevent", "mod_wsgi", "uwsgi", "uvicorn", or "nginx+" or "nginx-keepalive+" and one of those)',
  );
}
