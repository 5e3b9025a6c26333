import type { Deployment, DeploymentInput } from "../deployment.js";
import {
  changedOptions,
  dashOption,
  integerSetting,
  num,
  type ServerSpec,
  type Settings,
} from "./serverSpec.js";

/** `--backpressure` and `--blocking-threads` as granian fills them in when they are left unset. */
function effective(s: Settings): { backpressure: number; blockingThreads: number } {
  const backpressure =
    num(s, "backpressure") > 0
      ? num(s, "backpressure")
      : Math.max(1, Math.floor(num(s, "backlog") / num(s, "workers")));
  const blockingThreads =
    num(s, "blockingThreads") > 0
      ? num(s, "blockingThreads")
      : s.interface === "wsgi"
        ? Math.max(1, Math.floor(backpressure / 2))
        : 1;
  return { backpressure, blockingThreads };
}

/**
 * granian's workers share one listening socket and keep a keep-alive connection where it
 * landed (pinned). With `--interface wsgi` the Rust runtime accepts and parses requests and hands
 * each to one of the worker's `--blocking-threads` Python threads, which share its GIL (daemon
 * threads with no hop); unset, granian starts backpressure ÷ 2 of them — 512 for one worker with
 * the default backlog of 1024. With `asgi` or `rsgi` each worker runs an event loop taking up to
 * `--backpressure` requests at once (backlog ÷ workers when unset).
 */
function toDeployment(s: Settings): DeploymentInput {
  const { backpressure, blockingThreads } = effective(s);
  const processes = num(s, "workers");
  if (s.interface === "wsgi") {
    return {
      kind: "daemon",
      processes,
      threads: blockingThreads,
      hopTimeSec: 0,
      dispatch: "pinned",
    };
  }
  return { kind: "async", processes, concurrency: backpressure, dispatch: "pinned" };
}

function fromDeployment(d: Deployment): Settings {
  const common = { workers: d.processes, backlog: 1024 };
  if (d.kind === "async") {
    return { ...common, interface: "asgi", backpressure: d.slots, blockingThreads: 0 };
  }
  return { ...common, interface: "wsgi", backpressure: 0, blockingThreads: d.threads };
}

/** granian (its README's option list; defaults from `granian/server/common.py`). */
export const GRANIAN: ServerSpec = {
  name: "granian",
  settings: [
    {
      field: "interface",
      cliFlag: "interface",
      serverFlag: "--interface",
      default: "rsgi",
      type: "choice",
      choices: ["asgi", "rsgi", "wsgi"],
      help: "wsgi (threads), asgi or rsgi (event loop)",
    },
    integerSetting("workers", "--workers", 1, "worker processes"),
    integerSetting(
      "blockingThreads",
      "--blocking-threads",
      0,
      "Python threads per worker for wsgi (0: granian's default, backpressure ÷ 2)",
      { min: 0 },
    ),
    integerSetting(
      "backpressure",
      "--backpressure",
      0,
      "requests one worker processes at once (0: granian's default, backlog ÷ workers)",
      { min: 0, max: 100_000 },
    ),
    integerSetting(
      "backlog",
      "--backlog",
      1024,
      "connections waiting to be accepted, for all workers",
      {
        min: 128,
        max: 1_000_000,
      },
    ),
  ],
  dispatch:
    "The workers share one listening socket; a keep-alive connection stays with the worker that accepted it (pinned).",
  toDeployment,
  fromDeployment,
  command: (s, app) =>
    [
      "granian",
      ...changedOptions(GRANIAN.settings, s, dashOption, ["interface", "workers"]),
      app,
    ].join(" "),
};
