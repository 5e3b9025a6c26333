import { describe, expect, it } from "vitest";
import { maxProcesses, memoryBudget, MiB } from "../../src/index.js";

// maxProcesses: the most processes memoryBudget says fit.

const machine = { memoryBytes: MiB(2048), reservedBytes: MiB(256) };
const memory = {
  processBaseBytes: MiB(80),
  interpreterBytes: MiB(12),
  perThreadBytes: MiB(1),
  perRequestBytes: MiB(3),
  sharedAfterForkFraction: 0.4,
  sharedAfterPreloadFraction: 0.7,
};

describe("maxProcesses", () => {
  it("is the boundary of fits", () => {
    for (const threadsPerProcess of [1, 4, 16]) {
      for (const preload of [false, true]) {
        const p = maxProcesses({ memory, threadsPerProcess, preload, machine });
        expect(p).toBeGreaterThan(0);
        expect(
          memoryBudget({ memory, processes: p, threadsPerProcess, preload, machine }).fits,
        ).toBe(true);
        expect(
          memoryBudget({ memory, processes: p + 1, threadsPerProcess, preload, machine }).fits,
        ).toBe(false);
      }
    }
    expect(maxProcesses({ memory: { processBaseBytes: MiB(8000) }, machine })).toBe(0);
  });
});
