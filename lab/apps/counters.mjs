// What the real-application grid reads around each run (lab/apps/run.mjs): CPU of process trees
// from /proc (with the CPU of children that ended, which Linux adds to their parent's cutime and
// cstime: PostgreSQL's per-connection backends), PostgreSQL's pg_stat_statements and
// pg_stat_database, memcached's `stats`, and summaries of per-request times (the load
// generator's or an access log's), per endpoint.
import { processTree, readMemory, readStat } from "../procfs.mjs";
import { memcachedCommand } from "./services.mjs";

/**
 * CPU seconds of a process tree: each live process's own plus what its ended children left in
 * its cutime and cstime. Deltas of this over a run count processes that ended meanwhile.
 * @param {number} root
 */
export function treeCpu(root) {
  const stats = processTree(root).map((pid) => readStat(pid));
  /** @type {Record<number, { command: string; cpuSec: number }>} */
  const byPid = {};
  let totalSec = 0;
  for (const s of stats) {
    if (!s) continue;
    byPid[s.pid] = { command: s.command, cpuSec: s.cpuSec };
    totalSec += s.cpuSec + s.childrenCpuSec;
  }
  return { totalSec, byPid, root };
}

/**
 * The processes of a tree over a run: CPU seconds each (those alive at the end), and memory.
 * @param {ReturnType<typeof treeCpu>} before
 * @param {ReturnType<typeof treeCpu>} after
 * @param {boolean} memory  read RSS, PSS, peak RSS and threads too
 */
export function treeDelta(before, after, memory = false) {
  const processes = Object.entries(after.byPid).map(([pid, p]) => ({
    pid: Number(pid),
    role: Number(pid) === after.root ? "main" : "child",
    command: p.command,
    cpuSec: round(p.cpuSec - (before.byPid[Number(pid)]?.cpuSec ?? 0)),
    ...(memory ? readMemory(Number(pid)) : {}),
  }));
  return { cpuSec: round(after.totalSec - before.totalSec), processes };
}

/** @param {number} x */
const round = (x, digits = 4) => Number(x.toFixed(digits));

/** pg_stat_database's counters for the database, as numbers. */
const DB_COLUMNS = [
  "xact_commit",
  "xact_rollback",
  "blks_read",
  "blks_hit",
  "tup_returned",
  "tup_fetched",
  "tup_inserted",
  "tup_updated",
  "tup_deleted",
  "numbackends",
];

/** @param {{ query: (sql: string) => Promise<string>; database: string }} pg */
export async function pgDatabase(pg) {
  const row = await pg.query(
    `SELECT ${DB_COLUMNS.join(", ")} FROM pg_stat_database WHERE datname = '${pg.database}'`,
  );
  const values = row.trim().split("|").map(Number);
  return Object.fromEntries(DB_COLUMNS.map((c, i) => [c, values[i] ?? NaN]));
}

/**
 * The statements since the last reset: calls, total and mean execution time (ms), rows, and
 * the statement's text (normalised, at most 160 characters), the costliest first.
 * @param {{ query: (sql: string) => Promise<string> }} pg
 */
export async function pgStatements(pg) {
  const text = await pg.query(
    "SELECT calls, round(total_exec_time::numeric, 3), rows, " +
      "left(regexp_replace(query, '\\s+', ' ', 'g'), 160) FROM pg_stat_statements " +
      "WHERE query NOT LIKE '%pg_stat_%' ORDER BY total_exec_time DESC",
  );
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [calls, total, rows, ...query] = line.split("|");
      return {
        calls: Number(calls),
        totalExecTimeMs: Number(total),
        rows: Number(rows),
        query: query.join("|"),
      };
    });
}

/** memcached's `stats` that the grid keeps, as numbers. */
const MC_KEYS = [
  "cmd_get",
  "cmd_set",
  "get_hits",
  "get_misses",
  "get_expired",
  "curr_items",
  "total_connections",
  "curr_connections",
  "rusage_user",
  "rusage_system",
  "bytes_read",
  "bytes_written",
];

