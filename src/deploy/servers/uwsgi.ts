import type { Deployment, DeploymentInput } from "../deployment.js";
import {
  changedOptions,
  dashOption,
  flagSetting,
  integerSetting,
  num,
  recycleSetting,
  type ServerSpec,
  type Settings,
} from "./serverSpec.js";

/**
 * uWSGI behind a front end (nginx's `uwsgi_pass`, or its own HTTP router) gets each request on a
 * new connection from the front end, which any idle worker thread accepts next: `--processes` ×
 * `--threads` are daemon threads with one shared queue and the hop time of the handover;
 * `--gevent N` makes each process an event loop of N async cores. uWSGI loads the application in
 * the master and then forks (preload) unless `--lazy-apps` is given.
 */
function toDeployment(s: Settings): DeploymentInput {
  const common = {
    processes: num(s, "processes"),
    preload: s.lazyApps !== true,
    ...(num(s, "maxRequests") > 0 ? { maxRequestsPerProcess: num(s, "maxRequests") } : {}),
  };
  if (num(s, "gevent") > 0) return { kind: "async", ...common, concurrency: num(s, "gevent") };
  return { kind: "daemon", ...common, threads: num(s, "threads") };
}

function fromDeployment(d: Deployment): Settings {
  return {
    processes: d.processes,
    threads: d.kind === "async" ? 1 : d.threads,
    gevent: d.kind === "async" ? d.slots : 0,
    maxRequests: Number.isFinite(d.maxRequestsPerProcess) ? d.maxRequestsPerProcess : 0,
    lazyApps: !d.preload,
    listen: 100,
  };
}

/** uWSGI (its option list in `core/uwsgi.c` and the "Things to know" page). */
export const UWSGI: ServerSpec = {
  name: "uwsgi",
  settings: [
    integerSetting("processes", "--processes", 1, "worker processes"),
    integerSetting("threads", "--threads", 1, "threads per worker process"),
    integerSetting(
      "gevent",
      "--gevent",
      0,
      "async cores per process with the gevent loop (0: no gevent)",
      {
        min: 0,
        max: 100_000,
      },
    ),
    recycleSetting("maxRequests", "--max-requests", "requests after which a worker is recycled"),
    flagSetting(
      "lazyApps",
      "--lazy-apps",
      "load the application in each worker instead of the master (no preload)",
    ),
    integerSetting(
      "listen",
      "--listen",
      100,
      "the socket's listen queue (the kernel caps it at net.core.somaxconn)",
      { min: 0, max: 1_000_000 },
    ),
  ],
  dispatch:
    "Each request arrives from the front end on a connection of its own, which any idle worker thread accepts next (one shared queue, with a hop).",
  toDeployment,
  fromDeployment,
  command: (s, app) =>
    [
      "uwsgi --master --socket :3031 --module",
      app,
      ...changedOptions(UWSGI.settings, s, dashOption, ["processes"]),
    ].join(" "),
};
