// The model's own error against real servers, for the prediction intervals of `pywebperf check`:
// the 90th percentile of |predicted/measured − 1| of throughput, mean and p99 latency over the
// lab's 100 loaded runs of data set 2 (gunicorn sync/gthread/gevent, mod_wsgi, uWSGI × five
// workloads; each group calibrated on its own single-connection run by scripts/lab-report.mjs).
// src/deploy/modelError.ts holds the figures this prints; test/deploy/modelError.test.ts checks
// that they agree.
//
//   npm run build && node scripts/model-error.mjs [data/lab-2026-11-27-2.jsonl]
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const data = process.argv[2] ?? join(here, "..", "data", "lab-2026-11-27-2.jsonl");
const report = spawnSync(process.execPath, [join(here, "lab-report.mjs"), data, "--json"], {
  encoding: "utf8",
  maxBuffer: 64 * 2 ** 20,
});
if (report.status !== 0) throw new Error(report.stderr);
/** @typedef {{ x: number; r: number; p99: number }} Errors of throughput, mean and p99 latency */
/** @type {{ spoiled: boolean; error: Errors }[]} lab-report's rows */
const rows = JSON.parse(report.stdout).filter(
  (/** @type {{ spoiled: boolean }} */ r) => !r.spoiled,
);
/** @param {(e: Errors) => number} pick */
const q90 = (pick) => {
  const v = rows.map((r) => Math.abs(pick(r.error))).sort((a, b) => a - b);
  return Number(/** @type {number} */ (v[Math.floor(0.9 * v.length)]).toFixed(4));
};
console.log(
  JSON.stringify({
    runs: rows.length,
    throughputPerSec: q90((e) => e.x),
    meanResponseTimeSec: q90((e) => e.r),
    p99Sec: q90((e) => e.p99),
  }),
);
