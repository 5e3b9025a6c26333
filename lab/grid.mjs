// The lab's grids: which servers, workloads and concurrencies a data set covers.
// Workloads: per-request CPU and I/O (seconds), bursts, memory, fixed or exponential times.
const workloads = {
  cpu: {
    name: "cpu-bound",
    cpuTimeSec: 0.01,
    ioTimeSec: 0.001,
    bursts: 1,
    memBytes: 0,
    dist: "fixed",
  },
  mixed: {
    name: "mixed",
    cpuTimeSec: 0.005,
    ioTimeSec: 0.015,
    bursts: 3,
    memBytes: 0,
    dist: "fixed",
  },
  io: {
    name: "io-bound",
    cpuTimeSec: 0.002,
    ioTimeSec: 0.04,
    bursts: 2,
    memBytes: 0,
    dist: "fixed",
  },
  cpuExp: {
    name: "cpu-bound-exp",
    cpuTimeSec: 0.01,
    ioTimeSec: 0.001,
    bursts: 1,
    memBytes: 0,
    dist: "exp",
  },
  ioMem: {
    name: "io-bound-4MiB",
    cpuTimeSec: 0.002,
    ioTimeSec: 0.04,
    bursts: 2,
    memBytes: 4 * 1024 * 1024,
    dist: "fixed",
  },
  mixedExp: {
    name: "mixed-exp",
    cpuTimeSec: 0.005,
    ioTimeSec: 0.015,
    bursts: 3,
    memBytes: 0,
    dist: "exp",
  },
};

const servers = [
  { kind: "gunicorn-sync", processes: 1, threads: 1 },
  { kind: "gunicorn-sync", processes: 2, threads: 1 },
  { kind: "gunicorn-sync", processes: 4, threads: 1 },
  { kind: "gunicorn-gthread", processes: 1, threads: 4 },
  { kind: "gunicorn-gthread", processes: 2, threads: 4 },
  { kind: "gunicorn-gevent", processes: 1, threads: 100 },
  { kind: "gunicorn-gevent", processes: 2, threads: 100 },
  { kind: "mod_wsgi", processes: 1, threads: 4 },
  { kind: "mod_wsgi", processes: 2, threads: 4 },
  { kind: "uwsgi", processes: 2, threads: 2 },
];

/**
 * The work a request asks lab/app.py for, in its query string.
 * @typedef {{ name: string; cpuTimeSec: number; ioTimeSec: number; bursts: number; memBytes: number; dist: string }} Workload
 */
/**
 * A server × workload group, run at each of `connections`; `accessLog`: keep gunicorn's access
 * log and `ps` snapshots.
 * @typedef {{ server: import("../dist/fit/labRun.js").LabServer; workload: Workload; connections: number[]; durationSec?: number; accessLog?: boolean }} Group
 */
/** @type {Record<string, { durationSec: number; runs: Group[] }>} */
export const GRIDS = {
  full: {
    durationSec: 6,
    runs: servers.flatMap((server) =>
      Object.values(workloads).map((workload) => ({ server, workload, connections: [1, 4, 16] })),
    ),
  },
  // Keep-alive workers with more connections than threads: how the kernel splits them.
  pinned: {
    durationSec: 4,
    runs: [
      {
        server: { kind: "gunicorn-gthread", processes: 2, threads: 4 },
        workload: workloads.io,
        connections: [4, 16],
      },
      {
        server: { kind: "gunicorn-gevent", processes: 2, threads: 100 },
        workload: workloads.io,
        connections: [4, 16],
      },
    ],
  },
  // Keep-alive dispatch (issue 19): how the workers share wrk's connections, with the workers
  // on their shared socket, gunicorn's --reuse-port, and nginx in front with and without
  // upstream keep-alive. The mixed workload (5 ms of CPU, 15 ms of I/O) fills a worker's GIL at
  // 200 req/s, so a skewed split costs throughput. Run with --repeat to see the spread.
  dispatch: dispatchGrid(workloads.mixed),
  // The same with exponential bursts: fixed ones fall into step on one GIL, which the model
  // does not follow (docs/lab-accuracy.md), and that miss would hide the dispatch's.
  "dispatch-exp": dispatchGrid(workloads.mixedExp),
  // Calibration from what a production server leaves behind: an access log with request times
  // (%D) and ps snapshots over a long run at 4 connections, then short runs at 1 and 16
  // connections to predict.
  calibrate: {
    durationSec: 6,
    runs: [workloads.cpuExp, workloads.mixedExp].flatMap((workload) => [
      {
        server: { kind: "gunicorn-sync", processes: 2, threads: 1 },
        workload,
        connections: [4],
        durationSec: 60,
        accessLog: true,
      },
      {
        server: { kind: "gunicorn-sync", processes: 2, threads: 1 },
        workload,
        connections: [1, 16],
      },
    ]),
  },
  // Memory per thread (idle RSS against threads) and per request (peak RSS with 4 MiB held by
  // each request in flight): one gthread worker with 1, 4 and 16 threads, all of them busy.
  memory: {
    durationSec: 4,
    runs: [1, 4, 16].flatMap((threads) =>
      [workloads.io, workloads.ioMem].map((workload) => ({
        server: { kind: "gunicorn-gthread", processes: 1, threads },
        workload,
        connections: [16],
      })),
    ),
  },
  // nginx in front of gunicorn (the talk's daemon model: a web server handing requests to
  // application processes over a socket).
  nginx: {
    durationSec: 6,
    runs: [
      { kind: "nginx+gunicorn-sync", processes: 2, threads: 1 },
      { kind: "nginx+gunicorn-gthread", processes: 2, threads: 4 },
    ].flatMap((server) =>
      [workloads.cpuExp, workloads.mixedExp, workloads.io].map((workload) => ({
        server,
        workload,
        connections: [1, 4, 16],
      })),
    ),
  },
  smoke: {
    durationSec: 2,
    runs: [
      {
        server: { kind: "gunicorn-sync", processes: 2, threads: 1 },
        workload: workloads.mixed,
        connections: [1, 4],
      },
    ],
  },
};

/**
 * The dispatch grid for a workload: each way of accepting with 2, 4 and 8 workers and 4, 16 and
 * 64 wrk connections.
 * @param {Workload} workload
 */
function dispatchGrid(workload) {
  return {
    durationSec: 3,
    runs: [
      { kind: "gunicorn-gthread", threads: 4 },
      { kind: "gunicorn-gthread", threads: 4, reusePort: true },
      { kind: "nginx+gunicorn-gthread", threads: 4 },
      { kind: "nginx-keepalive+gunicorn-gthread", threads: 4 },
      { kind: "gunicorn-gevent", threads: 100 },
      { kind: "nginx-keepalive+gunicorn-gevent", threads: 100 },
      { kind: "uvicorn", threads: 1 },
      { kind: "nginx-keepalive+uvicorn", threads: 1 },
    ].flatMap((front) =>
      [2, 4, 8].map((processes) => ({
        server: { ...front, processes },
        workload,
        connections: [4, 16, 64],
      })),
    ),
  };
}
