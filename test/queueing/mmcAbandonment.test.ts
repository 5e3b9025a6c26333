import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  erlangB,
  mmc,
  mmcAbandonment,
  mmInf,
  ModelInputError,
  type MmcAbandonmentResult,
} from "../../src/index.js";
import {
  ABANDONMENT_FIELDS,
  checkAbandonmentLaws,
  checkMoreLoad,
  MMC_FIELDS,
  relErr,
  thrown,
} from "../helpers.js";

// 50-digit values from scripts/reference_erlang_a.py (`/usr/bin/python3
// scripts/reference_erlang_a.py`), which sums the birth–death chain to 1e-60 and checks it against
// the M/M/c+G offered-wait density by quadrature and Garnett, Mandelbaum & Reiman's closed form.
const REFERENCE = [
  {
    input: { arrivalRatePerSec: 60, serviceTimeSec: 0.1, servers: 4, patienceSec: 2 },
    utilization: 0.99998992800022222,
    throughputPerSec: 39.999597120008889,
    probabilityOfWaiting: 0.99997385566015128,
    abandonmentProbability: 0.33334004799985186,
    meanInSystem: 44.000765471983112,
    meanQueueLength: 40.000805759982223,
    meanWaitSec: 0.66668009599970371,
    meanWaitServedSec: 0.79848103916843359,
    meanWaitAbandonedSec: 0.40308617449622219,
    p0: 4.2859573522483992e-7,
  },
  {
    input: { arrivalRatePerSec: 30, serviceTimeSec: 0.1, servers: 4, patienceSec: 0.1 },
    utilization: 0.67016067206290138,
    throughputPerSec: 26.806426882516055,
    probabilityOfWaiting: 0.35276811121776874,
    abandonmentProbability: 0.10645243724946483,
    meanInSystem: 3.0,
    meanQueueLength: 0.31935731174839449,
    meanWaitSec: 0.010645243724946483,
    meanWaitServedSec: 0.0086211473477583573,
    meanWaitAbandonedSec: 0.027635238800120115,
    p0: 0.049787068367863943,
  },
  {
    input: { arrivalRatePerSec: 8, serviceTimeSec: 0.2, servers: 2, patienceSec: 1 },
    utilization: 0.7121931519301247,
    throughputPerSec: 7.121931519301247,
    probabilityOfWaiting: 0.58427899723240235,
    abandonmentProbability: 0.10975856008734412,
    meanInSystem: 2.3024547845590024,
    meanQueueLength: 0.87806848069875296,
    meanWaitSec: 0.10975856008734412,
    meanWaitServedSec: 0.10259965631565686,
    meanWaitAbandonedSec: 0.16782376062233066,
    p0: 0.15989269337215294,
  },
  {
    input: { arrivalRatePerSec: 950, serviceTimeSec: 0.02, servers: 16, patienceSec: 5 },
    utilization: 1.0,
    throughputPerSec: 800.0,
    probabilityOfWaiting: 1.0,
    abandonmentProbability: 0.15789473684210526,
    meanInSystem: 766.0,
    meanQueueLength: 750.0,
    meanWaitSec: 0.78947368421052632,
    meanWaitServedSec: 0.85862631067496262,
    meanWaitAbandonedSec: 0.42065967640019938,
    p0: 2.97882342951848e-37,
  },
  {
    input: { arrivalRatePerSec: 90, serviceTimeSec: 0.1, servers: 10, patienceSec: 30 },
    utilization: 0.89812233187752542,
    throughputPerSec: 89.812233187752542,
    probabilityOfWaiting: 0.66251140153605984,
    abandonmentProbability: 0.0020862979138606418,
    meanInSystem: 14.614227686198987,
    meanQueueLength: 5.6330043674237328,
    meanWaitSec: 0.062588937415819254,
    meanWaitServedSec: 0.062526945171643823,
    meanWaitAbandonedSec: 0.092240939402082257,
    p0: 7.0903672564709614e-5,
  },
  {
    input: { arrivalRatePerSec: 0.5, serviceTimeSec: 1, servers: 3, patienceSec: 0.25 },
    utilization: 0.1653470979318818,
    throughputPerSec: 0.4960412937956454,
    probabilityOfWaiting: 0.01359202482858758,
    abandonmentProbability: 0.0079174124087092099,
    meanInSystem: 0.49703097034673405,
    meanQueueLength: 0.00098967655108865124,
    meanWaitSec: 0.0019793531021773025,
    meanWaitServedSec: 0.00084105449235380151,
    meanWaitAbandonedSec: 0.14461259891403435,
    p0: 0.60702029241317687,
  },
];

