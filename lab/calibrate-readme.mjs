// The README of a data set made by lab/calibrate-run.mjs, written from its deployment.json (so it
// can be written again without a new run: `node lab/calibrate-readme.mjs data/lab-<date>-calibrate`).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The README text for the data set in folder `dir`, whose deployment.json is `d`.
 * @param {string} dir
 * @param {any} d deployment.json as lab/calibrate-run.mjs writes it (parsed JSON)
 */
export function calibrateReadme(dir, d) {
  const name = basename(dir);
  /** @param {string} file */
  const has = (file) => existsSync(join(dir, file));
  /** @type {{ users: number; durationSec: number }[]} */
  const stageList = d.locust.stages;
  const stages = stageList.map((s) => `${s.users} for ${s.durationSec} s`).join(", ");
  const loadSec = stageList.reduce((s, x) => s + x.durationSec, 0);
  const gib = (d.machine.memoryBytes / 2 ** 30).toFixed(0);
  const failures = has("locust_failures.csv")
    ? "- `locust_failures.csv`, `locust_exceptions.csv` — locust's failures and exceptions."
    : "- (locust's `_failures.csv` and `_exceptions.csv` held only their header: no request failed; removed.)";
  return `# ${name}: a Python server as its team's monitoring and load test see it

Made for real on ${d.startTime.slice(0, 10)} by \`npm run lab:calibrate-data\`, that is

    lab/setup.sh && node lab/calibrate-run.mjs --out data/${name}

(\`lab/calibrate-run.mjs\`, \`lab/metrics_app.py\`, \`lab/locustfile.py\`; network to 127.0.0.1
only; every child stops by itself). gunicorn ${d.server.version} (${d.server.workerClass}, ${d.server.workers} worker × ${d.server.threads}
threads, bound to \`${d.server.bind}\`) served the lab application \`lab/app.py\` wrapped in
prometheus_client instrumentation; Debian's locust ${d.locust.version} ran headless against it with
\`${d.locust.user}\` users in stages (${stages}; ${loadSec} s in all); \`/metrics\` was scraped every
${d.monitoring.scrapeIntervalSec} s. The run took ${d.wallSec.toFixed(0)} s from ${d.startTime} to ${d.endTime}.

## The files

- \`locust_stats.csv\` — locust's \`--csv\` summary: one row for the request (named \`/work\`)
  and \`Aggregated\`; times in milliseconds; \`Requests/s\` over the whole run.
- \`locust_stats_history.csv\` — \`--csv-full-history\`: a row a second for \`/work\` and for
  \`Aggregated\`, with the \`User Count\` at that second (which stage the row belongs to).
${failures}
- \`metrics.prom\` — ${d.monitoring.scrapes} scrapes of \`GET /metrics\` (Prometheus text exposition
  format 0.0.4, prometheus_client ${d.monitoring.client.split(" ")[1]}), appended one after the other: one before the load, one
  every ${d.monitoring.scrapeIntervalSec} s while locust ran, one after it. **Each scrape is preceded by one comment line
  \`# scrape at <time>\`**, the time the scrape was sent in ISO 8601 UTC with milliseconds (e.g.
  \`# scrape at 2026-12-02T17:40:05.123Z\`). Comment lines are valid exposition syntax; this is the
  convention pywebperf reads for a series of scrapes in one file. Metrics (named and labelled as
  prometheus-fastapi-instrumentator names them):
  - \`http_request_duration_seconds\` — histogram, labels \`handler\` (the path: \`/work\`) and
    \`method\`; prometheus_client's default buckets (${d.monitoring.buckets.replace(/^.*: /, "")} s); from the call
    of the WSGI application until gunicorn closes the response (the body has been written).
  - \`http_requests_total\` — counter, labels \`handler\`, \`status\` (grouped as \`2xx\`, the
    instrumentator's default) and \`method\`.
  - the default registry's collectors of the one worker process: \`process_cpu_seconds_total\`,
    \`process_resident_memory_bytes\`, \`process_virtual_memory_bytes\`,
    \`process_start_time_seconds\`, \`process_open_fds\`, \`python_gc_*\`, \`python_info\`.

  \`/metrics\` itself is not counted. A labelled series does not exist before its first
  observation: the scrape before the load has no \`http_*\` samples (read absent as zero).
- \`access.txt.gz\` — gunicorn's access log (gzipped; \`.txt\` because \`*.log\` is ignored by git),
  format \`${d.server.accessLogFormat}\`: client, \`-\`, \`-\`, the time the request was logged
  (to the second), the request line, status, body bytes, referer, user agent, and \`%(D)s\`, the
  request time in **microseconds**. The scrapes' \`GET /metrics\` requests (user agent \`-\`) are in it too.
- \`ps-before.txt\`, \`ps-after.txt\` — \`ps -o pid,ppid,rss,cputime,etime,args\` of gunicorn's
  master and worker just before and just after the load (RSS in KiB).
- \`deployment.json\` — the setup and the ground truth:
  - \`server\`: gunicorn version and Debian package, worker class, workers, threads, the machine's
    cores, bind address, the command;
  - \`app\`: the work each request asks for (\`${d.app.path}\`): \`cpuSec\`
    ${d.app.cpuSec} s of CPU time in pure-Python bytecode, \`ioSec\` ${d.app.ioSec} s of GIL-free waiting, in
    \`bursts\` ${d.app.bursts} alternating bursts, \`dist\` \`${d.app.dist}\` (${d.app.dist === "exp" ? "exponential burst lengths with those means" : "fixed lengths"}). \`cpuSec\` is the thread CPU time
    of the application's spin only; the worker's process CPU also includes gunicorn's own Python,
    the middleware, garbage collection and the scrapes;
  - \`monitoring\`: client version, metric names, buckets, scrape interval, scrapes taken and failed;
  - \`locust\`: version, user class, wait time (\`${d.locust.waitTime}\`: ${d.locust.waitTimeSec * 1000} ms think time after each
    response), the stages (users, seconds; all users start at once), locust's own CPU seconds
    over the run (\`cpuSec\`, from \`/proc\`), exit code, command;
  - \`serverCpuSec\`, \`serverProcesses\`: CPU seconds of gunicorn's processes over the load (from
    \`/proc/<pid>/stat\`); \`workerMemoryAtEnd\` (RSS, PSS, peak RSS, threads);
  - \`otherCores\`: the machine's busy time over the load not explained by the server or locust,
    in cores (other load on the machine, node's own scraping); \`otherCoresByInterval\` the same
    between consecutive scrapes;
  - \`startTime\`, \`endTime\`, \`wallSec\` of the load; \`machine\`.

## The machine

${d.machine.cpu}, ${d.machine.cores} cores, ${gib} GiB, Linux ${d.machine.kernel}, ${d.machine.os}, ${d.machine.python}
(Debian's \`/usr/bin/python3\`); ${d.server.debianPackage}, ${d.locust.debianPackage},
${d.monitoring.debianPackage}.

## Caveats

- locust shares the ${d.machine.cores} cores with the server: it used ${d.locust.cpuSec.toFixed(1)} CPU seconds over the run, the server
  ${d.serverCpuSec.toFixed(1)}. Its response times include its own scheduling delays (gevent, one process).
- Other load on the machine over the run: ${d.otherCores.toFixed(2)} cores on average (\`otherCores\`; the
  most in one scrape interval ${Math.max(0, ...d.otherCoresByInterval.map((/** @type {[number, number]} */ x) => x[1])).toFixed(2)}). The script waits for a quiet machine before it starts
  (${d.quietWaitSec ?? 0} s this time) but cannot keep it quiet.
- One gthread worker holds the GIL: the server can use about one core at most, and with ${d.server.threads} threads a request
  also waits for a free thread (further connections queue in the worker).
- The histogram and the access log's \`%(D)s\` time a request from when a worker thread takes it
  up; the wait of a ready connection for a free thread inside the gthread worker is in neither
  (nor in the listen backlog before it). locust's times include it: at saturation they are
  several times the histogram's.
- locust's history percentiles (\`50%\` … \`100%\`) are over a sliding window of about the last 10 s,
  not the second of the row nor the stage; \`Requests/s\` is a current rate averaged over the 10
  whole seconds ending 2 s before the row. \`Total Average Response Time\` and
  \`Total Request Count\` are cumulative since the start: a stage's mean is the difference of count × average at
  its ends divided by its requests. locust records response times rounded (to 1 ms below
  100 ms, 10 ms below 1 s), so its percentiles are rounded too.
- Stage boundaries: the stage clock is locust's, which starts about a second after \`startTime\`
  (the interpreter starting); the \`User Count\` column says which stage a history row belongs to.
- The histogram counts more requests than locust at the end (about as many as there were users):
  requests still in the server when locust stopped were finished and observed, but locust no
  longer counted them, and gunicorn, whose client had gone, logged none or hardly any of them.
- \`process_cpu_seconds_total\` has a resolution of 0.01 s (clock ticks) and counts the whole
  worker process. No warm-up was made: the first requests after the start cost more CPU.
- The scrapes are answered by the same worker as the load: at saturation a scrape waits its turn,
  and the \`# scrape at\` time is when it was sent.
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: node lab/calibrate-readme.mjs data/lab-<date>-calibrate");
  const d = JSON.parse(readFileSync(join(dir, "deployment.json"), "utf8"));
  writeFileSync(join(dir, "README.md"), calibrateReadme(dir, d));
}
