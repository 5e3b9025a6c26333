import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { erlangB, mmc, mmcTimeout, ModelInputError } from "../../src/index.js";
import { checkAbandonmentLaws, checkMoreLoad, MMC_FIELDS, relErr, thrown } from "../helpers.js";

// 50-digit values from scripts/reference_erlang_a.py (`/usr/bin/python3
// scripts/reference_erlang_a.py`, second block): the M/M/c+G offered-wait density with a fixed
// patience, integrated by quadrature — the same density the script checks against the
// birth–death chain of M/M/c+M.
const REFERENCE = [
  {
    input: { arrivalRatePerSec: 60, serviceTimeSec: 0.1, servers: 4, timeoutSec: 2 },
    throughputPerSec: 40.0,
    probabilityOfWaiting: 1.0,
    abandonmentProbability: 0.33333333333333333,
    meanQueueLength: 118.0,
    meanWaitSec: 1.9666666666666667,
    meanWaitServedSec: 1.95,
  },
  {
    input: { arrivalRatePerSec: 60, serviceTimeSec: 0.1, servers: 4, timeoutSec: 0.5 },
    throughputPerSec: 39.999736564838927,
    probabilityOfWaiting: 0.9999829047395474,
    abandonmentProbability: 0.33333772391935122,
    meanQueueLength: 28.000459610281021,
    meanWaitSec: 0.46667432683801701,
    meanWaitServedSec: 0.45001116103657942,
  },
  {
    input: { arrivalRatePerSec: 8, serviceTimeSec: 0.2, servers: 2, timeoutSec: 1 },
    throughputPerSec: 7.8331745039765952,
    probabilityOfWaiting: 0.68701409501884153,
    abandonmentProbability: 0.020853187002925602,
    meanQueueLength: 1.9973416479700444,
    meanWaitSec: 0.24966770599625555,
    meanWaitServedSec: 0.23368765128586864,
  },
  {
    input: { arrivalRatePerSec: 950, serviceTimeSec: 0.02, servers: 16, timeoutSec: 0.25 },
    throughputPerSec: 800.0,
    probabilityOfWaiting: 0.99999999999999998,
    abandonmentProbability: 0.15789473684210527,
    meanQueueLength: 232.16666666666667,
    meanWaitSec: 0.24438596491228071,
    meanWaitServedSec: 0.24333333333333334,
  },
  {
    input: { arrivalRatePerSec: 0.5, serviceTimeSec: 1, servers: 3, timeoutSec: 0.25 },
    throughputPerSec: 0.49661625060142852,
    probabilityOfWaiting: 0.013818522964199115,
    abandonmentProbability: 0.0067674987971429558,
    meanQueueLength: 0.0012410173634826579,
    meanWaitSec: 0.0024820347269653158,
    meanWaitServedSec: 0.00079554386986194199,
  },
];

const FIELDS = [
  "throughputPerSec",
  "probabilityOfWaiting",
  "abandonmentProbability",
  "meanQueueLength",
  "meanWaitSec",
  "meanWaitServedSec",
] as const;

describe("mmcTimeout against the mpmath reference", () => {
  it.each(REFERENCE.map((r) => [JSON.stringify(r.input), r] as const))("%s", (_name, ref) => {
    const q = mmcTimeout(ref.input);
    for (const f of FIELDS) expect(relErr(q[f], ref[f]), f).toBeLessThan(1e-12);
    expect(q.meanWaitAbandonedSec).toBe(ref.input.timeoutSec);
  });
});

const load = fc.double({ min: 0.01, max: 3, noNaN: true });
const serviceTimeSec = fc.double({ min: 1e-4, max: 10, noNaN: true });
const timeoutRatio = fc.double({ min: -3, max: 3, noNaN: true }).map((e) => 10 ** e);

