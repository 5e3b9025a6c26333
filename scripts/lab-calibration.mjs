// Calibration from what a production server leaves behind, checked against the lab's real servers.
//
// 1. Access log and ps (data set 4, `node lab/run.mjs --grid calibrate`): a long run of gunicorn
//    sync workers at 4 connections wrote an access log with request times (%D) and two `ps`
//    snapshots. A sync worker serves one request at a time and %D starts when the worker has
//    accepted the request, so the logged time is the request's own time, cpu + io, at any load
//    (the wait in the accept queue is not in it). fitAppProfile takes the log's mean and spread
//    and the CPU per request from ps; the profile then predicts the runs at 1, 4 and 16
//    connections, beside the profile fitted on the wrk run with one connection.
// 2. Memory per thread and per request (data set 5, `--grid memory`): one gthread worker with
//    1, 4 and 16 threads, every thread busy, requests holding nothing or 4 MiB; fitWorkerMemory
//    on the worker's RSS after the runs.
//
//   npm run build && node scripts/lab-calibration.mjs data/lab-2026-11-27-4.jsonl data/lab-2026-11-27-5.jsonl
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { labRunQuestion } from "../dist/fit/labRunQuestion.js";
import { labSingleClientFit } from "../dist/fit/labSingleClientFit.js";
import {
  cpuPerRequestFromPs,
  evaluateDeployment,
  fitAppProfile,
  fitWorkerMemory,
  parseAccessLog,
  summarizeAccessLog,
} from "../dist/index.js";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/lab-calibration.mjs <data set>.jsonl [more]");
  process.exit(2);
}
/**
 * A run as the data sets record it (data/README.md), with the folder of its file.
 * @typedef {import("../dist/fit/labRun.js").LabRun & {
 *   dir: string; accessLogFile?: string; psBefore: string; psAfter: string;
 *   workload: { name: string; memBytes: number }; throughputPerSec: number;
 *   workerCpuSecPerRequest: number;
 *   requestsPerWorker: Record<string, number>;
 *   processes: { pid: number; rssBytes: number; peakRssBytes: number; threads: number }[];
 * }} Run
 * @type {Run[]}
 */
const runs = files.flatMap((f) =>
  readFileSync(f, "utf8")
    .trim()
    .split("\n")
    .map((l) => ({ ...JSON.parse(l), dir: dirname(f) })),
);
/** @param {number} s */
const ms = (s) => (s * 1000).toFixed(2);
/** @param {number} e */
const pct = (e) => `${e >= 0 ? "+" : ""}${(e * 100).toFixed(1)} %`;

/**
 * @param {import("../dist/index.js").FittedAppProfile} fit
 * @param {import("../dist/fit/labRun.js").LabRun} run
 */
const predict = (fit, run) => evaluateDeployment(labRunQuestion(run, fit.app));

