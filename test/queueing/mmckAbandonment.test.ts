import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  erlangB,
  mmck,
  mmcAbandonment,
  mmckAbandonment,
  ModelInputError,
  type MmckAbandonmentResult,
} from "../../src/index.js";
import { ABANDONMENT_FIELDS, relErr, thrown } from "../helpers.js";

// 50-digit values from scripts/reference_backlog.py (`/usr/bin/python3
// scripts/reference_backlog.py`), which solves the chain's balance equations with mpmath's LU
// solver and takes P(abandon) from θ·Lq/λ and the admitted's wait from Little's law.
const REFERENCE = [
  {
    input: { arrivalRatePerSec: 60, serviceTimeSec: 0.1, servers: 4, capacity: 24, patienceSec: 2 },
    blockingProbability: 0.19636744302344733,
    abandonmentProbability: 0.1371596678059141,
    throughputPerSec: 39.988373350238315,
    utilization: 0.99970933375595786,
    meanInSystem: 20.457997471733523,
    meanQueueLength: 16.459160136709692,
    meanWaitSec: 0.3413492064630626,
    meanWaitServedSec: 0.37078661338889094,
    meanWaitAbandonedSec: 0.19830982792424529,
    p0: 1.2368776342218561e-5,
  },
  {
    input: {
      arrivalRatePerSec: 30,
      serviceTimeSec: 0.1,
      servers: 4,
      capacity: 9,
      patienceSec: 0.5,
    },
    blockingProbability: 0.017807952010280831,
    abandonmentProbability: 0.040176498545268645,
    throughputPerSec: 28.260466483333516,
    utilization: 0.70651166208333789,
    meanInSystem: 3.4286941265123812,
    meanQueueLength: 0.60264747817902967,
    meanWaitSec: 0.020452465802130573,
    meanWaitServedSec: 0.019477878240744977,
    meanWaitAbandonedSec: 0.043303552142717028,
    p0: 0.044300126477986733,
  },
  {
    input: {
      arrivalRatePerSec: 190,
      serviceTimeSec: 0.1,
      servers: 16,
      capacity: 80,
      patienceSec: 5,
    },
    blockingProbability: 0.099322256683959099,
    abandonmentProbability: 0.05858090982642477,
    throughputPerSec: 159.99839836302706,
    utilization: 0.99998998976891916,
    meanInSystem: 71.651704171406238,
    meanQueueLength: 55.651864335103532,
    meanWaitSec: 0.3252046043168915,
    meanWaitServedSec: 0.33582702301734458,
    meanWaitAbandonedSec: 0.17250801462313693,
    p0: 1.5172020180085609e-12,
  },
  {
    input: {
      arrivalRatePerSec: 500,
      serviceTimeSec: 0.1,
      servers: 10,
      capacity: 110,
      patienceSec: 30,
    },
    blockingProbability: 0.79335069660226355,
    abandonmentProbability: 0.0066493033977364539,
    throughputPerSec: 100.0,
    utilization: 1.0,
    meanInSystem: 109.73955096604681,
    meanQueueLength: 99.739550966046808,
    meanWaitSec: 0.96530256164550237,
    meanWaitServedSec: 0.98101272572201426,
    meanWaitAbandonedSec: 0.49276692484902466,
    p0: 1.9749707078657884e-80,
  },
];

describe("mmckAbandonment against the mpmath reference", () => {
  it.each(REFERENCE.map((r) => [JSON.stringify(r.input), r] as const))("%s", (_name, ref) => {
    const q = mmckAbandonment(ref.input);
    for (const f of [...ABANDONMENT_FIELDS, "blockingProbability"] as const) {
      if (f === "probabilityOfWaiting") continue; // not in the reference
      expect(relErr(q[f], ref[f]), f).toBeLessThan(1e-12);
    }
    expect(relErr(q.stateProbability(0), ref.p0)).toBeLessThan(1e-12);
  });
});

/** The laws every result obeys: the shares, Little's law, the utilization law, θ·Lq = λ·P(abandon). */
function checkBacklogLaws(
  q: MmckAbandonmentResult,
  lambda: number,
  s: number,
  patience: number,
): void {
  for (const f of [...ABANDONMENT_FIELDS, "blockingProbability", "meanResponseTimeSec"] as const) {
    expect(Number.isFinite(q[f]), f).toBe(true);
    expect(q[f], f).toBeGreaterThanOrEqual(0);
  }
  const admitted = 1 - q.blockingProbability;
  expect(q.blockingProbability).toBeLessThanOrEqual(1);
  expect(q.abandonmentProbability).toBeLessThanOrEqual(q.probabilityOfWaiting * (1 + 1e-12));
  expect(q.probabilityOfWaiting).toBeLessThanOrEqual(admitted * (1 + 1e-12));
  if (lambda === 0) return;
  // Goodput = offered × (1 − refused − abandoned); the utilization law X·S/c.
  const lost = q.blockingProbability + q.abandonmentProbability;
  expect(relErr(q.throughputPerSec / lambda + lost, 1)).toBeLessThan(1e-12);
  expect(relErr(q.utilization, (q.throughputPerSec * s) / q.servers)).toBeLessThan(1e-10);
  expect(q.utilization).toBeLessThanOrEqual(1);
  // Little's law for the queue, of the admitted; the abandonment balance θ·Lq = λ·P(abandon).
  const lq = lambda * admitted * q.meanWaitSec;
  expect(Math.abs(q.meanQueueLength - lq)).toBeLessThanOrEqual(1e-10 * q.meanQueueLength + 1e-300);
  const balance = q.meanQueueLength / patience;
  expect(Math.abs(lambda * q.abandonmentProbability - balance)).toBeLessThanOrEqual(
    1e-10 * balance + 1e-300,
  );
  // Little's law for the system: L = λ_admitted·W + X·S; and the waits split.
  expect(relErr(q.meanInSystem, lq + q.throughputPerSec * s)).toBeLessThan(1e-10);
  const split =
    (admitted - q.abandonmentProbability) * q.meanWaitServedSec +
    q.abandonmentProbability * q.meanWaitAbandonedSec;
  expect(Math.abs(split - admitted * q.meanWaitSec)).toBeLessThanOrEqual(
    1e-10 * q.meanWaitSec + 1e-300,
  );
}

