import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ModelInputError, spikeTransient } from "../../src/index.js";
import { relErr, thrown } from "../helpers.js";

const example = {
  arrivalRatePerSec: 60,
  spikeFactor: 3,
  spikeDurationSec: 30,
  serviceTimeSec: 0.1,
  servers: 8,
  backlog: 2049,
  clientTimeoutSec: 10,
};

describe("spikeTransient", () => {
  // By hand: cμ = 80, λh = 180: fills at 100/s, full at 20.49 s, 100/s refused for 9.51 s;
  // drains at 20/s from 2049: 102.45 s. Late once more than (10 − 0.1)·80 = 792 wait: from
  // 7.92 s, 180/s until 20.49 s and 80/s after; then 60/s until the queue is back to 792.
  it("the worked example", () => {
    const t = spikeTransient(example);
    expect(relErr(t.backlogFullAtSec, 20.49)).toBeLessThan(1e-12);
    expect(relErr(t.refused, 951)).toBeLessThan(1e-12);
    expect(relErr(t.recoverySec, 102.45)).toBeLessThan(1e-12);
    expect(t.peakQueue).toBe(2049);
    const late = 180 * (20.49 - 7.92) + 80 * (30 - 20.49) + (60 * (2049 - 792)) / 20;
    expect(relErr(t.timedOut, late)).toBeLessThan(1e-12);
    expect(relErr(t.lateFromSec, 7.92)).toBeLessThan(1e-12);
    expect(relErr(t.queueAt(t.lateFromSec), 792)).toBeLessThan(1e-12);
    // A timeout the backlog cannot reach: (30 − 0.1)·80 = 2392 > 2049.
    expect(spikeTransient({ ...example, clientTimeoutSec: 30 }).lateFromSec).toBe(Infinity);
    expect(t.queueAt(-1)).toBe(0);
    expect(relErr(t.queueAt(10), 1000)).toBeLessThan(1e-12);
    expect(t.queueAt(30 + 102.45 + 1)).toBe(0);
  });

  it("a spike within capacity leaves nothing; a load past capacity never recovers", () => {
    const small = spikeTransient({ ...example, spikeFactor: 1.2 });
    expect([small.peakQueue, small.refused, small.timedOut, small.recoverySec]).toEqual([
      0, 0, 0, 0,
    ]);
    expect(small.backlogFullAtSec).toBe(Infinity);
    const over = spikeTransient({ ...example, arrivalRatePerSec: 90, spikeFactor: 1 });
    expect(over.recoverySec).toBe(Infinity);
    expect(over.timedOut).toBe(Infinity);
  });

  it("conservation and bounds over random inputs", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.double({ min: 0.1, max: 600, noNaN: true }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.option(fc.double({ min: 0.01, max: 60, noNaN: true }), { nil: undefined }),
        (rho, h, spikeSec, c, backlog, timeout) => {
          const input = {
            arrivalRatePerSec: (rho * c) / 0.1,
            spikeFactor: h,
            spikeDurationSec: spikeSec,
            serviceTimeSec: 0.1,
            servers: c,
            backlog,
            ...(timeout === undefined ? {} : { clientTimeoutSec: timeout }),
          };
          const t = spikeTransient(input);
          expect(t.peakQueue).toBeGreaterThanOrEqual(0);
          expect(t.peakQueue).toBeLessThanOrEqual(backlog);
          expect(t.queueAt(spikeSec)).toBe(t.peakQueue);
          expect(t.refused).toBeGreaterThanOrEqual(0);
          expect(t.timedOut).toBeGreaterThanOrEqual(0);
          // Arrivals are late from lateFromSec on: some are when the spike outlasts it.
          expect(t.lateFromSec).toBeGreaterThanOrEqual(0);
          if (t.lateFromSec < spikeSec && rho > 1e-100) expect(t.timedOut).toBeGreaterThan(0);
          if (timeout === undefined) expect(t.lateFromSec).toBe(Infinity);
          if (t.recoverySec === Infinity) return;
          // What arrives until recovery is refused, or admitted and served by cμ while busy,
          // plus what the queue held: the fluid balance. Everything is finite and not NaN.
          const admitted = t.arrivals - t.refused;
          expect(admitted).toBeGreaterThanOrEqual(-1e-9 * t.arrivals);
          expect(t.timedOut).toBeLessThanOrEqual(admitted * (1 + 1e-12) + 1e-9);
          expect(Math.abs(t.queueAt(spikeSec + t.recoverySec))).toBeLessThanOrEqual(
            1e-9 * Math.max(1, t.peakQueue),
          );
          // Busy from 0 to the end of the drain whenever a queue formed: completions cμ·(L + recovery).
          if (t.peakQueue > 0) {
            const served = t.capacityPerSec * (spikeSec + t.recoverySec);
            expect(relErr(admitted, served)).toBeLessThan(1e-9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("names the bad field", () => {
    for (const [field, value] of [
      ["arrivalRatePerSec", -1],
      ["spikeFactor", 0.5],
      ["spikeFactor", Infinity],
      ["spikeDurationSec", 0],
      ["servers", 0],
      ["backlog", 1.5],
      ["clientTimeoutSec", 0],
    ] as const) {
      expect(
        thrown(ModelInputError, () => spikeTransient({ ...example, [field]: value })).field,
      ).toBe(field);
    }
    expect(() => spikeTransient({ ...example, height: 3 } as never)).toThrow(/`height`/);
    expect(() => spikeTransient(example).queueAt(Number.NaN)).toThrow(/`tSec`/);
  });
});
