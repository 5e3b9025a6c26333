import { describe, expect, it } from "vitest";
import { finiteSource, ggc, mmc, mmck } from "../../src/index.js";
import { NUMBER_FIELDS, relErr } from "../helpers.js";

// Each model's own properties are in its file (mmc.test.ts, mmck.test.ts, ggc.test.ts, …);
// these checks span several models.
describe("properties over random valid inputs", () => {
  it("subnormal inputs give numbers, not NaN", () => {
    for (const tiny of [5e-324, 1e-315]) {
      const q = ggc({
        arrivalRatePerSec: 0.001,
        serviceTimeSec: 0.002,
        servers: 1,
        arrivalScv: tiny,
        serviceTimeScv: tiny,
      });
      for (const f of NUMBER_FIELDS) expect(Number.isNaN(q[f]), f).toBe(false);
      expect(Number.isNaN(q.responseTimeQuantileSec(0.99))).toBe(false);
      const f = finiteSource({
        population: 3,
        thinkTimeSec: tiny,
        serviceTimeSec: 0.01,
        servers: 1,
      });
      for (const k of NUMBER_FIELDS) expect(Number.isNaN(f[k]), k).toBe(false);
    }
  });
});

describe("saturation and extremes", () => {
  it("stays finite at 1,000,000 servers, utilization 1 − 1e-9 and loads of 1e12", () => {
    const q = mmc({ arrivalRatePerSec: 999_999.999, serviceTimeSec: 1, servers: 1_000_000 });
    for (const f of NUMBER_FIELDS) expect(Number.isFinite(q[f]), f).toBe(true);
    expect(q.responseTimeQuantileSec(0.99)).toBeGreaterThan(q.meanResponseTimeSec);
    const huge = mmck({
      arrivalRatePerSec: 1e12,
      serviceTimeSec: 1,
      servers: 1000,
      capacity: 2000,
    });
    expect(relErr(huge.throughputPerSec, 1000)).toBeLessThan(1e-9);
    expect(huge.blockingProbability).toBeGreaterThan(0.999999);
  });
});
