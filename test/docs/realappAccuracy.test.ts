import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "prettier";
import { describe, expect, it } from "vitest";

// docs/realapp-accuracy.md and data/realapp-2026-12-03-predictions.json are the output of
// lab/apps/accuracy.mjs (`npm run realapp:accuracy`), so that every figure of the page and of
// notebook 09 is computed from the committed data set. The script runs on the built library:
// `npm test` builds dist/ first.
describe("docs/realapp-accuracy.md", () => {
  it("is what lab/apps/accuracy.mjs prints from the real application's data set", async () => {
    const root = join(import.meta.dirname, "..", "..");
    const json = join(root, "data", "realapp-2026-12-03-predictions.json");
    const scratch = mkdtempSync(join(tmpdir(), "pywebperf-realapp-"));
    const fresh = join(scratch, "predictions.json");
    try {
      const r = spawnSync(
        process.execPath,
        [
          join(root, "lab", "apps", "accuracy.mjs"),
          join(root, "data", "realapp-2026-12-03.jsonl"),
          "--json",
          fresh,
        ],
        { encoding: "utf8", maxBuffer: 64 * 2 ** 20 },
      );
      expect(r.stderr).toBe("");
      const printed = await format(r.stdout, { parser: "markdown", printWidth: 100 });
      expect(printed).toBe(readFileSync(join(root, "docs", "realapp-accuracy.md"), "utf8"));
      // The predictions notebook 09 reads are the same run's.
      expect(readFileSync(fresh, "utf8")).toBe(readFileSync(json, "utf8"));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 600_000);
});
