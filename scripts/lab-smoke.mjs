// The lab's smoke run, part of `npm test`: one real server (gunicorn, 2 sync workers, the mixed
// workload) under wrk with 1 and 4 connections, 2 s each (lab/run.mjs --grid smoke). Checks that
// every run recorded requests, latencies and CPU, and that the model calibrated on the
// one-connection run predicts the four-connection throughput within 20 % (measured error on the
// full data set: about 1 % for sync workers). Exit status 0 when all of that holds.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { evaluateDeployment, fitAppProfile } from "../dist/index.js";
import { labRunQuestion } from "../dist/fit/labRunQuestion.js";
import { labSingleClientFit } from "../dist/fit/labSingleClientFit.js";

const out = ".test-results/lab-smoke.jsonl";
rmSync(out, { force: true });
const run = spawnSync(process.execPath, ["lab/run.mjs", "--grid", "smoke", "--out", out], {
  stdio: "inherit",
  timeout: 180_000,
});
/** @type {(why: string) => never} */
const fail = (why) => {
  console.error(`lab smoke: FAILED — ${why}`);
  process.exit(1);
};
if (run.status !== 0) fail(`lab/run.mjs exited with ${run.status ?? run.signal}`);
/** @type {any[]} one parsed JSON record per run */
let runs;
try {
  runs = readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
} catch (e) {
  fail(`no data (${/** @type {Error} */ (e).message})`);
}
if (runs.length !== 2) fail(`expected 2 runs, got ${runs.length}`);
for (const r of runs) {
  const fields = [r.throughputPerSec, r.meanLatencySec, r.p99LatencySec, r.workerCpuSecPerRequest];
  if (!(r.requests > 20) || !fields.every((v) => Number.isFinite(v) && v > 0)) {
    fail(`run with ${r.connections} connections recorded ${r.requests} requests, fields ${fields}`);
  }
}
const [one, four] = runs;
const fit = fitAppProfile(labSingleClientFit(one));
const predicted = evaluateDeployment(labRunQuestion(four, fit.app)).throughputPerSec;
const error = predicted / four.throughputPerSec - 1;
const verdict = `predicted ${predicted.toFixed(1)} req/s at 4 connections, measured ${four.throughputPerSec.toFixed(1)} (${(error * 100).toFixed(1)} %)`;
if (four.spoiled || one.spoiled) {
  console.log(`lab smoke: ok — ${verdict}; other load on the machine spoiled a run, so not judged`);
} else if (Math.abs(error) > 0.2) {
  fail(verdict);
} else {
  console.log(`lab smoke: ok — ${verdict}`);
}
