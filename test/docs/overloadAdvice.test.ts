import { readFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import { describe, expect, it } from "vitest";
import { GiB, overloadAdvice } from "../../src/index.js";

// The example of docs/queueing.md ("A deployment past capacity") is computed here, so that none
// of its figures is typed in: four gunicorn sync workers of 100 ms (40 req/s) at 30 req/s,
// clients that give up after 5 s and retry 3 times, under 2× and 5× spikes of 30 s.
function adviceExample() {
  return overloadAdvice({
    deployment: { server: "gunicorn", workers: 4 },
    app: { cpuTimeSec: 0.1, ioTimeSec: 0 },
    machine: { cores: 4, memoryBytes: GiB(8) },
    load: { arrivalRatePerSec: 30 },
    overload: { clientTimeoutSec: 5, maxRetries: 3 },
  });
}

function adviceTable(): string {
  const advice = adviceExample();
  const pct = (x: number) => `${Math.round(100 * x)} %`;
  const lines = [
    "| gunicorn | 2×: goodput (req/s) | refused | late | drained after | 5×: goodput (req/s) | refused | late | drained after |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const o of advice.options.filter((x) => x.settings.timeout === 30)) {
    const cells = o.spikes.flatMap((s) => [
      s.goodputPerSec.toFixed(1),
      pct(s.refusedShare),
      pct(s.timedOutShare),
      `${s.recoverySec.toFixed(1)} s`,
    ]);
    lines.push(`| \`${o.flags}\`${o.current ? " (default)" : ""} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}

describe("docs/queueing.md", () => {
  const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "queueing.md"), "utf8");

  it("shows the advice table overloadAdvice computes", async () => {
    const table = await format(adviceTable(), { parser: "markdown", printWidth: 100 });
    expect(doc).toContain(table);
  });

  it("quotes overloadAdvice's words", () => {
    for (const line of adviceExample().words) expect(doc).toContain(line);
  });
});
