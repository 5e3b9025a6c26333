/**
 * A lab server as a data set records it (`server` in `data/*.jsonl`, started by
 * `lab/servers.mjs`).
 */
export interface LabServer {
  /**
   * `"gunicorn-sync"`, `"gunicorn-gthread"`, `"gunicorn-gevent"`, `"mod_wsgi"` (Apache's event MPM
   * in front of mod_wsgi daemon processes), `"uwsgi"`, `"uvicorn"`, or `"nginx+"` (a fresh
   * connection per request) or `"nginx-keepalive+"` (upstream keep-alive) and one of those.
   */
  kind: string;
  /** Worker processes, as the server names them. */
  processes: number;
  /** Threads per process; for gevent workers, `worker_connections`. */
  threads: number;
  /** gunicorn's `--reuse-port` (`SO_REUSEPORT` on the listening socket). @defaultValue false */
  reusePort?: boolean;
}

/**
 * The fields of one lab run (one line of `data/*.jsonl`, see `data/README.md`) that the lab's
 * calibration and predictions read.
 */
export interface LabRun {
  server: LabServer;
  /** Connections wrk kept busy, back to back: a closed loop with no think time. */
  connections: number;
  /** Responses counted in the run. */
  requests: number;
  /** Mean response time, seconds. */
  meanLatencySec: number;
  /** Standard deviation of the response times, seconds (data set 2 on). */
  latencyStdDevSec?: number;
  /** CPU time of all server processes per request, seconds. */
  serverCpuSecPerRequest: number;
  /** CPU time of the processes that served requests, per request, seconds (data set 2 on). */
  workerCpuSecPerRequest?: number;
  /** The synthetic application's work per request; `bursts` CPU/I-O alternations. */
  workload: { bursts: number };
  /** The machine the run was made on. */
  machine: { cores: number; memoryBytes: number };
}
