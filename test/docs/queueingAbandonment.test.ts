import { readFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import { describe, expect, it } from "vitest";
import { mmcAbandonment, mmcTimeout, type AbandonmentResult } from "../../src/index.js";

// The example table of docs/queueing.md ("Past capacity: requests that give up") is computed
// here, so that none of its figures is typed in: 8 sync workers of 50 ms (160 req/s), clients
// that give up after 5 s of queueing, on average (exponential) or exactly (a fixed timeout).
function abandonmentTable(): string {
  const row = (rate: number, patience: string, q: AbandonmentResult): string => {
    const p = q.abandonmentProbability;
    const share = p < 1e-5 ? "< 0.001 %" : `${(100 * p).toPrecision(3)} %`;
    const queue =
      q.meanQueueLength < 10 ? q.meanQueueLength.toFixed(2) : q.meanQueueLength.toFixed(0);
    const cells = [
      rate,
      patience,
      share,
      q.throughputPerSec.toFixed(1),
      q.meanWaitServedSec.toFixed(3),
      queue,
    ];
    return `| ${cells.join(" | ")} |`;
  };
  const lines = [
    "| λ (req/s) | patience | gives up | goodput (req/s) | wait of the served (s) | queue |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const rate of [128, 160, 240, 320]) {
    const input = { arrivalRatePerSec: rate, serviceTimeSec: 0.05, servers: 8 };
    lines.push(row(rate, "exponential, mean 5 s", mmcAbandonment({ ...input, patienceSec: 5 })));
    lines.push(row(rate, "fixed 5 s", mmcTimeout({ ...input, timeoutSec: 5 })));
  }
  return lines.join("\n") + "\n";
}

describe("docs/queueing.md", () => {
  it("shows the abandonment table the models compute", async () => {
    const table = await format(abandonmentTable(), { parser: "markdown", printWidth: 100 });
    const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "queueing.md"), "utf8");
    expect(doc).toContain(table);
  });
});
