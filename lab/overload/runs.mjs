// The overload lab's runs (issue 20, part 3): real servers past their capacity on 127.0.0.1, one
// connection per request, the application a wait of exponential length (lab/app.py, lab/cgroup/
// app_asgi.py: `io` seconds with the GIL released), so the servers' capacity is set by their
// workers, threads and concurrency limits rather than by this machine's two busy cores.
// Each run is bounded: its phases last at most 45 s and the load generator stops by itself.

const IO = 0.1; // seconds of waiting per request (a run's `ioSec` otherwise): capacity w / 0.1 per second

/** @param {number} seconds @param {number} rate */
const phase = (seconds, rate) => ({ durationSec: seconds, arrivalRatePerSec: rate });

/** The client of most runs: gives up on a connect after 0.5 s (a SYN dropped), no retries. */
const PATIENT = { connectTimeoutSec: 0.5, clientTimeoutSec: 30, maxRetries: 0 };

/**
 * The runs. `server`: kind (gunicorn-sync, gunicorn-gthread, uvicorn), workers, threads, backlog
 * (gunicorn and uvicorn `--backlog`), timeout (gunicorn's worker `--timeout`), limitConcurrency
 * (uvicorn `--limit-concurrency`), timeoutKeepAlive (uvicorn `--timeout-keep-alive`). `client`:
 * load.py's policy. `keepAlive`: instead of load.py's arrivals, `clients` keep-alive clients in
 * a closed loop thinking `thinkTimeSec` on average (keepalive.py), for the phases' length.
 * `warmUpSec`: seconds left out of the shares. `ioSec`: the mean of the application's waits,
 * 0.1 s unless given.
 */
export const RUNS = [
  {
    name: "sync-light",
    why: "the service time, measured at 20 % of capacity",
    server: { kind: "gunicorn-sync", workers: 2, backlog: 2048 },
    phases: [phase(20, 4)],
    client: PATIENT,
  },
  {
    name: "sync-backlog4",
    why: "a small --backlog past capacity: refused connections",
    server: { kind: "gunicorn-sync", workers: 2, backlog: 4 },
    phases: [phase(35, 30)],
    client: PATIENT,
    warmUpSec: 5,
  },
  {
    name: "gthread-backlog4",
    why: "the same --backlog under gthread, whose workers accept every connection at once",
    server: { kind: "gunicorn-gthread", workers: 2, threads: 1, backlog: 4 },
    phases: [phase(35, 30)],
    client: { ...PATIENT, clientTimeoutSec: 5 },
    warmUpSec: 5,
  },
  {
    name: "sync-client-timeout",
    why: "the default --backlog, 20 % past capacity, clients that give up after 1.5 s",
    server: { kind: "gunicorn-sync", workers: 2, backlog: 2048 },
    phases: [phase(35, 24)],
    client: { ...PATIENT, clientTimeoutSec: 1.5 },
    warmUpSec: 5,
  },
  {
    name: "sync-spike",
    why: "a spike to twice the capacity for 5 s, then the recovery",
    server: { kind: "gunicorn-sync", workers: 4, backlog: 2048 },
    phases: [phase(10, 24), phase(5, 80), phase(30, 24)],
    client: PATIENT,
  },
  {
    name: "uvicorn-light",
    why: "the time a request holds uvicorn's concurrency slot, measured at 10 % of the limit",
    server: { kind: "uvicorn", workers: 1, backlog: 2048, limitConcurrency: 9 },
    phases: [phase(20, 8)],
    client: PATIENT,
  },
  {
    name: "uvicorn-limit9",
    why: "uvicorn --limit-concurrency 9 answering 503 (an Erlang loss system)",
    server: { kind: "uvicorn", workers: 1, backlog: 2048, limitConcurrency: 9 },
    phases: [phase(35, 80)],
    client: PATIENT,
    warmUpSec: 5,
  },
  {
    name: "uvicorn-limit5",
    why: "a smaller --limit-concurrency, further past it",
    server: { kind: "uvicorn", workers: 1, backlog: 2048, limitConcurrency: 5 },
    phases: [phase(35, 60)],
    client: PATIENT,
    warmUpSec: 5,
  },
  ...[
    { spikeSec: 0.5, maxRetries: 2 },
    { spikeSec: 3, maxRetries: 2 },
    { spikeSec: 3, maxRetries: 0 },
  ].map(({ spikeSec, maxRetries }) => ({
    name: `sync-${maxRetries ? "retries" : "no-retries"}-spike${spikeSec}`,
    why: `clients that time out after 1 s and retry ${maxRetries ? "twice" : "never"}; a ${spikeSec} s spike to twice the capacity`,
    server: { kind: "gunicorn-sync", workers: 4, backlog: 2048 },
    phases: [phase(10, 24), phase(spikeSec, 80), phase(35 - spikeSec, 24)],
    client: {
      connectTimeoutSec: 0.5,
      clientTimeoutSec: 1,
      maxRetries,
      retryDelaySec: 0.5,
      backoffMultiplier: 2,
    },
    warmUpSec: 30,
  })),
  {
    name: "sync-worker-timeout",
    why: "gunicorn --timeout 1 killing the sync workers' long requests (waits of 0.5 s on average), at half the capacity",
    server: { kind: "gunicorn-sync", workers: 4, backlog: 2048, timeout: 1 },
    ioSec: 0.5,
    phases: [phase(40, 4)],
    client: PATIENT,
    warmUpSec: 5,
  },
  ...[
    { workers: 1, clients: 16, timeout: 1 },
    { workers: 1, clients: 16, timeout: 2 },
    { workers: 1, clients: 16, timeout: 5 },
    { workers: 2, clients: 24, timeout: 1 },
    { workers: 2, clients: 24, timeout: 5 },
  ].map(({ workers, clients, timeout }) => ({
    name: `uvicorn-keepalive${timeout}${workers > 1 ? `-workers${workers}` : ""}`,
    why: `${clients} keep-alive clients thinking 1 s against ${workers > 1 ? `${workers} workers with ` : ""}--limit-concurrency 9 and --timeout-keep-alive ${timeout}: idle connections count against the limit`,
    server: {
      kind: "uvicorn",
      workers,
      backlog: 2048,
      limitConcurrency: 9,
      timeoutKeepAlive: timeout,
    },
    phases: [phase(40, 0)],
    keepAlive: { clients, thinkTimeSec: 1 },
    client: PATIENT,
    warmUpSec: 5,
  })),
];

/** A run's request path and query: exponential waits of its `ioSec` (IO by default), no CPU. @param {{ ioSec?: number }} run */
export const requestPath = (run) => `/work?io=${run.ioSec ?? IO}&dist=exp`;

/** The mean of a run's application waits, seconds. @param {{ ioSec?: number }} run */
export const ioSecOf = (run) => run.ioSec ?? IO;
