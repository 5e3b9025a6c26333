import { MAX_CAPACITY } from "../../queueing/mmck.js";
import type { Deployment } from "../deployment.js";
import { listenBacklog, type ListenBacklog } from "../servers/listenBacklog.js";
import { readServerSettings } from "../servers/readServerDeployment.js";
import type { ServerName } from "../servers/serverSpec.js";

/**
 * A deployment seen past capacity as one queueing station (the station of
 * {@link finiteBacklog}): `servers` requests progress at once, each for `serviceTimeSec`,
 * behind `backlog` waiting places and an optional concurrency limit.
 */
export interface OverloadStation {
  /** The server whose settings gave the backlog, timeout and limit; undefined in the model's words. */
  server: ServerName | undefined;
  /**
   * c: the requests that progress at once when the deployment is saturated — its capacity times
   * the hold of a request alone, rounded, at least 1 and at most the deployment's slots.
   */
  servers: number;
  /**
   * S = c ÷ capacity, so that c/S is the deployment's capacity; with a worker timeout T, times
   * 1 − e^(−T/hold), the mean of an exponential hold cut at T (a killed request frees its worker).
   */
  serviceTimeSec: number;
  /** The hold of a thread (or event-loop slot) by a request alone, seconds. */
  holdAloneSec: number;
  /** The listen backlog from the server's setting and the kernel's cap. */
  listen: ListenBacklog;
  /**
   * Waiting places: the accept queue's, plus the deployment's slots beyond c (requests a worker
   * has taken that wait for the GIL, a core or the event loop); at most 1,000,000 − c.
   */
  backlog: number;
  /** uvicorn's workers × (`--limit-concurrency` − 1): most requests inside before a 503; undefined without. */
  concurrencyLimit: number | undefined;
  /** gunicorn `--timeout` of a sync worker, seconds; `Infinity` where nothing kills a long request. */
  workerTimeoutSec: number;
}

/**
 * The station of a deployment past capacity, from the server's own settings: the listen backlog
 * (gunicorn and uvicorn `--backlog`, uWSGI `--listen`, granian `--backlog`; the server's default
 * for waitress and mod_wsgi, and gunicorn's 2048 for a deployment in the model's words) under
 * the kernel's `somaxconn`; uvicorn's `--limit-concurrency`; and the `--timeout` of gunicorn's
 * sync workers (for its other worker classes the timeout is a heartbeat of the worker process,
 * not a limit on one request).
 *
 * An approximation: the deployment's GILs, cores and I/O become c identical servers with the
 * deployment's capacity, c = capacity × the hold of a request alone (exact for prefork workers
 * with a core each; for threads sharing a GIL or an event loop it stands for processor sharing
 * by FIFO, which has the same throughput and queue but not the same spread of waits), and the
 * processes share one queue (pinned connections queue per process).
 * @internal
 */
export function overloadStation(
  model: string,
  deploymentInput: unknown,
  d: Deployment,
  capacityPerSec: number,
  holdAloneSec: number,
  somaxconn: number | undefined,
): OverloadStation {
  const own =
    typeof deploymentInput === "object" && deploymentInput !== null && "server" in deploymentInput
      ? readServerSettings(model, "deployment", deploymentInput)
      : undefined;
  const server = own?.spec.name;
  const s = own?.settings ?? {};
  const requested =
    server === "uwsgi"
      ? (s.listen as number)
      : server === "gunicorn" || server === "uvicorn" || server === "granian"
        ? (s.backlog as number)
        : undefined;
  const listen = listenBacklog({
    server: server ?? "gunicorn",
    ...(requested === undefined ? {} : { backlog: requested }),
    ...(somaxconn === undefined ? {} : { somaxconn }),
  });
  const slots = d.processes * d.slots;
  const servers = Math.max(
    1,
    Math.min(slots, MAX_CAPACITY, Math.round(capacityPerSec * holdAloneSec)),
  );
  const limit =
    server === "uvicorn" && (s.limitConcurrency as number) > 0
      ? Math.min(MAX_CAPACITY, d.processes * d.slots)
      : undefined;
  const timeout =
    server === "gunicorn" && d.kind === "prefork" && (s.timeout as number) > 0
      ? (s.timeout as number)
      : Infinity;
  const cut = timeout < Infinity ? -Math.expm1(-timeout / holdAloneSec) : 1;
  return {
    server,
    servers,
    serviceTimeSec: (servers / capacityPerSec) * cut,
    holdAloneSec,
    listen,
    backlog: Math.min(MAX_CAPACITY - servers, slots - servers + listen.waitingPlaces),
    concurrencyLimit: limit,
    workerTimeoutSec: timeout,
  };
}
