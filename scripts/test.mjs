// The README's test command, after `npm run lint` and `npm run build` (run by `pretest`):
// 1. every vitest suite — unit, property, reference, snapshot, doc-example and CLI tests;
// 2. every notebook, executed headless with the tslab kernel through Debian's Jupyter;
// 3. the lab's smoke run: a real gunicorn under wrk, calibrated and predicted (scripts/lab-smoke.mjs);
// 4. the documentation site (typedoc, warnings as errors, with the executed notebooks).
// Ends with one line `N passed, N failed` that CI reads: vitest's tests, one per notebook, one for
// the lab smoke run, one for the docs build. Exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;

mkdirSync(".test-results", { recursive: true });
const report = ".test-results/vitest.json";
const vitest = spawnSync(
  process.execPath,
  [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${report}`,
  ],
  { stdio: "inherit" },
);
try {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  if (vitest.status !== 0 && json.numFailedTests === 0) failed += 1; // e.g. a suite failed to load
} catch {
  failed += 1; // no report: vitest did not run
}

const notebooks = spawnSync("/usr/bin/python3", ["scripts/run_notebooks.py"], { encoding: "utf8" });
process.stdout.write(notebooks.stdout ?? "");
process.stderr.write(notebooks.stderr ?? "");
const counts = /notebooks: (\d+) passed, (\d+) failed/.exec(notebooks.stdout ?? "");
if (counts) {
  passed += Number(counts[1]);
  failed += Number(counts[2]);
} else {
  console.error(
    "test: the notebook runner did not report (is Debian's Jupyter installed? run scripts/setup.sh)",
  );
  failed += 1;
}

// The lab's smoke run against a real server (installed by scripts/setup.sh through lab/setup.sh).
const smoke = spawnSync(process.execPath, ["scripts/lab-smoke.mjs"], { stdio: "inherit" });
if (smoke.status === 0) passed += 1;
else failed += 1;

const docs = spawnSync(process.execPath, ["scripts/docs.mjs"], { stdio: "inherit" });
if (docs.status === 0) passed += 1;
else failed += 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
