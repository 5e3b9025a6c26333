import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import { describe, expect, it } from "vitest";

// docs/overload-accuracy.md is the output of scripts/overload-accuracy.mjs
// (`npm run overload:accuracy`) on the committed overload lab data, so that every figure of the
// page is computed from data/overload-2026-12-03.jsonl.gz by the models as they are. The script
// runs on the built library: `npm test` builds dist/ first.
describe("docs/overload-accuracy.md", () => {
  it("is what scripts/overload-accuracy.mjs prints from the overload lab's data set", async () => {
    const root = join(import.meta.dirname, "..", "..");
    const r = spawnSync(
      process.execPath,
      [
        join(root, "scripts", "overload-accuracy.mjs"),
        join(root, "data", "overload-2026-12-03.jsonl.gz"),
      ],
      { encoding: "utf8", maxBuffer: 64 * 2 ** 20 },
    );
    expect(r.stderr).toBe("");
    const printed = await format(r.stdout, { parser: "markdown", printWidth: 100 });
    expect(printed).toBe(readFileSync(join(root, "docs", "overload-accuracy.md"), "utf8"));
  }, 600_000);
});
