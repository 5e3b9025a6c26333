import { describe, expect, it } from "vitest";
import { erlangB, mg1, mm1, mmc, mmck } from "../../src/index.js";
import { relErr } from "../helpers.js";

describe("published examples", () => {
  // M/M/2 and M/M/4 with λ = 9/s, μ = 5/s: Lq = 7.674 and R = 1.053 s; Lq = 0.105, R = 0.212 s.
  // Source: ETH Zürich, Advanced Systems Lab 2017, slides "M/M/x queues" (three decimals),
  // the same example the Octave queueing package tests qsmmm.m against.
  it("M/M/2 and M/M/4, ETH ASL 2017 slides", () => {
    const two = mmc({ arrivalRatePerSec: 9, serviceTimeSec: 1 / 5, servers: 2 });
    expect(two.meanQueueLength).toBeCloseTo(7.674, 3);
    expect(two.meanResponseTimeSec).toBeCloseTo(1.053, 3);
    const four = mmc({ arrivalRatePerSec: 9, serviceTimeSec: 1 / 5, servers: 4 });
    expect(four.meanQueueLength).toBeCloseTo(0.105, 3);
    expect(four.meanResponseTimeSec).toBeCloseTo(0.212, 3);
  });

  // M/M/2/5 with λ = 3, μ = 2: p0 = 0.179334, pK = 0.085113, L = 2.00595, Wq = 0.230857
  // (six decimals; example quoted in the Octave queueing package's qsmmmk.m tests, which check
  // them to an absolute 1e-6: the exact p0 is 1/5.576171875 = 0.1793345…, printed as 0.179334).
  it("M/M/2/5 (Octave queueing qsmmmk test)", () => {
    const q = mmck({ arrivalRatePerSec: 3, serviceTimeSec: 0.5, servers: 2, capacity: 5 });
    expect(Math.abs(q.stateProbability(0) - 0.179334)).toBeLessThan(1e-6);
    expect(relErr(q.stateProbability(0), 1 / 5.576171875)).toBeLessThan(1e-15);
    expect(Math.abs(q.blockingProbability - 0.085113)).toBeLessThan(1e-6);
    expect(Math.abs(q.meanInSystem - 2.00595)).toBeLessThan(1e-5);
    expect(Math.abs(q.meanWaitSec - 0.230857)).toBeLessThan(1e-6);
  });

  // M/M/3/7 with λ = 40, μ = 30: p0 = 0.255037, R = 0.036517 (same source).
  it("M/M/3/7 (Octave queueing qsmmmk test)", () => {
    const q = mmck({ arrivalRatePerSec: 40, serviceTimeSec: 1 / 30, servers: 3, capacity: 7 });
    expect(Math.abs(q.stateProbability(0) - 0.255037)).toBeLessThan(1e-6);
    expect(Math.abs(q.meanResponseTimeSec - 0.036517)).toBeLessThan(1e-6);
  });

  // Erlang B table: B(10, 5) = 0.01838457 (exact rational arithmetic, checked with Python's
  // fractions module: 0.018384570336648132); B(2, 1) = 1/5.
  it("Erlang B small cases", () => {
    expect(relErr(erlangB(10, 5), 0.018384570336648132)).toBeLessThan(1e-15);
    expect(relErr(erlangB(2, 1), 0.2)).toBeLessThan(1e-15);
  });

  // M/M/1 closed forms (Kleinrock vol. 1, §3.2): ρ = 0.8, S = 20 ms → R = 100 ms, L = 4,
  // p99 = −ln(0.01)·R.
  it("M/M/1 closed forms", () => {
    const q = mm1({ arrivalRatePerSec: 40, serviceTimeSec: 0.02 });
    expect(relErr(q.meanResponseTimeSec, 0.1)).toBeLessThan(1e-15);
    expect(relErr(q.meanInSystem, 4)).toBeLessThan(1e-15);
    expect(relErr(q.responseTimeQuantileSec(0.99), Math.log(100) * 0.1)).toBeLessThan(1e-15);
  });

  // M/D/1 (Kleinrock vol. 1, §5.6): W = ρS/(2(1 − ρ)), half the M/M/1 wait; at ρ = 0.5, S = 1:
  // W = 0.5, and by Takács Var W = W² + λS³/(3(1 − ρ)) = 0.25 + 1/3.
  it("M/D/1 by Pollaczek–Khinchine and Takács", () => {
    const q = mg1({ arrivalRatePerSec: 0.5, serviceTimeSec: 1, serviceTimeScv: 0 });
    expect(relErr(q.meanWaitSec, 0.5)).toBeLessThan(1e-15);
    expect(relErr(q.responseTimeVarianceSec2, 0.25 + 1 / 3)).toBeLessThan(1e-15);
  });
});
