import type { AcceptRace } from "../../dispatch/acceptRace.js";
import { LAB_RACE, sameRace } from "../../dispatch/labRaces.js";
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

/** gunicorn's worker classes the model knows (`-k`), with the uvicorn worker in both its homes. */
export const GUNICORN_WORKER_CLASSES = [
  "sync",
  "gthread",
  "gevent",
  "eventlet",
  "uvicorn.workers.UvicornWorker",
  "uvicorn_worker.UvicornWorker",
] as const;

/** The most requests one event loop takes at once when its server sets no limit. */
export const UNLIMITED_CONCURRENCY = 100_000;

/**
 * What each worker class is to the model (gunicorn's documentation, "Design" and "Settings"): a
 * sync worker accepts one connection, answers one request and closes it (prefork, one shared
 * queue); a gthread worker hands its connections to a pool of `--threads` threads and keeps a
 * keep-alive connection in the worker that accepted it (daemon threads with no hop, pinned);
 * gevent and eventlet run up to `--worker-connections` greenlets (async, pinned); the uvicorn
 * worker runs an asyncio loop with no limit on concurrency (uvicorn's `limit_concurrency` is unset
 * under gunicorn). gunicorn runs gthread when `--threads` is above 1 with the sync class. How
 * unevenly keep-alive connections land on the workers is the lab's measurement for each way of
 * accepting (`LAB_RACE`).
 */
function toDeployment(s: Settings): DeploymentInput {
  const workerClass = s.workerClass as string;
  const common = {
    processes: num(s, "workers"),
    ...(s.preload === true ? { preload: true } : {}),
    ...(num(s, "maxRequests") > 0 ? { maxRequestsPerProcess: num(s, "maxRequests") } : {}),
  };
  if (workerClass === "gthread" || (workerClass === "sync" && num(s, "threads") > 1)) {
    return {
      kind: "daemon",
      ...common,
      threads: num(s, "threads"),
      hopTimeSec: 0,
      dispatch: "pinned",
      ...raceInput(LAB_RACE.gthread),
    };
  }
  if (workerClass === "sync") return { kind: "prefork", ...common };
  const uvicorn = workerClass.endsWith("UvicornWorker");
  const concurrency = uvicorn ? UNLIMITED_CONCURRENCY : num(s, "workerConnections");
  // eventlet is not measured: it accepts in a loop like gevent's.
  const race = raceInput(uvicorn ? LAB_RACE.asyncio : LAB_RACE.gevent);
  return { kind: "async", ...common, concurrency, dispatch: "pinned", ...race };
}

/** A race as a deployment's `connectionAffinity` and `acceptRace`. @internal */
export function raceInput(
  race: AcceptRace,
): Pick<DeploymentInput, "connectionAffinity" | "acceptRace"> {
  const { affinity, ...rest } = race;
  return { connectionAffinity: affinity, acceptRace: rest };
}

function fromDeployment(d: Deployment): Settings {
  const common = {
    workers: d.processes,
    preload: d.preload,
    maxRequests: Number.isFinite(d.maxRequestsPerProcess) ? d.maxRequestsPerProcess : 0,
    threads: 1,
    workerConnections: 1000,
    backlog: 2048,
    timeout: 30,
  };
  if (d.kind === "prefork") return { ...common, workerClass: "sync" };
  if (d.kind === "async") {
    // An event loop with no limit that drains the accept queue is the uvicorn worker.
    return d.acceptRace !== undefined &&
      sameRace(d.acceptRace, LAB_RACE.asyncio) &&
      d.slots >= UNLIMITED_CONCURRENCY
      ? { ...common, workerClass: "uvicorn.workers.UvicornWorker" }
      : { ...common, workerClass: "gevent", workerConnections: d.slots };
  }
  return { ...common, workerClass: "gthread", threads: d.threads };
}

/** gunicorn (docs.gunicorn.org, "Settings"; defaults from `gunicorn/config.py`). */
export const GUNICORN: ServerSpec = {
  name: "gunicorn",
  settings: [
    integerSetting("workers", "-w", 1, "worker processes; each holds a copy of the application"),
    {
      field: "workerClass",
      cliFlag: "worker-class",
      serverFlag: "-k",
      default: "sync",
      type: "choice",
      choices: GUNICORN_WORKER_CLASSES,
      help: "sync (one request per worker), gthread (threads), gevent/eventlet or UvicornWorker (event loop)",
    },
    integerSetting("threads", "--threads", 1, "threads per gthread worker"),
    integerSetting(
      "workerConnections",
      "--worker-connections",
      1000,
      "requests one gevent/eventlet worker serves at once",
      { max: UNLIMITED_CONCURRENCY },
    ),
    recycleSetting("maxRequests", "--max-requests", "requests after which a worker is restarted"),
    flagSetting(
      "preload",
      "--preload",
      "import the application in the master before forking (shares its pages)",
    ),
    integerSetting(
      "backlog",
      "--backlog",
      2048,
      "connections waiting to be accepted (the kernel caps it at net.core.somaxconn); past it new ones are dropped",
      { min: 0, max: 1_000_000 },
    ),
    integerSetting(
      "timeout",
      "--timeout",
      30,
      "seconds a sync worker may spend on one request before it is killed (0: never)",
      { min: 0, max: 1_000_000 },
    ),
  ],
  dispatch:
    "All workers accept on one listening socket. A sync worker takes one connection at a time and closes it after the response, so requests queue in one shared accept queue; gthread, gevent, eventlet and uvicorn workers keep a keep-alive connection in the worker that accepted it (pinned).",
  toDeployment,
  fromDeployment,
  command: (s, app) =>
    [
      "gunicorn",
      ...changedOptions(
        GUNICORN.settings.filter((spec) => usedBy(s.workerClass as string, spec.field)),
        s,
        dashOption,
        ["workers"],
      ),
      app,
    ].join(" "),
};

/** Whether a worker class reads a setting: threads are gthread's (and sync's), connections gevent's and eventlet's. */
function usedBy(workerClass: string, field: string): boolean {
  if (field === "threads") return workerClass === "gthread" || workerClass === "sync";
  if (field === "workerConnections") return workerClass === "gevent" || workerClass === "eventlet";
  return true;
}