const logged = runs.filter((r) => r.accessLogFile);
if (logged.length > 0) {
  console.log("Calibration from an access log (%D) and ps, predicting wrk's measurements");
  /** @type {{ log: number[]; single: number[] }} */
  const errors = { log: [], single: [] };
  for (const source of logged) {
    const text = gunzipSync(
      readFileSync(join(source.dir, /** @type {string} */ (source.accessLogFile))),
    ).toString("utf8");
    const { entries } = parseAccessLog(text, "apache-%D");
    const log = summarizeAccessLog(entries);
    // ps of the workers only: the processes that answered requests.
    /** @param {string} t */
    const workers = (t) =>
      t
        .split("\n")
        .filter((l) => /** @type {string} */ (l.trim().split(/\s+/)[0]) in source.requestsPerWorker)
        .join("\n");
    const ps = cpuPerRequestFromPs({
      before: workers(source.psBefore),
      after: workers(source.psAfter),
      requests: log.requests,
    });
    const fromLog = fitAppProfile({
      singleClient: {
        meanLatencySec: log.meanResponseTimeSec,
        latencyStdDevSec: Math.sqrt(log.responseTimeScv) * log.meanResponseTimeSec,
        requests: log.requests,
        workerCpuSecPerRequest: ps.cpuSecPerRequest,
      },
      burstsPerRequest: source.workload.bursts,
    });
    const same = runs.filter(
      (r) =>
        !r.accessLogFile &&
        r.workload.name === source.workload.name &&
        r.server.kind === source.server.kind &&
        r.server.processes === source.server.processes,
    );
    const one = same.find((r) => r.connections === 1);
    const fromOne = one ? fitAppProfile(labSingleClientFit(one)) : undefined;
    console.log(
      `\n${source.server.kind} ${source.server.processes}×${source.server.threads} ${source.workload.name}: ` +
        `log ${log.requests} requests over ${log.spanSec} s, mean %D ${ms(log.meanResponseTimeSec)} ms ` +
        `(SCV ${log.responseTimeScv.toFixed(2)}); CPU per request ps ${ms(ps.cpuSecPerRequest)} ms, ` +
        `/proc ${ms(source.workerCpuSecPerRequest)} ms (${pct(ps.cpuSecPerRequest / source.workerCpuSecPerRequest - 1)})`,
    );
    console.log(
      `  profile from the log: cpu ${ms(fromLog.app.cpuTimeSec)} ms, io ${ms(fromLog.app.ioTimeSec)} ms, SCV ${/** @type {number} */ (fromLog.app.cpuTimeScv).toFixed(2)}` +
        (fromOne
          ? `; from one wrk connection: cpu ${ms(fromOne.app.cpuTimeSec)} ms, io ${ms(fromOne.app.ioTimeSec)} ms, SCV ${/** @type {number} */ (fromOne.app.cpuTimeScv).toFixed(2)}`
          : ""),
    );
    console.log("  conn  measured X   R ms │ from log: X err  R err │ from 1 conn: X err  R err");
    for (const r of [...same, source].sort((a, b) => a.connections - b.connections)) {
      const a = predict(fromLog, r);
      const ex = a.throughputPerSec / r.throughputPerSec - 1;
      const er = a.meanResponseTimeSec / r.meanLatencySec - 1;
      errors.log.push(ex, er);
      let tail = "";
      if (fromOne && r !== one) {
        const b = predict(fromOne, r);
        const bx = b.throughputPerSec / r.throughputPerSec - 1;
        const br = b.meanResponseTimeSec / r.meanLatencySec - 1;
        errors.single.push(bx, br);
        tail = `${pct(bx).padStart(9)} ${pct(br).padStart(8)}`;
      }
      console.log(
        `  ${String(r.connections).padStart(4)} ${r.throughputPerSec.toFixed(1).padStart(10)} ${ms(r.meanLatencySec).padStart(7)} │ ` +
          `${pct(ex).padStart(12)} ${pct(er).padStart(8)} │ ${tail}`,
      );
    }
  }
  /** @param {number[]} list */
  const worst = (list) => Math.max(...list.map(Math.abs));
  console.log(
    `\nlargest |error| (throughput and mean latency): calibrated from the access log ${pct(worst(errors.log))}` +
      (errors.single.length ? `, from one wrk connection ${pct(worst(errors.single))}` : ""),
  );
}

const memoryRuns = runs.filter(
  (r) => r.server.kind === "gunicorn-gthread" && r.server.processes === 1 && !r.accessLogFile,
);
if (memoryRuns.length >= 3) {
  console.log("\nMemory per thread and per request (one gthread worker, RSS after the run)");
  const samples = memoryRuns.map((r) => {
    const worker = /** @type {Run["processes"][number]} */ (
      r.processes.find((p) => String(p.pid) in r.requestsPerWorker)
    );
    const held = r.workload.memBytes > 0 ? Math.min(r.server.threads, r.connections) : 0;
    console.log(
      `  ${String(r.server.threads).padStart(2)} threads, ${r.workload.name.padEnd(14)} RSS ${(worker.rssBytes / 2 ** 20).toFixed(2)} MiB, peak ${(worker.peakRssBytes / 2 ** 20).toFixed(2)} MiB, ${worker.threads} OS threads`,
    );
    return { threads: r.server.threads, heldRequests: held, rssBytes: worker.rssBytes };
  });
  const fit = fitWorkerMemory({ samples });
  /** @param {number} b */
  const kib = (b) => (b / 1024).toFixed(1);
  const allocated = memoryRuns.find((r) => r.workload.memBytes > 0)?.workload.memBytes ?? 0;
  console.log(
    `  fitWorkerMemory: base ${(fit.baseBytes / 2 ** 20).toFixed(2)} MiB, per thread ${kib(fit.perThreadBytes)} ± ${kib(fit.standardErrorBytes.perThread)} KiB, ` +
      `per request held ${kib(fit.perRequestBytes)} ± ${kib(fit.standardErrorBytes.perRequest)} KiB (the application allocates ${kib(allocated)} KiB)`,
  );
}
