import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import { describe, expect, it } from "vitest";
import type { AcceptRace } from "../../src/dispatch/acceptRace.js";
import { LAB_RACE, LAB_RACE_BEHIND_NGINX_KEEPALIVE } from "../../src/dispatch/labRaces.js";

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

  it("fits the races the library carries (src/dispatch/labRaces.ts)", () => {
    const page = readFileSync(
      join(import.meta.dirname, "..", "..", "docs", "dispatch-accuracy.md"),
      "utf8",
    );
    const section = page
      .split("## The accept race fitted per way of accepting")[1]!
      .split("## ")[0]!;
    const row = (server: string): AcceptRace => {
      const cells = section
        .split("\n")
        .find((l) => l.startsWith(`| ${server} `))!
        .split("|")
        .map((c) => c.trim());
      const num = (c: string) => (c === "∞" ? Infinity : Number(c));
      return {
        takeAllProbability: num(cells[3]!),
        headStartConnections: num(cells[4]!),
        affinity: num(cells[5]!),
        balance: num(cells[6]!),
      };
    };
    const ways = [
      ["gunicorn-gthread", "gthread"],
      ["gunicorn-gevent", "gevent"],
      ["uvicorn", "asyncio"],
    ] as const;
    for (const [server, way] of ways) {
      expect(row(server)).toEqual(LAB_RACE[way]);
      expect(row(`nginx-keepalive+${server}`)).toEqual(LAB_RACE_BEHIND_NGINX_KEEPALIVE[way]);
    }
  });
});