describe("properties over random valid inputs", () => {
  it("Little's law, the utilization law and the bounds", () => {
    fc.assert(
      fc.property(
        load,
        serviceTimeSec,
        fc.integer({ min: 1, max: 300 }),
        timeoutRatio,
        (rho, s, c, ratio) => {
          const lambda = (rho * c) / s;
          const q = mmcTimeout({
            arrivalRatePerSec: lambda,
            serviceTimeSec: s,
            servers: c,
            timeoutSec: s * ratio,
          });
          checkAbandonmentLaws(q, lambda, s);
          // Whoever is served waited less than the timeout.
          expect(q.meanWaitServedSec).toBeLessThanOrEqual(q.meanWaitAbandonedSec);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("more arrivals: more waiting, abandoning, queueing and goodput", () => {
    fc.assert(
      fc.property(
        load,
        fc.double({ min: 1e-3, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        timeoutRatio,
        (rho, step, c, ratio) => {
          const input = { serviceTimeSec: 0.05, servers: c, timeoutSec: 0.05 * ratio };
          const lo = mmcTimeout({ ...input, arrivalRatePerSec: (rho * c) / 0.05 });
          const hi = mmcTimeout({ ...input, arrivalRatePerSec: (rho * (1 + step) * c) / 0.05 });
          checkMoreLoad(lo, hi);
        },
      ),
      { numRuns: 100 },
    );
  });

  // P(V > D) falls as e^(−(cμ − λ)·D): a timeout of 1e4 service times over the margin puts it
  // below 1e-4000, so what is left is M/M/c exactly, through a different computation.
  it("a timeout far beyond the wait is mmc", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        serviceTimeSec,
        fc.integer({ min: 1, max: 300 }),
        (rho, s, c) => {
          const input = { arrivalRatePerSec: (rho * c) / s, serviceTimeSec: s, servers: c };
          const q = mmcTimeout({ ...input, timeoutSec: (1e4 * s) / (c * (1 - rho)) });
          const open = mmc(input);
          for (const f of MMC_FIELDS) {
            expect(relErr(q[f], open[f]), f).toBeLessThan(1e-11);
          }
          expect(q.abandonmentProbability).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a timeout → 0 is Erlang B", () => {
    fc.assert(
      fc.property(load, serviceTimeSec, fc.integer({ min: 1, max: 300 }), (rho, s, c) => {
        const a = rho * c;
        const q = mmcTimeout({
          arrivalRatePerSec: a / s,
          serviceTimeSec: s,
          servers: c,
          timeoutSec: s * 1e-300,
        });
        const b = erlangB(c, a);
        // Below 1e-290 Erlang B itself is subnormal and loses digits.
        const close = (x: number) =>
          b > 1e-290 ? expect(relErr(x, b)).toBeLessThan(1e-12) : expect(x).toBeLessThan(1e-289);
        close(q.probabilityOfWaiting);
        close(q.abandonmentProbability);
      }),
      { numRuns: 100 },
    );
  });
});

describe("edges", () => {
  it("no arrivals, and far below capacity", () => {
    const empty = mmcTimeout({
      arrivalRatePerSec: 0,
      serviceTimeSec: 0.1,
      servers: 2,
      timeoutSec: 1,
    });
    expect(empty.probabilityOfWaiting).toBe(0);
    expect(empty.throughputPerSec).toBe(0);
    const idle = mmcTimeout({
      arrivalRatePerSec: 1,
      serviceTimeSec: 0.1,
      servers: 1000,
      timeoutSec: 1,
    });
    expect(idle.probabilityOfWaiting).toBe(0);
    expect(idle.throughputPerSec).toBe(1);
  });

  it("deep overload with a long timeout: the servers' capacity is the goodput", () => {
    const q = mmcTimeout({
      arrivalRatePerSec: 5e4,
      serviceTimeSec: 0.1,
      servers: 100,
      timeoutSec: 1e5,
    });
    checkAbandonmentLaws(q, 5e4, 0.1);
    expect(relErr(q.throughputPerSec, 1000)).toBeLessThan(1e-12);
    expect(relErr(q.abandonmentProbability, 0.98)).toBeLessThan(1e-12);
  });
});

describe("bad input names the field", () => {
  const ok = { arrivalRatePerSec: 10, serviceTimeSec: 0.1, servers: 2, timeoutSec: 1 };
  it.each([
    ["arrivalRatePerSec", -1],
    ["serviceTimeSec", 0],
    ["servers", 2.5],
    ["servers", 1e7],
    ["timeoutSec", 0],
    ["timeoutSec", Number.NaN],
    ["timeoutSec", Infinity],
  ])("%s = %d", (field, value) => {
    const e = thrown(ModelInputError, () => mmcTimeout({ ...ok, [field]: value }));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(`\`${field}\``);
  });

  it("a misspelt field", () => {
    expect(() => mmcTimeout({ ...ok, timeout: 1 } as never)).toThrow(/`timeout`/);
  });
});
