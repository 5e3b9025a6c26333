import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { memoryBudget, MiB, ModelInputError } from "../../src/index.js";
import { relErr } from "../helpers.js";

const machine = { memoryBytes: MiB(4096), reservedBytes: MiB(512) };
const memory = {
  processBaseBytes: MiB(100),
  interpreterBytes: MiB(10),
  perThreadBytes: MiB(0.5),
  perRequestBytes: MiB(2),
  sharedAfterForkFraction: 0.5,
  sharedAfterPreloadFraction: 0.6,
  growthPerRequestBytes: 0,
};

describe("memoryBudget (hand-computed cases)", () => {
  it("without preload: workers share the master's interpreter pages (fₖ·I), nothing of the app", () => {
    // 4 workers × 2 threads, 6 requests in flight; shared = 0.5 × 10 = 5 MiB among 5 processes;
    // worker private = 100 − 5 + 2·0.5 + 1.5·2 = 99 MiB, RSS 104, PSS 99 + 1 = 100.
    const b = memoryBudget({ memory, processes: 4, threadsPerProcess: 2, inFlight: 6, machine });
    expect(b.worker.sharedBytes).toBe(MiB(5));
    expect(b.worker.rssBytes).toBe(MiB(104));
    expect(relErr(b.worker.pssBytes, MiB(100))).toBeLessThan(1e-15);
    expect(b.master.rssBytes).toBe(MiB(10));
    expect(relErr(b.master.pssBytes, MiB(5 + 1))).toBeLessThan(1e-15);
    // Physical use: master private 5 + shared 5 + 4 × 99 = 406 MiB; ps sums 10 + 4 × 104 = 426.
    expect(relErr(b.totalPssBytes, MiB(406))).toBeLessThan(1e-15);
    expect(b.totalRssBytes).toBe(MiB(426));
    expect(b.availableBytes).toBe(MiB(3584));
    expect(b.fits).toBe(true);
  });

  it("without a master process nothing is shared: RSS = PSS", () => {
    const b = memoryBudget({
      memory,
      processes: 4,
      threadsPerProcess: 2,
      inFlight: 6,
      masterProcess: false,
      machine,
    });
    expect(b.worker.pssBytes).toBe(MiB(104));
    expect(b.master.rssBytes).toBe(0);
    expect(b.totalPssBytes).toBe(MiB(4 * 104));
    expect(b.totalRssBytes).toBe(b.totalPssBytes);
  });

  it("with preload: the application's pages are shared too (Linux proc.rst's PSS rule)", () => {
    // shared = 0.5 × 10 + 0.6 × 90 = 59 MiB among 5 processes; worker private = 41 + 1 + 3 = 45 MiB.
    const b = memoryBudget({
      memory,
      processes: 4,
      threadsPerProcess: 2,
      inFlight: 6,
      preload: true,
      machine,
    });
    // 0.6 has no exact binary form: 0.6 × 90 MiB is 54 MiB up to one rounding.
    expect(relErr(b.worker.sharedBytes, MiB(59))).toBeLessThan(1e-15);
    expect(b.worker.rssBytes).toBe(MiB(104));
    expect(relErr(b.worker.pssBytes, MiB(45 + 11.8))).toBeLessThan(1e-15);
    expect(b.master.rssBytes).toBe(MiB(100));
    expect(relErr(b.master.pssBytes, MiB(41 + 11.8))).toBeLessThan(1e-15);
    // Physical use: master private 41 + shared 59 + 4 × 45 = 280 MiB; summing ps shows 100 + 4·104.
    expect(relErr(b.totalPssBytes, MiB(280))).toBeLessThan(1e-14);
    expect(b.totalRssBytes).toBe(MiB(516));
    expect(relErr(b.totalPssBytes, b.master.pssBytes + 4 * b.worker.pssBytes)).toBeLessThan(1e-14);
  });

  it("growth per request: recycling bounds it; without recycling the peak is unbounded", () => {
    const leaky = { ...memory, growthPerRequestBytes: MiB(0.1) };
    const recycled = memoryBudget({
      memory: leaky,
      processes: 2,
      maxRequestsPerProcess: 1000,
      machine,
    });
    // Average age 500 requests: +50 MiB; peak at 1000: +100 MiB.
    // 0.1 MiB is not a whole number of bytes: the growth is exact up to the rounding of products.
    expect(relErr(recycled.worker.rssBytes, MiB(100 + 0.5 + 2 + 50))).toBeLessThan(1e-15);
    expect(relErr(recycled.peakWorkerRssBytes, MiB(100 + 0.5 + 2 + 100))).toBeLessThan(1e-15);
    const never = memoryBudget({ memory: leaky, processes: 2, machine });
    expect(never.peakWorkerRssBytes).toBe(Infinity);
    expect(never.fits).toBe(false);
    expect(never.swaps).toBe(true);
  });

  it("reports a configuration that would swap", () => {
    const b = memoryBudget({ memory, processes: 40, machine });
    // 10 + 40 × 102.5 = 4110 MiB > 3584 MiB available.
    expect(b.swaps).toBe(true);
    expect(b.fits).toBe(false);
  });
});

describe("memoryBudget properties", () => {
  it("Σ PSS ≤ Σ RSS; preload never uses more memory; more processes use more", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 32 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 500, noNaN: true }),
        (processes, threadsPerProcess, sharedAfterPreloadFraction, baseMiB) => {
          const m = { ...memory, sharedAfterPreloadFraction, processBaseBytes: MiB(baseMiB) };
          const plain = memoryBudget({ memory: m, processes, threadsPerProcess, machine });
          const pre = memoryBudget({
            memory: m,
            processes,
            threadsPerProcess,
            preload: true,
            machine,
          });
          const more = memoryBudget({
            memory: m,
            processes: processes + 1,
            threadsPerProcess,
            machine,
          });
          expect(pre.totalPssBytes).toBeLessThanOrEqual(pre.totalRssBytes * (1 + 1e-12));
          expect(pre.totalPssBytes).toBeLessThanOrEqual(
            plain.totalPssBytes + m.processBaseBytes - m.interpreterBytes + 1e-6,
          );
          expect(more.totalPssBytes).toBeGreaterThan(plain.totalPssBytes);
        },
      ),
    );
  });
});

describe("memoryBudget bad input", () => {
  it.each([
    [{ processes: 0, machine }, /`processes`/],
    [{ processes: 1, threadsPerProcess: 0.5, machine }, /`threadsPerProcess`/],
    [{ processes: 1, inFlight: -1, machine }, /`inFlight`/],
    [{ processes: 1, preload: "yes", machine }, /`preload`/],
    [{ processes: 1, maxRequestsPerProcess: 0, machine }, /`maxRequestsPerProcess`/],
    [{ processes: 1, machine: { memoryBytes: 0 } }, /`machine\.memoryBytes`/],
    [{ processes: 1, machine: { memoryBytes: 1, reservedBytes: -1 } }, /`machine\.reservedBytes`/],
    [{ processes: 1, headroomFraction: 1.5, machine }, /`headroomFraction`/],
    [{ processes: 1, memory: { processBaseBytes: -1 }, machine }, /`memory\.processBaseBytes`/],
    [
      { processes: 1, memory: { sharedAfterPreloadFraction: 2 }, machine },
      /`memory\.sharedAfterPreloadFraction` must be a number in \[0, 1\]/,
    ],
    [{ processes: 1 }, /memoryBudget: `machine` must be an object/],
  ])("%#", (input, message) => {
    expect(() => memoryBudget(input as never)).toThrow(ModelInputError);
    expect(() => memoryBudget(input as never)).toThrow(message);
  });
});
