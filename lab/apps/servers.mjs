// How the lab serves the real application (lab/apps/): the Django site under gunicorn's sync,
// gthread and gevent workers, and the FastAPI applications (psycopg2 in the thread pool, or
// asyncpg) under uvicorn or under gunicorn with uvicorn's worker class. All on 127.0.0.1 and
// Debian's /usr/bin/python3, with access lines that carry the request time (README.md).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const APPS = dirname(fileURLToPath(import.meta.url));

/**
 * gunicorn's access line for the Django site: Apache's layout, then the request time in
 * seconds (%(L)s) and in microseconds (%(D)s), as the FastAPI middleware writes it too.
 */
export const ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(L)s %(D)s';

/** @typedef {"django-sync" | "django-gthread" | "django-gevent" | "fastapi-sync-uvicorn" | "fastapi-async-uvicorn" | "fastapi-sync-gunicorn" | "fastapi-async-gunicorn"} AppKind */

/** Every way the lab serves the application. @type {AppKind[]} */
export const APP_KINDS = [
  "django-sync",
  "django-gthread",
  "django-gevent",
  "fastapi-sync-uvicorn",
  "fastapi-async-uvicorn",
  "fastapi-sync-gunicorn",
  "fastapi-async-gunicorn",
];

/**
 * The command that serves the application one way. `processes` workers; `threads` is gthread's
 * threads per worker and gevent's worker_connections (ignored otherwise). The access log goes to
 * `accessLog`: gunicorn writes it for Django, the applications' own middleware for FastAPI (its
 * ACCESS_LOG variable, in `env`); uvicorn's own access log, which has no time, is off.
 * `tcpNoDelay` works around uvicorn 0.17 leaving Nagle's algorithm on when it runs several
 * workers (40 ms per keep-alive request: fastapi_app/nodelay.py); off, as Debian ships it.
 * @param {AppKind} kind
 * @param {number} port
 * @param {{ processes?: number; threads?: number; accessLog: string; tcpNoDelay?: boolean }} options
 * @returns {{ command: string; args: string[]; env: Record<string, string> }}
 */
export function appCommand(kind, port, { processes = 2, threads = 4, accessLog, tcpNoDelay }) {
  const bind = `127.0.0.1:${port}`;
  if (kind.startsWith("django-")) {
    const worker = kind.slice("django-".length);
    const args = ["--chdir", join(APPS, "django_site"), "-b", bind, "-w", String(processes)];
    args.push("-k", worker);
    if (worker === "gthread") args.push("--threads", String(threads));
    if (worker === "gevent") {
      // psycopg2 cooperating with gevent, and no persistent connections (gunicorn_gevent.py).
      args.push("--worker-connections", String(threads));
      args.push("-c", join(APPS, "django_site", "gunicorn_gevent.py"));
    }
    args.push("--access-logfile", accessLog, "--access-logformat", ACCESS_LOG_FORMAT);
    args.push("--backlog", "2048", "--log-level", "warning", "wsgi:application");
    return { command: "gunicorn", args, env: {} };
  }
  const module = kind.startsWith("fastapi-sync") ? "app_sync:app" : "app_async:app";
  const dir = join(APPS, "fastapi_app");
  /** @type {Record<string, string>} */
  const env = { ACCESS_LOG: accessLog };
  if (tcpNoDelay) env["LAB_TCP_NODELAY"] = "1";
  if (kind.endsWith("-uvicorn")) {
    const args = ["--app-dir", dir, "--host", "127.0.0.1", "--port", String(port)];
    args.push("--workers", String(processes), "--no-access-log", "--log-level", "warning", module);
    return { command: "uvicorn", args, env };
  }
  const args = ["--chdir", dir, "-b", bind, "-w", String(processes)];
  args.push("-k", "uvicorn.workers.UvicornWorker", "--backlog", "2048", "--log-level", "warning");
  return { command: "gunicorn", args: [...args, module], env };
}
