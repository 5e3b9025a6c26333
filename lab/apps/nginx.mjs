// nginx in front of one of the shop's servers, as production runs it: Debian's nginx on a free
// 127.0.0.1 port, its own configuration, pid, logs and temp directories under the caller's
// directory, an `upstream` with `keepalive` (HTTP/1.1 to the application, connections reused),
// and an access log with nginx's request time and the upstream's response time.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "./services.mjs";
import { startDetached } from "./start-app.mjs";

/** nginx's access line: Apache's layout, then $request_time and $upstream_response_time (s). */
export const NGINX_LOG_FORMAT =
  '$remote_addr - - [$time_local] "$request" $status $body_bytes_sent $request_time $upstream_response_time';

/**
 * Starts nginx proxying to 127.0.0.1:`upstreamPort`; resolves once /health answers through it.
 * @param {string} dir  the run's directory: nginx's files go to `<dir>/nginx`
 * @param {number} upstreamPort
 * @param {{ keepalive?: number }} [options]  idle upstream connections kept per worker
 */
export async function startNginx(dir, upstreamPort, { keepalive = 32 } = {}) {
  const base = join(dir, "nginx");
  for (const sub of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
    mkdirSync(join(base, sub), { recursive: true });
  const port = await freePort();
  const accessLog = join(base, "access.log");
  const conf = join(base, "nginx.conf");
  writeFileSync(
    conf,
    [
      "worker_processes 1;",
      `pid ${base}/nginx.pid;`,
      `error_log ${base}/error.log warn;`,
      "daemon off;",
      "events { worker_connections 1024; }",
      "http {",
      `  log_format timed '${NGINX_LOG_FORMAT}';`,
      `  access_log ${accessLog} timed;`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(
        (t) => `  ${t}_temp_path ${base}/${t};`,
      ),
      `  upstream app { server 127.0.0.1:${upstreamPort}; keepalive ${keepalive}; }`,
      "  server {",
      `    listen 127.0.0.1:${port};`,
      "    location / {",
      "      proxy_pass http://app;",
      "      proxy_http_version 1.1;",
      '      proxy_set_header Connection "";',
      "      proxy_set_header Host $host;", // Django's ALLOWED_HOSTS
      "    }",
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  const nginx = await startDetached("nginx", ["-c", conf, "-p", base], port, {
    what: "nginx",
    startTries: 100,
    stopTries: 60,
  });
  return { port, pid: nginx.pid, accessLog, stop: nginx.stop, conf };
}
