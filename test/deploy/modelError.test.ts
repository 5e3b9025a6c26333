import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MODEL_ERROR_90 } from "../../src/index.js";

// MODEL_ERROR_90 is what scripts/model-error.mjs computes from the lab's data set 2 (it runs the
// lab report on the built library: `npm test` builds dist/ first).
describe("MODEL_ERROR_90", () => {
  it("is the 90th percentile of the model's errors on the lab's data set 2", () => {
    const script = join(import.meta.dirname, "..", "..", "scripts", "model-error.mjs");
    const r = spawnSync(process.execPath, [script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    const measured = JSON.parse(r.stdout);
    expect(measured.runs).toBe(100);
    expect({
      throughputPerSec: measured.throughputPerSec,
      meanResponseTimeSec: measured.meanResponseTimeSec,
      p99Sec: measured.p99Sec,
    }).toEqual(MODEL_ERROR_90);
  }, 600_000);
});
