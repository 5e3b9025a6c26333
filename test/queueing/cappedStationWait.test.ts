import { describe, expect, it } from "vitest";
import { cappedStationWait } from "../../src/queueing/cappedStationWait.js";
import { mmc } from "../../src/queueing/mmc.js";
import { mmck } from "../../src/queueing/mmck.js";
import { relErr } from "../helpers.js";

describe("cappedStationWait", () => {
  // M/M/1 by hand: Wq = ρS/(1 − ρ), and the wait is 0 with probability 1 − ρ, else Exp(mean
  // S/(1 − ρ)), so E[W²] = 2ρS²/(1 − ρ)² and Var W = (2 − ρ)ρS²/(1 − ρ)². λ = 0.5/s, S = 1 s:
  // mean 1 s, variance 3 s².
  it("uncapped, one server: the M/M/1 wait derived by hand", () => {
    const w = cappedStationWait({ arrivalRatePerSec: 0.5, serviceTimeSec: 1, servers: 1 });
    expect(relErr(w.meanSec, 1)).toBeLessThan(1e-14);
    expect(relErr(w.varianceSec2, 3)).toBeLessThan(1e-14);
  });

  // M/M/1/2 by hand, ρ = 0.5: p₀ : p₁ : p₂ = 1 : ρ : ρ²; an accepted arrival finds 0 (waits 0)
  // with probability 1/(1 + ρ), else 1 (waits Exp(1/S)): mean ρS/(1 + ρ) = 1/3 s,
  // E[W²] = 2S²ρ/(1 + ρ) = 2/3, Var W = 2/3 − 1/9 = 5/9 s².
  it("two callers, one server: the M/M/1/2 wait derived by hand", () => {
    const w = cappedStationWait({
      arrivalRatePerSec: 0.5,
      serviceTimeSec: 1,
      servers: 1,
      callers: 2,
    });
    expect(relErr(w.meanSec, 1 / 3)).toBeLessThan(1e-14);
    expect(relErr(w.varianceSec2, 5 / 9)).toBeLessThan(1e-14);
  });

  it("equals M/M/c without callers, and M/M/c/K with the cap in reach", () => {
    const station = { arrivalRatePerSec: 8, serviceTimeSec: 0.2, servers: 2 };
    const open = mmc(station);
    const free = cappedStationWait(station);
    expect(relErr(free.meanSec, open.meanWaitSec)).toBeLessThan(1e-15);
    expect(relErr(free.varianceSec2, open.responseTimeVarianceSec2 - 0.04)).toBeLessThan(1e-15);
    const capped = mmck({ ...station, capacity: 6 });
    const w = cappedStationWait({ ...station, callers: 6 });
    expect(relErr(w.meanSec, capped.meanWaitSec)).toBeLessThan(1e-15);
    expect(relErr(w.varianceSec2, capped.responseTimeVarianceSec2 - 0.04)).toBeLessThan(1e-15);
    // The cap shortens the wait: no more than K − c calls ever queue.
    expect(w.meanSec).toBeLessThan(free.meanSec);
  });

  it("is M/M/c once the cap is out of reach (ρ^(K − c) below 1e-15)", () => {
    // ρ = 0.2 and K − c = 30: ρ^30 ≈ 1e-21.
    const station = { arrivalRatePerSec: 2, serviceTimeSec: 0.2, servers: 2 };
    const w = cappedStationWait({ ...station, callers: 32 });
    const open = mmc(station);
    expect(relErr(w.meanSec, open.meanWaitSec)).toBeLessThan(1e-15);
    // And M/M/c/K there agrees with it to rounding.
    expect(relErr(mmck({ ...station, capacity: 32 }).meanWaitSec, w.meanSec)).toBeLessThan(1e-12);
  });

  it("no one waits with no more callers than servers, or without calls", () => {
    const none = { meanSec: 0, varianceSec2: 0 };
    const few = { arrivalRatePerSec: 10, serviceTimeSec: 0.3, servers: 4, callers: 4 };
    expect(cappedStationWait(few)).toEqual(none);
    expect(cappedStationWait({ ...few, arrivalRatePerSec: 0 })).toEqual(none);
  });

  it("is infinite when the rate cannot be carried: λS >= min(servers, callers)", () => {
    const never = { meanSec: Infinity, varianceSec2: Infinity };
    const station = { arrivalRatePerSec: 10, serviceTimeSec: 0.2, servers: 2 };
    expect(cappedStationWait(station)).toEqual(never);
    // λS = 1.5 < 2 servers, but only one caller: at most 1 busy.
    expect(cappedStationWait({ ...station, arrivalRatePerSec: 7.5, callers: 1 })).toEqual(never);
  });
});