/** @param {number} port */
export async function memcachedStats(port) {
  const reply = await memcachedCommand(port, "stats\r\n");
  /** @type {Record<string, number>} */
  const stats = {};
  for (const m of reply.matchAll(/^STAT (\S+) (\S+)\r?$/gm))
    if (MC_KEYS.includes(/** @type {string} */ (m[1])))
      stats[/** @type {string} */ (m[1])] = Number(m[2]);
  return stats;
}

/**
 * @param {Record<string, number>} before
 * @param {Record<string, number>} after
 */
export function delta(before, after) {
  return Object.fromEntries(
    Object.keys(after).map((k) => [k, round((after[k] ?? 0) - (before[k] ?? 0), 6)]),
  );
}

/**
 * The endpoint a request line's target belongs to.
 * @param {string} method
 * @param {string} target
 */
export function endpointOf(method, target) {
  if (/^\/products\/(\?|$)/.test(target)) return "list";
  if (/^\/products\/\d+\/$/.test(target)) return "detail";
  if (method === "POST" && target === "/orders/") return "order";
  if (target === "/health") return "health";
  return "other";
}

/**
 * @param {number[]} sorted
 * @param {number} p
 */
const quantile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

/**
 * Count, errors, mean and quantiles of per-request times (seconds), overall and per endpoint;
 * `wallSec` turns counts into throughputs.
 * @param {Array<{ endpoint: string; status: number; sec: number }>} requests
 * @param {number} wallSec
 */
export function summarize(requests, wallSec) {
  /** @param {Array<{ status: number; sec: number }>} list */
  const one = (list) => {
    const times = list.map((r) => r.sec).sort((a, b) => a - b);
    const n = times.length;
    return {
      requests: n,
      non2xx: list.filter((r) => r.status < 200 || r.status >= 300).length,
      throughputPerSec: round(n / wallSec, 2),
      meanSec: n ? round(times.reduce((a, b) => a + b, 0) / n, 6) : NaN,
      p50Sec: round(quantile(times, 0.5), 6),
      p90Sec: round(quantile(times, 0.9), 6),
      p99Sec: round(quantile(times, 0.99), 6),
      maxSec: round(times[n - 1] ?? NaN, 6),
    };
  };
  /** @type {Record<string, typeof requests>} */
  const groups = {};
  for (const r of requests) (groups[r.endpoint] ??= []).push(r);
  return {
    ...one(requests),
    byEndpoint: Object.fromEntries(Object.entries(groups).map(([k, list]) => [k, one(list)])),
  };
}

/**
 * Access lines, gunicorn's layout with the time last in microseconds (the applications), or
 * nginx's with $request_time and $upstream_response_time last (`nginx`: seconds, the request
 * time taken; the upstream's is summarised apart).
 * @param {string} text
 * @param {number} wallSec
 * @param {boolean} [nginx]
 */
export function accessSummary(text, wallSec, nginx = false) {
  /** @type {Array<{ endpoint: string; status: number; sec: number }>} */
  const requests = [];
  /** @type {Array<{ endpoint: string; status: number; sec: number }>} */
  const upstream = [];
  for (const line of text.split("\n")) {
    const m = /"(\S+) (\S+) [^"]*" (\d+) \S+ (\S+) (\S+)$/.exec(line);
    if (!m) continue;
    const endpoint = endpointOf(/** @type {string} */ (m[1]), /** @type {string} */ (m[2]));
    const status = Number(m[3]);
    if (nginx) {
      requests.push({ endpoint, status, sec: Number(m[4]) });
      if (m[5] !== "-") upstream.push({ endpoint, status, sec: Number(m[5]) });
    } else requests.push({ endpoint, status, sec: Number(m[5]) / 1e6 });
  }
  return nginx
    ? { requestTime: summarize(requests, wallSec), upstreamTime: summarize(upstream, wallSec) }
    : summarize(requests, wallSec);
}
