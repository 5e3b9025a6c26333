import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import { describe, expect, it } from "vitest";

// docs/dispatch-accuracy.md is the output of scripts/dispatch-report.mjs (`npm run
// dispatch:report`), so that every figure of the page is computed from the committed data set.
// The script runs on the built library: `npm test` builds dist/ first.
describe("docs/dispatch-accuracy.md", () => {
  it("is what scripts/dispatch-report.mjs prints from the dispatch lab's data sets", async () => {
    const root = join(import.meta.dirname, "..", "..");
    const r = spawnSync(
      process.execPath,
      [
        join(root, "scripts", "dispatch-report.mjs"),
        join(root, "data", "dispatch-2026-12-03.jsonl"),
        join(root, "data", "dispatch-2026-12-03-exp.jsonl"),
      ],
      { encoding: "utf8", maxBuffer: 64 * 2 ** 20 },
    );
    expect(r.stderr).toBe("");
    const printed = await format(r.stdout, { parser: "markdown", printWidth: 100 });
    expect(printed).toBe(readFileSync(join(root, "docs", "dispatch-accuracy.md"), "utf8"));
  }, 600_000);
});