const load = fc.double({ min: 0, max: 5, noNaN: true });
const serviceTimeSec = fc.double({ min: 1e-4, max: 10, noNaN: true });
const patienceRatio = fc.double({ min: -3, max: 3, noNaN: true }).map((e) => 10 ** e);

describe("properties over random valid inputs", () => {
  it("the shares, Little's law, the utilization law and the abandonment balance", () => {
    fc.assert(
      fc.property(
        load,
        serviceTimeSec,
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 3000 }),
        patienceRatio,
        (rho, s, c, backlog, ratio) => {
          const lambda = (rho * c) / s;
          const input = { arrivalRatePerSec: lambda, serviceTimeSec: s, servers: c };
          const q = mmckAbandonment({ ...input, capacity: c + backlog, patienceSec: s * ratio });
          checkBacklogLaws(q, lambda, s, s * ratio);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("more arrivals: more refused, more abandoned, more goodput", () => {
    fc.assert(
      fc.property(
        load,
        fc.double({ min: 1e-3, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 200 }),
        patienceRatio,
        (rho, step, c, backlog, ratio) => {
          const input = { serviceTimeSec: 0.05, servers: c, capacity: c + backlog };
          const patienceSec = 0.05 * ratio;
          const lo = mmckAbandonment({
            ...input,
            patienceSec,
            arrivalRatePerSec: (rho * c) / 0.05,
          });
          const hi = mmckAbandonment({
            ...input,
            patienceSec,
            arrivalRatePerSec: (rho * (1 + step) * c) / 0.05,
          });
          for (const f of ["blockingProbability", "meanQueueLength", "throughputPerSec"] as const) {
            expect(hi[f], f).toBeGreaterThanOrEqual(lo[f] * (1 - 1e-12));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  // The chain's ratios a/(c + jβ) differ from M/M/c/K's a/c by at most (K − c)·β/c, so each
  // probability moves by a relative (K − c)²·β/c at most: 1e-12·200² = 4e-8.
  it("patience → ∞ is M/M/c/K", () => {
    fc.assert(
      fc.property(
        load,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 200 }),
        (rho, c, b) => {
          const input = {
            arrivalRatePerSec: rho * c * 10,
            serviceTimeSec: 0.1,
            servers: c,
            capacity: c + b,
          };
          const q = mmckAbandonment({ ...input, patienceSec: 0.1 / 1e-12 });
          const finite = mmck(input);
          const tolerance = (b * b * 1e-12) / c + 1e-12;
          for (const f of ["blockingProbability", "throughputPerSec", "meanInSystem"] as const) {
            expect(relErr(q[f], finite[f]), f).toBeLessThan(tolerance);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a backlog past the queue's reach is mmcAbandonment; no backlog is Erlang B", () => {
    fc.assert(
      fc.property(load, fc.integer({ min: 1, max: 40 }), patienceRatio, (rho, c, ratio) => {
        const input = { arrivalRatePerSec: rho * c * 10, serviceTimeSec: 0.1, servers: c };
        const patienceSec = 0.1 * ratio;
        const open = mmcAbandonment({ ...input, patienceSec });
        // 200,000 places: past every state mmcAbandonment sums at these loads and patiences.
        const big = mmckAbandonment({ ...input, patienceSec, capacity: c + 200_000 });
        for (const f of ABANDONMENT_FIELDS) expect(relErr(big[f], open[f]), f).toBeLessThan(1e-12);
        expect(big.blockingProbability).toBeLessThan(1e-300);
        const none = mmckAbandonment({ ...input, patienceSec, capacity: c });
        expect(relErr(none.blockingProbability, erlangB(c, rho * c))).toBeLessThan(1e-12);
        expect(none.abandonmentProbability).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});

describe("bad input names the field", () => {
  const ok = {
    arrivalRatePerSec: 10,
    serviceTimeSec: 0.1,
    servers: 2,
    capacity: 5,
    patienceSec: 1,
  };
  it.each([
    ["arrivalRatePerSec", -1],
    ["serviceTimeSec", 0],
    ["servers", 2.5],
    ["capacity", 1],
    ["capacity", 2 + 1_000_001],
    ["patienceSec", 0],
    ["patienceSec", Infinity],
  ])("%s = %d", (field, value) => {
    const e = thrown(ModelInputError, () => mmckAbandonment({ ...ok, [field]: value }));
    expect(e.field).toBe(field);
  });
  it("a misspelt field, a negative state", () => {
    expect(() => mmckAbandonment({ ...ok, backlog: 3 } as never)).toThrow(/`backlog`/);
    expect(() => mmckAbandonment(ok).stateProbability(-1)).toThrow(/`n`/);
  });
});
