import { LAB_RACE } from "../../dispatch/labRaces.js";
import type { Deployment, DeploymentInput } from "../deployment.js";
import { raceInput, UNLIMITED_CONCURRENCY } from "./gunicorn.js";
import {
  changedOptions,
  dashOption,
  integerSetting,
  num,
  recycleSetting,
  type ServerSpec,
  type Settings,
} from "./serverSpec.js";

/**
 * uvicorn `--workers N`: N processes, each an asyncio loop taking any number of requests at once
 * unless `--limit-concurrency L` caps it. uvicorn answers 503 once a worker's open connections,
 * the asking one included, reach L (0.17's `h11_impl.py`, `handle_events`), so a worker serves
 * L − 1 at once — what the overload lab measured (docs/overload-accuracy.md). The processes share
 * the parent's listening socket, so a keep-alive connection stays with one (async, pinned). Each
 * worker is started afresh and imports the application itself (no preload).
 */
function toDeployment(s: Settings): DeploymentInput {
  const limit = num(s, "limitConcurrency");
  return {
    kind: "async",
    processes: num(s, "workers"),
    concurrency: limit > 1 ? limit - 1 : UNLIMITED_CONCURRENCY,
    dispatch: "pinned",
    // asyncio accepts every waiting connection at once: the first worker awake takes them.
    ...raceInput(LAB_RACE.asyncio),
    ...(num(s, "limitMaxRequests") > 0
      ? { maxRequestsPerProcess: num(s, "limitMaxRequests") }
      : {}),
  };
}

function fromDeployment(d: Deployment): Settings | undefined {
  if (d.kind !== "async") return undefined;
  return {
    workers: d.processes,
    limitConcurrency: d.slots >= UNLIMITED_CONCURRENCY ? 0 : d.slots + 1,
    limitMaxRequests: Number.isFinite(d.maxRequestsPerProcess) ? d.maxRequestsPerProcess : 0,
    backlog: 2048,
  };
}

/** uvicorn (uvicorn.org, "Settings"; defaults from `uvicorn/config.py`). */
export const UVICORN: ServerSpec = {
  name: "uvicorn",
  settings: [
    integerSetting("workers", "--workers", 1, "worker processes, each an event loop"),
    integerSetting(
      "limitConcurrency",
      "--limit-concurrency",
      0,
      "a worker's open connections at which it answers 503, the asking one counted: it serves one fewer at once (0: no limit, uvicorn's default)",
      {
        min: 0,
        max: UNLIMITED_CONCURRENCY,
        refuse: (v) =>
          v === 1
            ? "0 (no limit) or at least 2: uvicorn counts the asking connection, so 1 answers 503 to every request"
            : undefined,
      },
    ),
    {
      ...recycleSetting(
        "limitMaxRequests",
        "--limit-max-requests",
        "requests after which a worker exits and is replaced",
      ),
      cliFlag: "limit-max-requests",
    },
    integerSetting(
      "backlog",
      "--backlog",
      2048,
      "connections waiting to be accepted (the kernel caps it at net.core.somaxconn)",
      { min: 0, max: 1_000_000 },
    ),
  ],
  dispatch:
    "The worker processes share the parent's listening socket; the kernel hands each new connection to one of them and a keep-alive connection stays there (pinned).",
  toDeployment,
  fromDeployment,
  command: (s, app) =>
    ["uvicorn", ...changedOptions(UVICORN.settings, s, dashOption, ["workers"]), app].join(" "),
};
