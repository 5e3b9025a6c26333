// Quick by-hand runs of the shop served each way (servers.mjs): one short wrk run per endpoint
// (default 1 thread, 4 connections, 3 s), printed as a Markdown table with wrk's requests/s and
// latency percentiles, the non-2xx answers, and the access-log lines and /metrics count the
// server wrote. A look at whether everything answers and roughly how fast, not calibrated data:
// the services, wrk and the server share the machine, and 3 s is no steady state.
//
//   node lab/apps/byhand.mjs [--seconds 3] [--connections 4] [--only django-gthread,...]
// Bounded: everything is stopped after 10 minutes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMemcached, startPostgres } from "./services.mjs";
import { send, startApp } from "./start-app.mjs";
import { stopEverything, stopOnSignals } from "./live.mjs";

const APPS = dirname(fileURLToPath(import.meta.url));
/** @param {string} name @param {string} fallback */
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const seconds = Number(arg("seconds", "3"));
const connections = Number(arg("connections", "4"));

/** @type {Array<{ name: string; kind: import("./servers.mjs").AppKind; processes: number; threads: number; tcpNoDelay?: boolean }>} */
const CONFIGS = [
  { name: "django-sync", kind: "django-sync", processes: 2, threads: 1 },
  { name: "django-gthread", kind: "django-gthread", processes: 2, threads: 4 },
  { name: "django-gevent", kind: "django-gevent", processes: 2, threads: 100 },
  { name: "fastapi-sync-uvicorn", kind: "fastapi-sync-uvicorn", processes: 2, threads: 1 },
  { name: "fastapi-async-uvicorn", kind: "fastapi-async-uvicorn", processes: 2, threads: 1 },
  { name: "fastapi-sync-gunicorn", kind: "fastapi-sync-gunicorn", processes: 2, threads: 1 },
  { name: "fastapi-async-gunicorn", kind: "fastapi-async-gunicorn", processes: 2, threads: 1 },
  // uvicorn --workers 2 without Nagle (servers.mjs, tcpNoDelay): what the 40 ms hides.
  ...["fastapi-sync-uvicorn", "fastapi-async-uvicorn"].map((k) => ({
    name: `${k}+nodelay`,
    kind: /** @type {import("./servers.mjs").AppKind} */ (k),
    processes: 2,
    threads: 1,
    tcpNoDelay: true,
  })),
];
const only = arg("only", "");
const configs = only ? CONFIGS.filter((c) => only.split(",").includes(c.name)) : CONFIGS;

/** Each endpoint's wrk target; the detail page is one product, so all but the first are hits. */
const ENDPOINTS = [
  { label: "GET /products/", path: "/products/", script: undefined },
  { label: "GET /products/42/", path: "/products/42/", script: undefined },
  { label: "POST /orders/", path: "/orders/", script: join(APPS, "post_order.lua") },
  { label: "GET /health", path: "/health", script: undefined },
];

/**
 * wrk's duration ("812.00us", "3.21ms", "1.02s") in milliseconds.
 * @param {string | undefined} text
 */
function ms(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text ?? "");
  if (!m) return NaN;
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60000 }[/** @type {"us"} */ (m[2])];
  return Number(m[1]) * scale;
}

/**
 * @param {number} port
 * @param {{ path: string; script: string | undefined }} e
 */
function wrk(port, e) {
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "--latency"];
  if (e.script) args.push("-s", e.script);
  args.push(`http://127.0.0.1:${port}${e.path}`);
  const out = spawnSync("wrk", args, { encoding: "utf8", timeout: (seconds + 20) * 1000 }).stdout;
  const pct = (/** @type {string} */ p) =>
    ms(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(out ?? "")?.[1]);
  return {
    requests: Number(/(\d+) requests in/.exec(out ?? "")?.[1] ?? 0),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out ?? "")?.[1] ?? NaN),
    p50: pct("50"),
    p99: pct("99"),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out ?? "")?.[1] ?? 0),
  };
}

const dir = mkdtempSync(join(tmpdir(), "pywebperf-byhand-"));
stopOnSignals(() => rmSync(dir, { recursive: true, force: true }));
async function cleanUp() {
  await stopEverything();
  rmSync(dir, { recursive: true, force: true });
}
const deadline = setTimeout(async () => {
  console.error("byhand: 10 minutes passed, stopping everything");
  await cleanUp();
  process.exit(1);
}, 600_000);

try {
  const pg = await startPostgres(dir);
  const mc = await startMemcached(dir);
  const env = { ...pg.env, ...mc.env };
  console.log(`wrk -t1 -c${connections} -d${seconds}s per endpoint, 2 processes per server\n`);
  console.log(
    "| server | endpoint | requests/s | p50 ms | p99 ms | non-2xx | access-log lines | /metrics count |",
  );
  console.log("|---|---|--:|--:|--:|--:|--:|--:|");
  for (const c of configs) {
    const { name, kind, ...options } = c;
    const server = await startApp(kind, env, dir, { name, ...options });
    for (let i = 0; i < 20; i++) await send(server.port, "GET", "/products/"); // warm-up
    for (const e of ENDPOINTS) {
      const before = readFileSync(server.accessLog, "utf8").split("\n").length;
      const r = wrk(server.port, e);
      const logged = readFileSync(server.accessLog, "utf8").split("\n").length - before;
      const metrics = (await send(server.port, "GET", "/metrics")).text;
      const count = metricCount(metrics, kind, e.path);
      console.log(
        `| ${name} | ${e.label} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.non2xx} | ${logged} | ${count} |`,
      );
    }
    await server.stop();
  }
  await cleanUp();
} catch (e) {
  console.error(e);
  await cleanUp();
  process.exitCode = 1;
}
clearTimeout(deadline);

/**
 * Requests the server's /metrics counted for the endpoint (all statuses, since it started).
 * @param {string} text
 * @param {string} kind
 * @param {string} path
 */
function metricCount(text, kind, path) {
  const [name, label] = kind.startsWith("django")
    ? [
        "django_http_requests_latency_seconds_by_view_method_count",
        `view="${{ "/products/": "products", "/products/42/": "product", "/orders/": "orders", "/health": "health" }[path]}"`,
      ]
    : [
        "http_request_duration_seconds_count",
        `endpoint="${path === "/products/42/" ? "/products/{product_id}/" : path}"`,
      ];
  return text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) && l.includes(label))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
}
