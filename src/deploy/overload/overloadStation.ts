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
   * 1 − the share the timeout kills (up to `workerTimeoutCheckSec` after T), the mean of an
   * exponential hold cut where the arbiter kills it (a killed request frees its worker).
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
  /**
   * How often the server looks for a request past the timeout, seconds: gunicorn's arbiter
   * wakes at least once a second (`Arbiter.sleep`'s 1 s select) and then kills the workers whose
   * heartbeat is older than the timeout (`murder_workers`), so a request dies 0–1 s after it;
   * 0 without a timeout.
   */
  workerTimeoutCheckSec: number;
}

/**
 * The share of requests a worker timeout kills, of an exponential hold of mean h: those still
 * held at the first look after T, a uniform 0–τ later (τ the looks' step; exactly T for τ = 0).
 *
 * ```text
 * P(H > T + U) = e^(−T/h) · (h/τ) · (1 − e^(−τ/h)),   U ~ Uniform(0, τ)
 * ```
 * The worker is freed then too, so the mean hold becomes E[min(H, T + U)] = h·(1 − that share).
 * @internal
 */
export function killedByWorkerTimeout(
  timeoutSec: number,
  holdSec: number,
  checkSec: number,
): number {
  if (!(timeoutSec < Infinity)) return 0;
  const late = Math.exp(-timeoutSec / holdSec);
  return checkSec > 0 ? late * (holdSec / checkSec) * -Math.expm1(-checkSec / holdSec) : late;
}

/** gunicorn's arbiter looks at its workers' heartbeats at least once a second (gunicorn 20.1, `arbiter.py`). */
const GUNICORN_ARBITER_CHECK_SEC = 1;

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
  const check = timeout < Infinity ? GUNICORN_ARBITER_CHECK_SEC : 0;
  const cut = 1 - killedByWorkerTimeout(timeout, holdAloneSec, check);
  return {
    server,
    servers,
    serviceTimeSec: (servers / capacityPerSec) * cut,
    holdAloneSec,
    listen,
    backlog: Math.min(MAX_CAPACITY - servers, slots - servers + listen.waitingPlaces),
    concurrencyLimit: limit,
    workerTimeoutSec: timeout,
    workerTimeoutCheckSec: check,
  };
}
