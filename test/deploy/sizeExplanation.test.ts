// What sizeDeployment says when nothing meets the SLO (and the figures it gives when something
// does), worked out by hand.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GiB, sizeDeployment, type SizeDeploymentInput } from "../../src/index.js";
import { relErr } from "../helpers.js";

// 20 ms of CPU per request, one exponential burst, no I/O and free context switches: every kind's
// CPU per request is exactly 20 ms.
const app = { cpuTimeSec: 0.02, ioTimeSec: 0, contextSwitchSec: 0 };
const busy: SizeDeploymentInput = {
  app,
  machine: { cores: 4, memoryBytes: GiB(8) },
  load: { arrivalRatePerSec: 375 },
  slo: { responseTimeSec: 0.5 },
};

describe("sizeDeployment's explanation", () => {
  const sizing = sizeDeployment(busy);
  const e = sizing.explanation;

  it("375 req/s of 20 ms CPU on 4 cores: 7.5 cores needed, 3 machines", () => {
    expect(sizing.recommended).toBeUndefined();
    expect(e.cpuSecPerRequest).toBe(0.02);
    expect(relErr(e.coresNeeded, 7.5)).toBeLessThan(1e-12); // 375/s × 0.02 s
    expect(e.coresPresent).toBe(4);
    expect(relErr(e.coreUtilizationNeeded, 1.875)).toBeLessThan(1e-12); // 7.5 / 4
    expect(e.maxCoreUtilization).toBe(0.8);
    // 2 machines: 7.5 / 2 = 3.75 cores each = 93.75 % of 4 > 80 %; 3 machines: 2.5 cores each =
    // 62.5 % <= 80 %, and M/M/4 at 125/s × 20 ms = 2.5 erlangs has its p99 far under 0.5 s.
    expect(e.machinesNeeded).toBe(3);
    // One machine needs 7.5 / 0.8 = 9.375 cores: 9 would be 7.5 / 9 = 83.3 % busy, 10 are 75 %.
    expect(e.suggestions).toEqual([{ machines: 3 }, { cores: 10 }]);
    // Every kind saturates: none meets everything but memory, and no SLO is feasible.
    expect(e.memoryNeededBytes).toBeUndefined();
    expect(e.memoryPresentBytes).toBe(GiB(8));
  });

  it("each suggestion, taken alone, makes something feasible", () => {
    expect(sizeDeployment({ ...busy, machines: 3 }).recommended).toBeDefined();
    expect(sizeDeployment({ ...busy, machines: 2 }).recommended).toBeUndefined();
    const cores = (n: number) => ({ ...busy, machine: { cores: n, memoryBytes: GiB(8) } });
    expect(sizeDeployment(cores(10)).recommended).toBeDefined();
    expect(sizeDeployment(cores(9)).recommended).toBeUndefined();
  });

  it('machines: "least" finds the 3 machines and sizes each for 125 req/s', () => {
    const least = sizeDeployment({ ...busy, machines: "least" });
    expect(least.machines).toBe(3);
    const one = sizeDeployment({ ...busy, load: { arrivalRatePerSec: 125 } });
    expect(least.recommended).toEqual(one.recommended);
    expect(least.explanation.coresPresent).toBe(12); // 3 × 4
    expect(relErr(least.explanation.coreUtilizationNeeded, 0.625)).toBeLessThan(1e-12); // 7.5 / 12
    expect(least.explanation.suggestions).toEqual([]);
  });

  it("the idle floor: one exponential burst of 20 ms has p99 = ln(100) × 20 ms, and no SLO under it is met", () => {
    const tight = sizeDeployment({
      ...busy,
      load: { arrivalRatePerSec: 100 },
      slo: { responseTimeSec: 0.05 },
    });
    // Exponential with mean 0.02: P(T > t) = e^(−t/0.02) = 0.01 at t = 0.02 × ln(100) = 0.0921 s.
    expect(relErr(tight.explanation.idleQuantileSec, 0.02 * Math.log(100))).toBeLessThan(1e-9);
    expect(tight.recommended).toBeUndefined();
    expect(tight.explanation.machinesNeeded).toBeUndefined(); // no split beats the floor
    const [slo] = tight.explanation.suggestions;
    expect(slo).toHaveProperty("sloResponseTimeSec");
    const target = (slo as { sloResponseTimeSec: number }).sloResponseTimeSec;
    expect(target).toBeGreaterThan(tight.explanation.idleQuantileSec);
    const at = (t: number) =>
      sizeDeployment({ ...busy, load: { arrivalRatePerSec: 100 }, slo: { responseTimeSec: t } });
    expect(at(target).recommended?.quantileSec).toBe(target); // the least target met…
    expect(at(target * 0.999).recommended).toBeUndefined(); // …and nothing under it
  });

  it("memory: the least memory among the configurations that meet the rest, and it fits", () => {
    const small = {
      ...busy,
      load: { arrivalRatePerSec: 100 },
      machine: { cores: 4, memoryBytes: GiB(0.6) },
    };
    const s = sizeDeployment(small);
    expect(s.recommended).toBeUndefined();
    const needed = s.explanation.memoryNeededBytes!;
    expect(needed).toBeGreaterThan(GiB(0.6));
    expect(s.explanation.suggestions).toContainEqual({ memoryBytes: needed });
    const roomy = sizeDeployment({ ...small, machine: { cores: 4, memoryBytes: needed } });
    expect(roomy.recommended).toBeDefined();
    // Whole MiB: one MiB less no longer fits the leanest configuration.
    const tight = sizeDeployment({
      ...small,
      machine: { cores: 4, memoryBytes: needed - 2 ** 20 },
    });
    expect(tight.recommended).toBeUndefined();
  });

  it("a feasible sizing still gives its figures and no suggestions", () => {
    const s = sizeDeployment({ ...busy, load: { arrivalRatePerSec: 100 } });
    expect(s.recommended).toBeDefined();
    expect(relErr(s.explanation.coresNeeded, 2)).toBeLessThan(1e-12); // 100/s × 0.02 s
    expect(s.explanation.machinesNeeded).toBe(1);
    expect(s.explanation.memoryNeededBytes).toBeLessThanOrEqual(GiB(8));
    expect(s.explanation.suggestions).toEqual([]);
  });

  it("no configuration beats the idle floor, and every suggestion is feasible (random questions)", () => {
    fc.assert(
      fc.property(
        fc.record({
          cores: fc.integer({ min: 1, max: 6 }),
          cpu: fc.double({ min: 0.002, max: 0.05, noNaN: true }),
          ioShare: fc.double({ min: 0, max: 5, noNaN: true }),
          loadShare: fc.double({ min: 0.1, max: 3, noNaN: true }),
          sloShare: fc.double({ min: 0.5, max: 20, noNaN: true }),
          memoryGiB: fc.double({ min: 0.55, max: 4, noNaN: true }),
        }),
        (r) => {
          const input: SizeDeploymentInput = {
            app: { cpuTimeSec: r.cpu, ioTimeSec: r.cpu * r.ioShare },
            machine: { cores: r.cores, memoryBytes: GiB(r.memoryGiB) },
            load: { arrivalRatePerSec: (r.loadShare * r.cores) / r.cpu },
            slo: { responseTimeSec: r.sloShare * r.cpu * (1 + r.ioShare) },
          };
          const s = sizeDeployment(input);
          const floor = s.explanation.idleQuantileSec;
          for (const c of [...s.feasible, ...s.rejected]) {
            expect(c.quantileSec).toBeGreaterThanOrEqual(floor * (1 - 1e-9));
          }
          for (const hint of s.explanation.suggestions) {
            const changed: SizeDeploymentInput =
              "machines" in hint
                ? { ...input, machines: hint.machines }
                : "cores" in hint
                  ? { ...input, machine: { ...input.machine, cores: hint.cores } }
                  : "memoryBytes" in hint
                    ? { ...input, machine: { ...input.machine, memoryBytes: hint.memoryBytes } }
                    : { ...input, slo: { responseTimeSec: hint.sloResponseTimeSec } };
            expect(sizeDeployment(changed).recommended, JSON.stringify(hint)).toBeDefined();
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25) },
    );
  });
});
