import { ModelInputError } from "../errors.js";
import { assertInteger, assertObject } from "../validate.js";
import type { DeploymentInput } from "./deployment.js";

/** gunicorn's `--worker-class` values the model knows. */
export type GunicornWorkerClass = "sync" | "gthread" | "gevent" | "eventlet";

/** gunicorn's settings, in its own names (`--workers`, `--threads`, `--worker-connections`). */
export interface GunicornSettings {
  /** `--worker-class`. @defaultValue "sync" */
  workerClass?: GunicornWorkerClass;
  /** `--workers`. @defaultValue 1 */
  workers?: number;
  /** `--threads` (gthread). @defaultValue 1 */
  threads?: number;
  /** `--worker-connections` (gevent, eventlet). @defaultValue 1000 */
  workerConnections?: number;
}

/**
 * How the model sees each worker class (gunicorn's documentation, "Design" and "Settings"):
 * a sync worker serves one request at a time (prefork); a gthread worker hands connections to
 * its thread pool and keeps a keep-alive connection in the worker that accepted it (daemon
 * threads, pinned); gevent and eventlet workers run `worker_connections` greenlets (async,
 * pinned). gunicorn runs gthread when `--threads` is above 1 with the sync class.
 */
const WORKER_CLASSES: Record<
  GunicornWorkerClass,
  (s: Required<GunicornSettings>) => DeploymentInput
> = {
  sync: (s) =>
    s.threads > 1 ? WORKER_CLASSES.gthread(s) : { kind: "prefork", processes: s.workers },
  gthread: (s) => ({
    kind: "daemon",
    processes: s.workers,
    threads: s.threads,
    hopTimeSec: 0,
    dispatch: "pinned",
  }),
  gevent: (s) => ({
    kind: "async",
    processes: s.workers,
    concurrency: s.workerConnections,
    dispatch: "pinned",
  }),
  eventlet: (s) => WORKER_CLASSES.gevent(s),
};

/**
 * The model's deployment for gunicorn's settings.
 *
 * @param settings - {@link GunicornSettings}.
 * @returns The deployment {@link evaluateDeployment} takes.
 * @throws {@link ModelInputError} naming the setting for an unknown worker class or a count that
 * is not a positive integer.
 * @example
 * ```ts
 * gunicornDeployment({ workerClass: "gthread", workers: 2, threads: 4 }).kind; // => "daemon"
 * ```
 */
export function gunicornDeployment(settings: GunicornSettings): DeploymentInput {
  const model = "gunicornDeployment";
  const o = assertObject(model, settings, "settings", [
    "workerClass",
    "workers",
    "threads",
    "workerConnections",
  ]);
  const workerClass = (o.workerClass ?? "sync") as GunicornWorkerClass;
  if (typeof workerClass !== "string" || !Object.hasOwn(WORKER_CLASSES, workerClass)) {
    throw new ModelInputError(
      model,
      "workerClass",
      o.workerClass,
      `one of gunicorn's worker classes the model knows: ${Object.keys(WORKER_CLASSES).join(", ")}`,
    );
  }
  const count = (field: string, fallback: number, max: number) =>
    o[field] === undefined ? fallback : assertInteger(model, field, o[field], 1, max);
  return WORKER_CLASSES[workerClass]({
    workerClass,
    workers: count("workers", 1, 100_000),
    threads: count("threads", 1, 100_000),
    workerConnections: count("workerConnections", 1000, 1_000_000),
  });
}
