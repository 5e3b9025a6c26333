import type { Deployment, DeploymentInput } from "../deployment.js";
import {
  changedOptions,
  integerSetting,
  num,
  recycleSetting,
  type ServerSpec,
  type Settings,
} from "./serverSpec.js";

/**
 * mod_wsgi in daemon mode: Apache's children accept the connections and pass each request over a
 * UNIX socket to whichever daemon process takes it next (daemon, one shared queue, the hop time of
 * that handover). In embedded mode the application runs inside Apache's own children: with the
 * prefork MPM one request per child (prefork), with the worker or event MPM `ThreadsPerChild`
 * threads per child (daemon threads with no hop), all accepting from Apache's listening socket.
 */
function toDeployment(s: Settings): DeploymentInput {
  const processes = num(s, "processes");
  const threads = threadsOf(s);
  const maxRequests =
    num(s, "maximumRequests") > 0 ? { maxRequestsPerProcess: num(s, "maximumRequests") } : {};
  if (s.mode === "daemon") return { kind: "daemon", processes, threads, ...maxRequests };
  if (threads === 1) return { kind: "prefork", processes, ...maxRequests };
  return { kind: "daemon", processes, threads, hopTimeSec: 0, ...maxRequests };
}

function fromDeployment(d: Deployment): Settings | undefined {
  const maximumRequests = Number.isFinite(d.maxRequestsPerProcess) ? d.maxRequestsPerProcess : 0;
  if (d.kind === "async") return undefined;
  const mode = d.kind === "daemon" && d.hopTimeSec > 0 ? "daemon" : "embedded";
  return { mode, processes: d.processes, threads: d.threads, maximumRequests };
}

/** `threads`, or its default when 0: 15 in daemon mode, 1 embedded (mpm_prefork). */
const threadsOf = (s: Settings): number =>
  num(s, "threads") > 0 ? num(s, "threads") : s.mode === "daemon" ? 15 : 1;

/** `processes=4`: the form of a WSGIDaemonProcess option. */
const keyValue = (flag: string, value: unknown): string => `${flag}${String(value)}`;

function command(s: Settings, app: string): string {
  const name = app.split(/[:.]/)[0] || "app";
  const threads = threadsOf(s);
  if (s.mode === "daemon") {
    const options = changedOptions(MOD_WSGI.settings.slice(1), { ...s, threads }, keyValue, [
      "processes",
      "threads",
    ]);
    return `WSGIDaemonProcess ${name} ${options.join(" ")}`;
  }
  const processes = num(s, "processes");
  return threads === 1
    ? `MaxRequestWorkers ${processes}  # mpm_prefork, WSGIScriptAlias / ${name}.wsgi`
    : `ThreadsPerChild ${threads}  MaxRequestWorkers ${processes * threads}  # mpm_event, WSGIScriptAlias / ${name}.wsgi`;
}

/** mod_wsgi (its `WSGIDaemonProcess` directive's documentation). */
export const MOD_WSGI: ServerSpec = {
  name: "mod_wsgi",
  settings: [
    {
      field: "mode",
      cliFlag: "mode",
      serverFlag: "",
      default: "daemon",
      type: "choice",
      choices: ["daemon", "embedded"],
      help: "daemon (WSGIDaemonProcess) or embedded (in Apache's children)",
    },
    integerSetting(
      "processes",
      "processes=",
      1,
      "daemon processes (embedded: Apache children serving Python)",
    ),
    integerSetting(
      "threads",
      "threads=",
      0,
      "threads per process (0: the mode's default, 15 for daemon, 1 for embedded under mpm_prefork)",
      { min: 0 },
    ),
    recycleSetting(
      "maximumRequests",
      "maximum-requests=",
      "requests after which a daemon process restarts",
    ),
  ],
  dispatch:
    "Daemon mode: Apache's children pass each request to the daemon processes through one UNIX socket, which any idle daemon thread takes next (one shared queue). Embedded: Apache's children accept from its listening socket.",
  toDeployment,
  fromDeployment,
  command,
};
