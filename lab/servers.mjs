// How the lab starts each real server on 127.0.0.1, with the synthetic application lab/app.py.
// Every server runs on Debian's /usr/bin/python3 and is stopped by the lab after its runs.
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const LAB = dirname(fileURLToPath(import.meta.url));

/**
 * A server configuration: `kind` is one of gunicorn-sync, gunicorn-gthread, gunicorn-gevent,
 * mod_wsgi (Apache event MPM in front of mod_wsgi daemon processes) and uwsgi; `processes` and
 * `threads` as the server names them (gevent: `threads` is worker_connections).
 * Returns the command to spawn and a description for the data set.
 */
export function serverCommand(server, port) {
  const { kind, processes, threads } = server;
  const bind = `127.0.0.1:${port}`;
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
    args.push("--backlog", "2048", "--log-level", "warning", "app:application");
    return {
      command: "gunicorn",
      args,
      model: { dispatch: workerClass === "sync" ? "shared-queue" : "pinned" },
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
    return { command: "uwsgi", args, model: { dispatch: "shared-queue" } };
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
      model: { dispatch: "shared-queue" },
      dir,
    };
  }
  throw new Error(`unknown server kind ${kind}`);
}
