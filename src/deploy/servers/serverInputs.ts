import type { DeploymentInput, GilMode } from "../deployment.js";
import type { GUNICORN_WORKER_CLASSES } from "./gunicorn.js";

/**
 * What the model adds to any server's settings, in the model's words: the GIL mode, and for the
 * rare case the server's usual dispatch or handover does not hold, `dispatch`, `processWeights`
 * and `hopTimeSec` (see {@link DeploymentInput}).
 */
export interface ModelExtras {
  gil?: GilMode;
  dispatch?: DeploymentInput["dispatch"];
  processWeights?: number[];
  connectionAffinity?: number;
  acceptRace?: DeploymentInput["acceptRace"];
  hopTimeSec?: number;
}

/** gunicorn, in its own settings (defaults from its documentation, "Settings"). */
export interface GunicornDeploymentInput extends ModelExtras {
  server: "gunicorn";
  /** `-k`, `--worker-class`. @defaultValue "sync" */
  workerClass?: (typeof GUNICORN_WORKER_CLASSES)[number];
  /** `-w`, `--workers`. @defaultValue 1 */
  workers?: number;
  /** `--threads` (gthread; with `sync` and above 1, gunicorn runs gthread). @defaultValue 1 */
  threads?: number;
  /** `--worker-connections` (gevent, eventlet). @defaultValue 1000 */
  workerConnections?: number;
  /** `--max-requests`; 0 never restarts a worker. @defaultValue 0 */
  maxRequests?: number;
  /** `--preload`. @defaultValue false */
  preload?: boolean;
  /** `--backlog`: connections waiting to be accepted (capped by somaxconn). @defaultValue 2048 */
  backlog?: number;
  /** `--timeout`: seconds a sync worker may hold one request before it is killed; 0 never. @defaultValue 30 */
  timeout?: number;
}

/** uvicorn, in its own settings (defaults from `uvicorn/config.py`). */
export interface UvicornDeploymentInput extends ModelExtras {
  server: "uvicorn";
  /** `--workers`. @defaultValue 1 */
  workers?: number;
  /** `--limit-concurrency`; 0 for none, uvicorn's default. @defaultValue 0 */
  limitConcurrency?: number;
  /** `--limit-max-requests`; 0 for none. @defaultValue 0 */
  limitMaxRequests?: number;
  /** `--backlog`: connections waiting to be accepted (capped by somaxconn). @defaultValue 2048 */
  backlog?: number;
}

/** granian, in its own settings (defaults from `granian/server/common.py`). */
export interface GranianDeploymentInput extends ModelExtras {
  server: "granian";
  /** `--interface`. @defaultValue "rsgi" */
  interface?: "asgi" | "rsgi" | "wsgi";
  /** `--workers`. @defaultValue 1 */
  workers?: number;
  /** `--blocking-threads` (wsgi); 0 for granian's default, backpressure ÷ 2. @defaultValue 0 */
  blockingThreads?: number;
  /** `--backpressure`; 0 for granian's default, backlog ÷ workers. @defaultValue 0 */
  backpressure?: number;
  /** `--backlog`. @defaultValue 1024 */
  backlog?: number;
}

/** mod_wsgi, in the words of its `WSGIDaemonProcess` directive. */
export interface ModWsgiDeploymentInput extends ModelExtras {
  server: "mod_wsgi";
  /** `"daemon"` (WSGIDaemonProcess) or `"embedded"` (in Apache's children). @defaultValue "daemon" */
  mode?: "daemon" | "embedded";
  /** `processes=`. @defaultValue 1 */
  processes?: number;
  /** `threads=`; 0 for the mode's default: 15 in daemon mode, 1 embedded (mpm_prefork). @defaultValue 0 */
  threads?: number;
  /** `maximum-requests=`; 0 never restarts. @defaultValue 0 */
  maximumRequests?: number;
}

/** uWSGI, in its own options (defaults from `core/init.c`). */
export interface UwsgiDeploymentInput extends ModelExtras {
  server: "uwsgi";
  /** `--processes`. @defaultValue 1 */
  processes?: number;
  /** `--threads`. @defaultValue 1 */
  threads?: number;
  /** `--gevent`: async cores per process; 0 for none. @defaultValue 0 */
  gevent?: number;
  /** `--max-requests`; 0 for none. @defaultValue 0 */
  maxRequests?: number;
  /** `--lazy-apps`: load the application in each worker, not in the master. @defaultValue false */
  lazyApps?: boolean;
  /** `--listen`: the socket's listen queue (capped by somaxconn). @defaultValue 100 */
  listen?: number;
}

/** Waitress, in its own settings (defaults from `waitress/adjustments.py`). */
export interface WaitressDeploymentInput extends ModelExtras {
  server: "waitress";
  /** `--threads`. @defaultValue 4 */
  threads?: number;
}

/** A deployment in a server's own words; `server` says whose. */
export type ServerDeploymentInput =
  | GunicornDeploymentInput
  | UvicornDeploymentInput
  | GranianDeploymentInput
  | ModWsgiDeploymentInput
  | UwsgiDeploymentInput
  | WaitressDeploymentInput;

/** A deployment in the model's words or in a server's. */
export type AnyDeploymentInput = DeploymentInput | ServerDeploymentInput;
