import { describe, expect, it } from "vitest";
import { gTest } from "../../src/math/gTest.js";
import { relErr } from "../helpers.js";

// Reference values from mpmath (30 digits), by the definition:
//   G = 2·Σ nᵢ·ln(nᵢ/(N·pᵢ)), p = gammainc(df/2, G/2, inf, regularized=True).
describe("gTest", () => {
  it("10 and 20 against a fair split: G = 3.398, p = 0.0653 on 1 df", () => {
    const t = gTest([10, 20], [Math.log(0.5), Math.log(0.5)], 0);
    expect(relErr(t.gStatistic, 3.39798073590794945800849793046)).toBeLessThan(1e-14);
    expect(t.degreesOfFreedom).toBe(1);
    expect(relErr(t.pValue, 0.065276282308881225213524034037)).toBeLessThan(1e-12);
  });

  it("an empty cell adds nothing; one fitted parameter takes one degree of freedom", () => {
    const t = gTest([5, 0, 15], [Math.log(0.2), Math.log(0.3), Math.log(0.5)], 1);
    expect(relErr(t.gStatistic, 14.3953887563870284618918320545)).toBeLessThan(1e-14);
    expect(t.degreesOfFreedom).toBe(1);
    expect(relErr(t.pValue, 0.000148164688613293253911621756139)).toBeLessThan(1e-12);
  });

  it("no degree of freedom: p-value 1 for a perfect fit, 0 otherwise", () => {
    expect(gTest([3], [0], 0)).toEqual({ gStatistic: 0, degreesOfFreedom: 0, pValue: 1 });
    expect(gTest([1, 3], [Math.log(0.5), Math.log(0.5)], 1).pValue).toBe(0);
  });

  it("an observation where the fit puts no mass: G = Infinity, p-value 0", () => {
    const t = gTest([1, 3, 2], [-Infinity, Math.log(0.5), Math.log(0.5)], 1);
    expect(t.gStatistic).toBe(Infinity);
    expect(t.pValue).toBe(0);
  });
});