describe("mmcAbandonment against the mpmath reference", () => {
  it.each(REFERENCE.map((r) => [JSON.stringify(r.input), r] as const))("%s", (_name, ref) => {
    const q = mmcAbandonment(ref.input);
    for (const f of ABANDONMENT_FIELDS) expect(relErr(q[f], ref[f]), f).toBeLessThan(1e-12);
    expect(relErr(q.stateProbability(0), ref.p0)).toBeLessThan(1e-12);
    expect(
      relErr(q.meanResponseTimeSec, ref.meanWaitServedSec + ref.input.serviceTimeSec),
    ).toBeLessThan(1e-12);
  });
});

/** The shared laws, and the balance of exponential patience: λ·P(abandon) = θ·Lq. */
function checkLaws(q: MmcAbandonmentResult, lambda: number, s: number, patience: number): void {
  checkAbandonmentLaws(q, lambda, s);
  expect(relErr(lambda * q.abandonmentProbability, q.meanQueueLength / patience)).toBeLessThan(
    1e-10,
  );
}

// Loads from light to 3× overload, patience from 1/1000 to 1000 service times.
const load = fc.double({ min: 0.01, max: 3, noNaN: true });
const serviceTimeSec = fc.double({ min: 1e-4, max: 10, noNaN: true });
const patienceRatio = fc.double({ min: -3, max: 3, noNaN: true }).map((e) => 10 ** e);

