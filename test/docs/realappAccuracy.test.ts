import { describe, expect, it } from "vitest";
import { committed, runReport } from "./scriptReport.js";

// docs/realapp-accuracy.md and data/realapp-2026-12-03-predictions.json are the output of
// lab/apps/accuracy.mjs (`npm run realapp:accuracy`), so that every figure of the page and of
// notebook 09 is computed from the committed data set. The script runs on the built library:
// `npm test` builds dist/ first.
describe("docs/realapp-accuracy.md", () => {
  it("is what lab/apps/accuracy.mjs prints from the real application's data set", async () => {
    const r = await runReport("lab/apps/accuracy.mjs", "data/realapp-2026-12-03.jsonl");
    expect(r.stderr).toBe("");
    expect(r.page).toBe(committed("docs/realapp-accuracy.md"));
    // The predictions notebook 09 reads are the same run's.
    expect(r.predictions).toBe(committed("data/realapp-2026-12-03-predictions.json"));
  }, 600_000);
});
