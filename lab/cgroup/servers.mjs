// The servers of the cgroup lab and how each starts inside the cgroups: gunicorn's sync and
// gthread workers as the main lab starts them (lab/servers.mjs) and uvicorn's workers on the
// same synthetic work (lab/cgroup/app_asgi.py). A small shell writes its own pid into each
// group's cgroup.procs and then becomes the server, so the master and every worker it forks are
// in the groups from their first instruction. Also the model's view of each server.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { labDeployment } from "../../dist/fit/labDeployment.js";
import { serverCommand } from "../servers.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));

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
  /** @type {{ command: string; args: string[] }} */
  let c;
  /** @type {Record<string, string>} */
  let env = {};
  if (server.kind === "uvicorn") {
    c = {
      command: "uvicorn",
      args: ["--app-dir", HERE, "--host", "127.0.0.1", "--port", String(port), "--workers"],
    };
    c.args.push(String(server.processes), "--no-access-log", "--log-level", "warning");
    c.args.push("app_asgi:app");
    env = { LAB_TCP_NODELAY: "1" };
  } else {
    c = serverCommand(server, port);
  }
  const enter = procsFiles.map((f) => `echo $$ > ${quote(f)}`).join(" && ");
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
