// Starting and stopping one way of serving the shop (servers.mjs) for the lab's checks and runs:
// in its own process group, with the services' environment, an access log and a
// prometheus_client multiprocess directory under the caller's directory.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { appCommand } from "./servers.mjs";
import { freePort } from "./services.mjs";
import { track } from "./live.mjs";

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One request; status 0 when it failed or took more than 10 s. A GET that fails is sent once
 * more: fetch reuses idle keep-alive connections, which gunicorn closes after 2 s, and a request
 * may go out on one just as it closes.
 * @param {number} port
 * @param {string} method
 * @param {string} path
 * @param {string} [body]  sent as JSON
 */
export async function send(port, method, path, body) {
  const first = await sendOnce(port, method, path, body);
  return first.status === 0 && method === "GET" ? sendOnce(port, method, path, body) : first;
}

/**
 * @param {number} port
 * @param {string} method
 * @param {string} path
 * @param {string} [body]
 */
async function sendOnce(port, method, path, body) {
  const t = performance.now();
  try {
    const r = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      ...(body === undefined ? {} : { body, headers: { "content-type": "application/json" } }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await r.text();
    return { status: r.status, ms: performance.now() - t, text };
  } catch {
    return { status: 0, ms: performance.now() - t, text: "" };
  }
}

/**
 * Starts the server and resolves once /health answers (15 s at most). `name` names its files in
 * `dir`. One scrape of /metrics sees every worker (prometheus_client's multiprocess mode).
 * @param {import("./servers.mjs").AppKind} kind
 * @param {Record<string, string>} env  the services' (PGHOST, ..., MEMCACHED)
 * @param {string} dir
 * @param {{ name?: string; processes?: number; threads?: number; tcpNoDelay?: boolean }} [options]
 */
export async function startApp(kind, env, dir, { name = kind, ...options } = {}) {
  const port = await freePort();
  const accessLog = join(dir, `${name}-access.log`);
  const metricsDir = join(dir, `${name}-metrics`);
  mkdirSync(metricsDir);
  const c = appCommand(kind, port, { ...options, accessLog });
  const server = await startDetached(c.command, c.args, port, {
    env: { ...process.env, ...env, ...c.env, PROMETHEUS_MULTIPROC_DIR: metricsDir },
    what: kind,
  });
  return { port, accessLog, ...server, command: c };
}

/**
 * Spawns a server in its own process group (a detached child leads it: -pid stops the server and
 * its workers) and resolves once GET /health on `port` answers 200; its stop is tracked, so
 * stopEverything() ends it too. Throws with the server's stderr if it exits or does not answer
 * within `startTries` × 50 ms.
 * @param {string} command
 * @param {string[]} args
 * @param {number} port
 * @param {{ env?: NodeJS.ProcessEnv; what: string; startTries?: number; stopTries?: number }} options
 */
export async function startDetached(
  command,
  args,
  port,
  { env = process.env, what, startTries = 300, stopTries = 100 },
) {
  const child = spawn(command, args, { detached: true, stdio: ["ignore", "ignore", "pipe"], env });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const group = -(/** @type {number} */ (child.pid));
  const stop = track(async () => {
    try {
      process.kill(group, "SIGTERM");
    } catch {}
    for (let i = 0; i < stopTries && child.exitCode === null && child.signalCode === null; i++)
      await sleep(50);
    try {
      process.kill(group, "SIGKILL");
    } catch {}
  });
  for (let i = 0; i < startTries && child.exitCode === null; i++) {
    if ((await send(port, "GET", "/health")).status === 200)
      return { pid: /** @type {number} */ (child.pid), stop, stderr: () => stderr };
    await sleep(50);
  }
  await stop();
  throw new Error(`${what} did not start: ${stderr}`);
}