describe("properties over random valid inputs", () => {
  it("Little's law, the utilization law, the abandonment balance and the bounds", () => {
    fc.assert(
      fc.property(
        load,
        serviceTimeSec,
        fc.integer({ min: 1, max: 60 }),
        patienceRatio,
        (rho, s, c, ratio) => {
          const lambda = (rho * c) / s;
          const patience = s * ratio;
          checkLaws(
            mmcAbandonment({
              arrivalRatePerSec: lambda,
              serviceTimeSec: s,
              servers: c,
              patienceSec: patience,
            }),
            lambda,
            s,
            patience,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("more arrivals: more waiting, abandoning, queueing and goodput", () => {
    fc.assert(
      fc.property(
        load,
        fc.double({ min: 1e-3, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        patienceRatio,
        (rho, step, c, ratio) => {
          const input = { serviceTimeSec: 0.05, servers: c, patienceSec: 0.05 * ratio };
          const lo = mmcAbandonment({ ...input, arrivalRatePerSec: (rho * c) / 0.05 });
          const hi = mmcAbandonment({ ...input, arrivalRatePerSec: (rho * (1 + step) * c) / 0.05 });
          checkMoreLoad(lo, hi);
        },
      ),
      { numRuns: 100 },
    );
  });

  // The chain's ratios a/(c + jβ) differ from M/M/c's a/c by a factor 1 − O(jβ/c), so the law
  // of the queue J moves by a relative O(β·E[J²]) and its moments by O(β·E[J³]/E[J]); with J
  // about geometric(ρ), E[J³] <= 6/(1 − ρ)³ per unit of E[J]·(1 − ρ). β = 1e-9 and ρ <= 0.9 put
  // that below 1e-5; the tolerance 10β/(1 − ρ)³ + 1e-12 holds it with room.
  it("patience → ∞ tends to mmc below capacity", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        serviceTimeSec,
        fc.integer({ min: 1, max: 40 }),
        (rho, s, c) => {
          const beta = 1e-9;
          const input = { arrivalRatePerSec: (rho * c) / s, serviceTimeSec: s, servers: c };
          const q = mmcAbandonment({ ...input, patienceSec: s / beta });
          const open = mmc(input);
          const tolerance = (10 * beta) / (1 - rho) ** 3 + 1e-12;
          for (const f of MMC_FIELDS) {
            expect(relErr(q[f], open[f]), f).toBeLessThan(tolerance);
          }
          expect(q.abandonmentProbability).toBeLessThan(tolerance);
        },
      ),
      { numRuns: 100 },
    );
  });

  // θ = μ: the death rate in state n is n·μ whether n − c of them wait or not — M/M/∞.
  it("patience = service time is M/M/∞: N ~ Poisson(a), exactly", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 200, noNaN: true }),
        serviceTimeSec,
        fc.integer({ min: 1, max: 150 }),
        (a, s, c) => {
          const input = { arrivalRatePerSec: a / s, serviceTimeSec: s };
          const q = mmcAbandonment({ ...input, servers: c, patienceSec: s });
          const poisson = mmInf(input);
          let tail = 0; // P(N >= c), summed from the far end
          let busy = 0;
          for (let n = Math.ceil(Math.max(a, c) + 40 * Math.sqrt(a) + 60); n >= 0; n--) {
            const p = poisson.stateProbability(n);
            if (n >= c) tail += p;
            busy += Math.min(n, c) * p;
          }
          // Below 1e-290 the weights are subnormal and lose digits (or underflow to 0).
          if (tail > 1e-290) expect(relErr(q.probabilityOfWaiting, tail)).toBeLessThan(1e-12);
          else expect(q.probabilityOfWaiting).toBeLessThan(1e-289);
          expect(relErr(q.meanInSystem, a)).toBeLessThan(1e-12);
          expect(relErr(q.utilization, busy / c)).toBeLessThan(1e-12);
          for (const n of [0, Math.floor(a), c]) {
            if (poisson.stateProbability(n) < 1e-290) continue;
            expect(
              relErr(q.stateProbability(n), poisson.stateProbability(n)),
              `n = ${n}`,
            ).toBeLessThan(1e-12);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  // Patience → 0: whoever finds every server busy leaves at once — the Erlang loss system M/M/c/c.
  it("patience → 0 is Erlang B", () => {
    fc.assert(
      fc.property(load, serviceTimeSec, fc.integer({ min: 1, max: 300 }), (rho, s, c) => {
        const a = rho * c;
        const q = mmcAbandonment({
          arrivalRatePerSec: a / s,
          serviceTimeSec: s,
          servers: c,
          patienceSec: s * 1e-300,
        });
        const b = erlangB(c, a);
        // Below 1e-290 the weights are subnormal and lose digits (or underflow to 0).
        const close = (x: number) =>
          b > 1e-290 ? expect(relErr(x, b)).toBeLessThan(1e-12) : expect(x).toBeLessThan(1e-289);
        close(q.probabilityOfWaiting);
        close(q.abandonmentProbability);
        expect(q.meanWaitSec).toBeLessThan(1e-290);
      }),
      { numRuns: 100 },
    );
  });
});

describe("edges", () => {
  it("no arrivals: an empty system", () => {
    const q = mmcAbandonment({
      arrivalRatePerSec: 0,
      serviceTimeSec: 0.1,
      servers: 2,
      patienceSec: 1,
    });
    expect(q.stateProbability(0)).toBe(1);
    expect(q.abandonmentProbability).toBe(0);
    expect(q.throughputPerSec).toBe(0);
    // The limit λ → 0: an abandoner waited in the first place, left at rate cμ + θ.
    expect(relErr(q.meanWaitAbandonedSec, 1 / (2 / 0.1 + 1))).toBeLessThan(1e-15);
  });

  it("100,000 servers at 2× overload, and 5× overload with 30 s of patience", () => {
    const big = mmcAbandonment({
      arrivalRatePerSec: 2e6,
      serviceTimeSec: 0.1,
      servers: 100_000,
      patienceSec: 0.05,
    });
    checkLaws(big, 2e6, 0.1, 0.05);
    const spike = mmcAbandonment({
      arrivalRatePerSec: 500,
      serviceTimeSec: 0.1,
      servers: 10,
      patienceSec: 30,
    });
    checkLaws(spike, 500, 0.1, 30);
    // All 10 workers busy, so goodput is their capacity and the rest give up: 400 of 500 req/s.
    expect(relErr(spike.throughputPerSec, 100)).toBeLessThan(1e-12);
    expect(relErr(spike.abandonmentProbability, 0.8)).toBeLessThan(1e-12);
  });
});

describe("bad input names the field", () => {
  const ok = { arrivalRatePerSec: 10, serviceTimeSec: 0.1, servers: 2, patienceSec: 1 };
  it.each([
    ["arrivalRatePerSec", -1],
    ["serviceTimeSec", 0],
    ["servers", 2.5],
    ["servers", 0],
    ["patienceSec", 0],
    ["patienceSec", Number.NaN],
    ["patienceSec", Infinity],
  ])("%s = %d", (field, value) => {
    const e = thrown(ModelInputError, () => mmcAbandonment({ ...ok, [field]: value }));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(`\`${field}\``);
  });

  it("a misspelt field, and a patience that needs too many places", () => {
    expect(() => mmcAbandonment({ ...ok, patience: 1 } as never)).toThrow(/`patience`/);
    // A millionth below capacity, patience of 30 million years: the queue is M/M/c's, use mmc.
    const e = thrown(ModelInputError, () =>
      mmcAbandonment({
        arrivalRatePerSec: 9.99999,
        serviceTimeSec: 0.1,
        servers: 1,
        patienceSec: 1e15,
      }),
    );
    expect(e.field).toBe("patienceSec");
    expect(e.message).toMatch(/use mmc/);
    // 2× overload with a day of patience: about 8.6 million waiting.
    expect(() =>
      mmcAbandonment({
        arrivalRatePerSec: 200,
        serviceTimeSec: 0.1,
        servers: 10,
        patienceSec: 86400,
      }),
    ).toThrow(/`patienceSec`/);
    expect(() => mmcAbandonment({ ...ok, patienceSec: 1 }).stateProbability(-1)).toThrow(/`n`/);
  });
});
