import { describe, expect, it } from "vitest";
import { committed, runReport } from "./scriptReport.js";

// docs/overload-accuracy.md is the output of scripts/overload-accuracy.mjs
// (`npm run overload:accuracy`) on the committed overload lab data, so that every figure of the
// page is computed from data/overload-2026-12-03.jsonl.gz, -04-timeout.jsonl.gz and
// -04-keepalive.jsonl.gz by the models as they are; so is
// data/overload-2026-12-03-predictions.json, which notebook 11 reads. The script runs on the
// built library: `npm test` builds dist/ first.
describe("docs/overload-accuracy.md", () => {
  it("is what scripts/overload-accuracy.mjs prints from the overload lab's data set", async () => {
    const r = await runReport("scripts/overload-accuracy.mjs", [
      "data/overload-2026-12-03.jsonl.gz",
      "data/overload-2026-12-04-timeout.jsonl.gz",
      "data/overload-2026-12-04-keepalive.jsonl.gz",
    ]);
    expect(r.stderr).toBe("");
    expect(r.page).toBe(committed("docs/overload-accuracy.md"));
    // The predictions notebook 11 reads are the same run's.
    expect(r.predictions).toBe(committed("data/overload-2026-12-03-predictions.json"));
  }, 600_000);
});
