// The README's test command (after `npm run lint` and `npm run build`, run by `pretest`):
// every vitest suite — unit, property, reference, doc-example and CLI tests — then one summary
// line `N passed, N failed` that CI reads. vitest's exit status is kept.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";

mkdirSync(".test-results", { recursive: true });
const report = ".test-results/vitest.json";
const run = spawnSync(
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
let passed = 0;
let failed = 1;
try {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed = json.numPassedTests;
  failed = json.numFailedTests + (run.status === 0 ? 0 : json.numFailedTests === 0 ? 1 : 0);
} catch {
  // No report: vitest did not run; count it as one failure.
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status ?? 1);
