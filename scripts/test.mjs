// The README's test command, after `npm run lint` and `npm run build` (run by `pretest`):
// 1. every vitest suite — unit, property, reference, snapshot, doc-example, CLI and browser tests — with
//    the property tests' seed from FAST_CHECK_SEED (CI fixes it) or drawn and printed;
// 2. the property-test files again with a fresh random seed, printed so that a failure can be
//    replayed (`FAST_CHECK_SEED=<seed> npx vitest run <file>`): a property must hold for any seed;
// 3. every notebook, executed headless with the tslab kernel through Debian's Jupyter;
// 4. the lab's smoke run: a real gunicorn under wrk, calibrated and predicted (scripts/lab-smoke.mjs);
// 5. the real application's smoke run: Django and FastAPI on PostgreSQL and memcached (lab/apps/smoke.mjs);
// 6. the documentation site (typedoc, warnings as errors, with the executed notebooks).
// Ends with one line `N passed, N failed` that CI reads: vitest's tests (both passes), one per
// notebook, one for each smoke run, one for the docs build. Exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

let passed = 0;
let failed = 0;

mkdirSync(".test-results", { recursive: true });

/**
 * Runs vitest on `files` (all when empty) with a property seed; adds its counts.
 * @param {string} label
 * @param {number} seed
 * @param {string[]} files
 */
function vitest(label, seed, files) {
  const report = `.test-results/vitest-${label}.json`;
  console.log(`test: vitest (${label}) with FAST_CHECK_SEED=${seed}`);
  const run = spawnSync(
    process.execPath,
    [
      "node_modules/vitest/vitest.mjs",
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${report}`,
      ...files,
    ],
    { stdio: "inherit", env: { ...process.env, FAST_CHECK_SEED: String(seed) } },
  );
  try {
    const json = JSON.parse(readFileSync(report, "utf8"));
    passed += json.numPassedTests;
    failed += json.numFailedTests;
    if (run.status !== 0 && json.numFailedTests === 0) failed += 1; // e.g. a suite failed to load
    if (json.numFailedTests > 0 || run.status !== 0) {
      console.error(`test: replay with FAST_CHECK_SEED=${seed} npx vitest run ${files.join(" ")}`);
    }
  } catch {
    failed += 1; // no report: vitest did not run
  }
}

/**
 * The test files that use fast-check.
 * @param {string} dir
 * @returns {string[]}
 */
function propertyTestFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return propertyTestFiles(path);
    return entry.name.endsWith(".test.ts") && readFileSync(path, "utf8").includes("fast-check")
      ? [path]
      : [];
  });
}

const drawSeed = () => randomInt(-(2 ** 31), 2 ** 31);
const given = process.env.FAST_CHECK_SEED;
vitest("all", given !== undefined && given !== "" ? Number(given) : drawSeed(), []);
vitest("random-seed", drawSeed(), propertyTestFiles("test"));

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

// The real application (Django and FastAPI on PostgreSQL and memcached, installed by
// scripts/setup.sh through lab/apps/setup.sh): 50 requests per endpoint, checked in the answers,
// /metrics and the access log (lab/apps/smoke.mjs, at most 90 s).
const realApp = spawnSync(process.execPath, ["lab/apps/smoke.mjs"], { stdio: "inherit" });
if (realApp.status === 0) passed += 1;
else failed += 1;

const docs = spawnSync(process.execPath, ["scripts/docs.mjs"], { stdio: "inherit" });
if (docs.status === 0) passed += 1;
else failed += 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
