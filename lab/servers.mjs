// How the lab starts each real server on 127.0.0.1, with the synthetic application lab/app.py.
// Every server runs on Debian's /usr/bin/python3 and is stopped by the lab after its runs.
// How the model sees each server is src/fit/labDeployment.ts, imported from the build (dist/).
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { labDeployment } from "../dist/fit/labDeployment.js";

const LAB = dirname(fileURLToPath(import.meta.url));

/**
 * A server configuration: `kind` is one of gunicorn-sync, gunicorn-gthread, gunicorn-gevent,
 * mod_wsgi (Apache event MPM in front of mod_wsgi daemon processes), uwsgi, and nginx+<a gunicorn
 * kind> (nginx 1.22 proxying to it); `processes` and `threads` as the server names them (gevent:
 * `threads` is worker_connections).
 * Returns the command to spawn and a description for the data set. With `accessLog` (a file
 * path), gunicorn writes an access log in Apache's layout with the request time `%D` last.
 * @param {import("../dist/fit/labRun.js").LabServer} server
 * @param {number} port
 * @param {{ accessLog?: string | undefined }} [options]
 * @returns {{ command: string; args: string[]; model: { dispatch: string }; dir?: string; env?: Record<string, string> | undefined }}
 */
export function serverCommand(server, port, { accessLog } = {}) {
  const { kind, processes, threads } = server;
  const bind = `127.0.0.1:${port}`;
  if (kind.startsWith("nginx+") || kind.startsWith("nginx-keepalive+")) {
    // nginx in front, proxying to the server behind it on the next port: one shell starts that
    // server in the background and becomes nginx, so both share the process group the lab stops.
    const keepalive = kind.startsWith("nginx-keepalive+");
    const behindKind = kind.slice(kind.indexOf("+") + 1);
    const behind = serverCommand({ ...server, kind: behindKind }, port + 1000, { accessLog });
    const dir = mkdtempSync(join(tmpdir(), "pywebperf-nginx-"));
    const conf = join(dir, "nginx.conf");
    writeFileSync(
      conf,
      [
        `worker_processes 1;`,
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        `daemon off;`,
        `events { worker_connections 1024; }`,
        `http {`,
        `  access_log off;`,
        `  client_body_temp_path ${dir};`,
        `  proxy_temp_path ${dir};`,
        `  fastcgi_temp_path ${dir};`,
        `  uwsgi_temp_path ${dir};`,
        `  scgi_temp_path ${dir};`,
        `  server {`,
        `    listen ${bind};`,
        // keepalive: nginx's documented upstream keep-alive (ngx_http_upstream_module).
        ...(keepalive
          ? [
              `    location / {`,
              `      proxy_pass http://app;`,
              `      proxy_http_version 1.1;`,
              `      proxy_set_header Connection "";`,
              `    }`,
            ]
          : [`    location / { proxy_pass http://127.0.0.1:${port + 1000}; }`]),
        `  }`,
        ...(keepalive ? [`  upstream app { server 127.0.0.1:${port + 1000}; keepalive 32; }`] : []),
        `}`,
        "",
      ].join("\n"),
    );
    /** @param {string | number} a */
    const quote = (a) => `'${String(a).replace(/'/g, "'\\''")}'`;
    return {
      command: "sh",
      args: [
        "-c",
        `${behind.command} ${behind.args.map(quote).join(" ")} & exec nginx -c ${quote(conf)}`,
      ],
      env: behind.env,
      model: modelOf(server),
      dir,
    };
  }
  if (kind === "uvicorn") {
    // uvicorn 0.17 writes small responses without TCP_NODELAY; the app sets it
    // (LAB_TCP_NODELAY=1, lab/cgroup/app_asgi.py) so that Nagle's delay does not hide the dispatch.
    const args = ["--app-dir", join(LAB, "cgroup"), "--host", "127.0.0.1", "--port"];
    args.push(String(port), "--workers", String(processes), "--no-access-log");
    args.push("--log-level", "warning", "app_asgi:app");
    return { command: "uvicorn", args, env: { LAB_TCP_NODELAY: "1" }, model: modelOf(server) };
  }
  if (kind.startsWith("gunicorn-")) {
    const workerClass = kind.slice("gunicorn-".length);
    const args = [
      "-b",
      bind,
      "--chdir",
      LAB,
      "-w",
      String(processes),
      "--worker-class",
      workerClass,
    ];
    if (workerClass === "gthread") args.push("--threads", String(threads));
    if (workerClass === "gevent") args.push("--worker-connections", String(threads));
    if (server.reusePort) args.push("--reuse-port");
    if (accessLog) {
      args.push("--access-logfile", accessLog);
      args.push("--access-logformat", '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(D)s');
    }
    args.push("--backlog", "2048", "--log-level", "warning", "app:application");
    return {
      command: "gunicorn",
      args,
      model: modelOf(server),
    };
  }
  if (kind === "uwsgi") {
    const args = [
      "--plugin",
      "python3",
      "--http-socket",
      bind,
      "--wsgi-file",
      join(LAB, "app.py"),
      "--master",
      "--processes",
      String(processes),
      "--threads",
      String(threads),
      "--enable-threads",
      "--die-on-term",
      "--disable-logging",
      "--listen",
      "100",
    ];
    return { command: "uwsgi", args, model: modelOf(server) };
  }
  if (kind === "mod_wsgi") {
    const dir = mkdtempSync(join(tmpdir(), "pywebperf-apache-"));
    chmodSync(dir, 0o755); // the daemon processes (www-data) connect to sockets in it
    const conf = join(dir, "apache2.conf");
    writeFileSync(
      conf,
      [
        `ServerRoot "/etc/apache2"`,
        `ServerName localhost`,
        `Listen ${bind}`,
        `PidFile ${dir}/apache2.pid`,
        `ErrorLog ${dir}/error.log`,
        `LogLevel warn`,
        `User www-data`,
        `Group www-data`,
        `LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so`,
        `LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so`,
        `LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so`,
        `StartServers 1`,
        `ServerLimit 1`,
        `ThreadsPerChild 128`,
        `ThreadLimit 128`,
        `MaxRequestWorkers 128`,
        `KeepAlive On`,
        `MaxKeepAliveRequests 0`,
        `WSGISocketPrefix ${dir}/wsgi`,
        `WSGIDaemonProcess lab processes=${processes} threads=${threads} listen-backlog=1024`,
        `WSGIProcessGroup lab`,
        `WSGIApplicationGroup %{GLOBAL}`,
        `WSGIScriptAlias / ${join(LAB, "app.py")}`,
        `<Directory ${LAB}>`,
        `  Require all granted`,
        `</Directory>`,
        "",
      ].join("\n"),
    );
    return {
      command: "apache2",
      args: ["-f", conf, "-DFOREGROUND"],
      model: modelOf(server),
      dir,
    };
  }
  throw new Error(`unknown server kind ${kind}`);
}

/**
 * How the data set records the model's view of a server.
 * @param {import("../dist/fit/labRun.js").LabServer} server
 */
function modelOf(server) {
  return { dispatch: labDeployment(server).dispatch ?? "shared-queue" };
}
