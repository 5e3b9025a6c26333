import type { Deployment, DeploymentInput } from "../deployment.js";
import {
  changedOptions,
  integerSetting,
  num,
  type ServerSpec,
  type Settings,
} from "./serverSpec.js";

/**
 * Waitress is one process: its main thread accepts connections and reads requests, then queues
 * each for a pool of `--threads` threads (threaded, one shared queue).
 */
function toDeployment(s: Settings): DeploymentInput {
  return { kind: "threaded", threads: num(s, "threads") };
}

function fromDeployment(d: Deployment): Settings | undefined {
  if (d.processes !== 1 || d.kind === "async") return undefined;
  return { threads: d.threads };
}

/** Waitress (its "Arguments to waitress.serve" page; defaults from `waitress/adjustments.py`). */
export const WAITRESS: ServerSpec = {
  name: "waitress",
  settings: [integerSetting("threads", "--threads=", 4, "threads of the one process")],
  dispatch:
    "One process: the main thread accepts and reads requests and queues them for the thread pool (one shared queue).",
  toDeployment,
  fromDeployment,
  command: (s, app) =>
    [
      "waitress-serve",
      ...changedOptions(WAITRESS.settings, s, (f, v) => `${f}${String(v)}`, ["threads"]),
      app,
    ].join(" "),
};
