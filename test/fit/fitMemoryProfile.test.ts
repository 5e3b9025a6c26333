import { describe, expect, it } from "vitest";
import { fitMemoryProfile, memoryBudget, MiB, ModelInputError } from "../../src/index.js";
import { relErr } from "../helpers.js";

describe("fitMemoryProfile", () => {
  it("shared part from RSS − PSS = s·P/(P + 1) (worked by hand)", () => {
    // 4 workers, RSS 25 MiB, PSS 8 MiB: s = 17 × 5/4 = 21.25 MiB, 0.85 of min(master 29, worker 25).
    const fit = fitMemoryProfile({
      workers: 4,
      workerRssBytes: MiB(25),
      workerPssBytes: MiB(8),
      masterRssBytes: MiB(29),
    });
    expect(relErr(fit.sharedBytes, MiB(21.25))).toBeLessThan(1e-15);
    expect(relErr(fit.memory.sharedAfterForkFraction!, 0.85)).toBeLessThan(1e-15);
    expect(fit.memory.processBaseBytes).toBe(MiB(25));
    expect(fit.memory.interpreterBytes).toBe(MiB(29));
  });

  it("memoryBudget with the fitted profile gives back the measured worker RSS and PSS", () => {
    const measured = {
      workers: 2,
      workerRssBytes: MiB(24.9),
      workerPssBytes: MiB(10.5),
      masterRssBytes: MiB(28.8),
    };
    const fit = fitMemoryProfile(measured);
    const b = memoryBudget({
      memory: { ...fit.memory, perThreadBytes: 0, perRequestBytes: 0 },
      processes: 2,
      machine: { memoryBytes: MiB(8192) },
    });
    expect(relErr(b.worker.rssBytes, MiB(24.9))).toBeLessThan(1e-12);
    expect(relErr(b.worker.pssBytes, MiB(10.5))).toBeLessThan(1e-12);
  });

  it("rejects a PSS above the RSS and missing fields, naming them", () => {
    expect(() =>
      fitMemoryProfile({
        workers: 1,
        workerRssBytes: MiB(10),
        workerPssBytes: MiB(11),
        masterRssBytes: MiB(10),
      }),
    ).toThrow(/workerPssBytes/);
    expect(() => fitMemoryProfile({ workers: 0 } as never)).toThrow(ModelInputError);
  });
});
