import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import { describe, expect, it } from "vitest";

// docs/lab-accuracy.md is the output of scripts/lab-accuracy.mjs (formatted by prettier), so that
// every figure of the guide is computed from the lab's data set 2 and none is typed in. The script
// runs on the built library: `npm test` builds dist/ first.
describe("docs/lab-accuracy.md", () => {
  it("is what scripts/lab-accuracy.mjs prints from data set 2", async () => {
    const root = join(import.meta.dirname, "..", "..");
    const r = spawnSync(process.execPath, [join(root, "scripts", "lab-accuracy.mjs")], {
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
    });
    expect(r.stderr).toBe("");
    const printed = await format(r.stdout, { parser: "markdown", printWidth: 100 });
    expect(printed).toBe(readFileSync(join(root, "docs", "lab-accuracy.md"), "utf8"));
  }, 600_000);
});
