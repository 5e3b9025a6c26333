// The real application's smoke check: starts PostgreSQL and memcached (services.mjs), then the
// Django site under gunicorn gthread and the FastAPI asyncpg application under uvicorn, sends 50
// requests to each endpoint, and checks that every answer is a 200 and that the server's
// /metrics and its access log both count them. Stops everything; exits 0 when all holds, 1
// otherwise, and after 90 s at the latest.
//
//   node lab/apps/smoke.mjs        (after lab/apps/setup.sh)
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMemcached, startPostgres } from "./services.mjs";
import { send, startApp } from "./start-app.mjs";
import { stopEverything, stopOnSignals } from "./live.mjs";

const PER_ENDPOINT = 50;
const CONCURRENCY = 4;
/** @type {import("./servers.mjs").AppKind[]} */
const KINDS = ["django-gthread", "fastapi-async-uvicorn"];

/**
 * Each endpoint: how the access log and /metrics name it, and its i-th request.
 * Django's metrics name views by their URL names (shop/urls.py), FastAPI's by route templates.
 * @type {Array<{ path: string; pattern: RegExp; django: string; fastapi: string; method: string; request: (i: number) => { path: string; body?: string } }>}
 */
const ENDPOINTS = [
  {
    path: "/products/",
    pattern: /^\/products\/(\?|$)/,
    django: "products",
    fastapi: "/products/",
    method: "GET",
    request: (i) => ({ path: `/products/?page=${1 + (i % 5)}` }),
  },
  {
    // 25 products asked twice: misses fill the cache, the second round hits it.
    path: "/products/<id>/",
    pattern: /^\/products\/\d+\/$/,
    django: "product",
    fastapi: "/products/{product_id}/",
    method: "GET",
    request: (i) => ({ path: `/products/${1 + (i % 25)}/` }),
  },
  {
    path: "/orders/",
    pattern: /^\/orders\/$/,
    django: "orders",
    fastapi: "/orders/",
    method: "POST",
    request: (i) => ({
      path: "/orders/",
      body: JSON.stringify({
        product_id: 1 + ((i * 97) % 5000),
        quantity: 1,
        customer: `smoke${i}`,
      }),
    }),
  },
  {
    path: "/health",
    pattern: /^\/health$/,
    django: "health",
    fastapi: "/health",
    method: "GET",
    request: () => ({ path: "/health" }),
  },
];

/** An access line's request, status, bytes, seconds and microseconds (servers.mjs). */
const ACCESS_LINE = /"(\w+) (\S+) HTTP\/[\d.]+" (\d{3}) (\d+|-) ([\d.]+) (\d+)$/;

const dir = mkdtempSync(join(tmpdir(), "pywebperf-smoke-"));
stopOnSignals(() => rmSync(dir, { recursive: true, force: true }));
async function cleanUp() {
  await stopEverything();
  rmSync(dir, { recursive: true, force: true });
}
const deadline = setTimeout(async () => {
  console.error("smoke: 90 s passed, stopping everything");
  await cleanUp();
  process.exit(1);
}, 90_000);

/**
 * The value of a metric line with all the given labels (summed over the other labels).
 * @param {string} text
 * @param {string} name
 * @param {Record<string, string>} labels
 */
function metricSum(text, name, labels) {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

/**
 * @param {import("./servers.mjs").AppKind} kind
 * @param {Record<string, string>} env
 */
async function check(kind, env) {
  const server = await startApp(kind, env, dir, { processes: 2, threads: 4 });
  let ok = true;
  /** @type {string[]} */
  const rows = [];
  for (const e of ENDPOINTS) {
    /** @type {Array<{ status: number; ms: number; text: string }>} */
    const results = [];
    let next = 0;
    const worker = async () => {
      while (next < PER_ENDPOINT) {
        const r = e.request(next++);
        results.push(await send(server.port, e.method, r.path, r.body));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const ok200 = results.filter((r) => r.status === 200).length;
    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    const median = ms[Math.floor(ms.length / 2)] ?? NaN;
    const max = ms[ms.length - 1] ?? NaN;
    const metrics = (await send(server.port, "GET", "/metrics")).text;
    const counted = kind.startsWith("django")
      ? metricSum(metrics, "django_http_responses_total_by_status_view_method_total", {
          view: e.django,
          status: "200",
        })
      : metricSum(metrics, "http_requests_total", { endpoint: e.fastapi, status: "200" });
    const timed = kind.startsWith("django")
      ? metricSum(metrics, "django_http_requests_latency_seconds_by_view_method_count", {
          view: e.django,
        })
      : metricSum(metrics, "http_request_duration_seconds_count", { endpoint: e.fastapi });
    const logged = readFileSync(server.accessLog, "utf8")
      .split("\n")
      .map((line) => ACCESS_LINE.exec(line))
      .filter((m) => m && m[1] === e.method && e.pattern.test(m[2] ?? "") && m[3] === "200")
      .filter((m) => Number(m?.[5]) > 0).length;
    const good = ok200 === PER_ENDPOINT && counted >= PER_ENDPOINT && timed >= PER_ENDPOINT;
    const goodLog = logged >= PER_ENDPOINT;
    if (!good || !goodLog) ok = false;
    rows.push(
      `  ${e.method.padEnd(4)} ${e.path.padEnd(16)} 200s ${ok200}/${PER_ENDPOINT}  /metrics counted ${counted}, timed ${timed}  access log ${logged}  ` +
        `median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms  ${good && goodLog ? "ok" : "FAIL"}`,
    );
  }
  await server.stop();
  console.log(`${kind} (2 processes${kind === "django-gthread" ? " x 4 threads" : ""}):`);
  if (kind.endsWith("-uvicorn"))
    console.log("  (uvicorn 0.17 with 2 workers leaves Nagle on: ~40 ms per keep-alive request)");
  console.log(rows.join("\n"));
  return ok;
}

try {
  let t = Date.now();
  const pg = await startPostgres(dir);
  const mc = await startMemcached(dir);
  console.log(`services: PostgreSQL ${pg.dsn}, memcached ${mc.address} (${Date.now() - t} ms)`);
  let ok = true;
  for (const kind of KINDS) {
    t = Date.now();
    ok = (await check(kind, { ...pg.env, ...mc.env })) && ok;
    console.log(`  (${Date.now() - t} ms)`);
  }
  const sql = "SELECT count(*) FROM orders WHERE customer LIKE 'smoke%'";
  const orders = (await pg.query(sql)).trim();
  console.log(`orders written by the checks: ${orders} (expected ${PER_ENDPOINT * KINDS.length})`);
  if (Number(orders) !== PER_ENDPOINT * KINDS.length) ok = false;
  await cleanUp();
  clearTimeout(deadline);
  console.log(ok ? "smoke: ok" : "smoke: FAILED");
  process.exitCode = ok ? 0 : 1;
} catch (e) {
  console.error(e);
  await cleanUp();
  clearTimeout(deadline);
  process.exitCode = 1;
}
