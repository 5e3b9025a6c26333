// The servers of the cgroup lab and how each starts inside the cgroups: gunicorn's sync and
// gthread workers and uvicorn's workers (on the ASGI copy of the synthetic work,
// lab/cgroup/app_asgi.py), as the main lab starts them (lab/servers.mjs). A small shell writes
// its own pid into each group's cgroup.procs and then becomes the server, so the master and every
// worker it forks are in the groups from their first instruction. Also the model's view of each
// server.
import { labDeployment } from "../../dist/fit/labDeployment.js";
import { serverCommand } from "../servers.mjs";

/** @typedef {{ kind: "gunicorn-sync" | "gunicorn-gthread" | "uvicorn"; processes: number; threads: number }} CgroupServer */

/** @param {string} a */
const quote = (a) => `'${a.replace(/'/g, "'\\''")}'`;

/**
 * The command that starts `server` on 127.0.0.1:`port` inside the groups whose cgroup.procs are
 * `procsFiles`, with the environment it needs.
 * @param {CgroupServer} server
 * @param {number} port
 * @param {string[]} procsFiles
 * @returns {{ command: string; args: string[]; env: Record<string, string> }}
 */
export function cgroupCommand(server, port, procsFiles) {
  const c = serverCommand(server, port);
  const enter = procsFiles.map((f) => `echo $$ > ${quote(f)}`).join(" && ");
  const env = c.env ?? {};
  return { command: "sh", args: ["-c", `${enter} && exec "$0" "$@"`, c.command, ...c.args], env };
}

/**
 * The model's deployment of a server. The open load sends every request on a fresh connection,
 * so whichever worker is free accepts it: no connection stays with a worker (no `pinned`
 * dispatch). gunicorn sync: prefork; gthread: threads behind the workers' shared listener, as
 * the main lab's nginx+gunicorn runs (fit/labDeployment); uvicorn: event loops without a
 * concurrency cap (10,000 requests per worker, the most the simulation takes, stands for none).
 * @param {CgroupServer} server
 * @returns {import("../../dist/deploy/deployment.js").DeploymentInput}
 */
export function cgroupDeployment(server) {
  if (server.kind === "uvicorn") {
    return {
      kind: /** @type {const} */ ("async"),
      processes: server.processes,
      concurrency: 10_000,
    };
  }
  return server.kind === "gunicorn-gthread"
    ? labDeployment({ ...server, kind: "nginx+gunicorn-gthread" })
    : labDeployment(server);
}
