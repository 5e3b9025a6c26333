import { describe, expect, it } from "vitest";
import { maximizeWithInterval } from "../../src/math/profileLikelihood.js";
import { relErr } from "../helpers.js";

describe("maximizeWithInterval", () => {
  it("a normal log-likelihood: the maximum and the interval max ± √(2·drop/curvature)", () => {
    // ℓ(u) = −500·(u − 1.3)²: the interval for drop 1.35 is 1.3 ± √(2.7/1000), by algebra.
    const r = maximizeWithInterval((u) => -500 * (u - 1.3) ** 2, -7, 9, 1.35);
    expect(Math.abs(r.argmax - 1.3)).toBeLessThan(1e-6);
    expect(relErr(r.lower, 1.3 - Math.sqrt(2.7 / 1000))).toBeLessThan(1e-9);
    expect(relErr(r.upper, 1.3 + Math.sqrt(2.7 / 1000))).toBeLessThan(1e-9);
    expect(r.lowerBounded && r.upperBounded).toBe(true);
  });

  it("a peak narrower than the grid is still found and bounded on both sides", () => {
    const r = maximizeWithInterval((u) => -1e8 * (u - 0.123) ** 2, -7, 9, 1.35);
    expect(Math.abs(r.argmax - 0.123)).toBeLessThan(1e-7);
    expect(r.lower).toBeLessThan(0.123);
    expect(r.upper).toBeGreaterThan(0.123);
    expect(r.lowerBounded && r.upperBounded).toBe(true);
  });

  it("a likelihood rising to the end of the range: that end is the limit, unbounded", () => {
    const r = maximizeWithInterval((u) => u, -7, 9, 1.35);
    expect(r.argmax).toBeGreaterThan(9 - 1e-9);
    expect(r.upper).toBe(9);
    expect(r.upperBounded).toBe(false);
    expect(relErr(r.lower, 9 - 1.35)).toBeLessThan(1e-9);
  });

  // A second mode must be wider than the grid's step (0.4 here) to be seen: this one is 1.3 wide.
  it("two modes: the interval is the hull of every point above the threshold", () => {
    const l = (u: number): number => Math.max(-50 * (u + 3) ** 2, -2 * (u - 4) ** 2 - 0.5);
    const r = maximizeWithInterval(l, -7, 9, 1.35);
    expect(Math.abs(r.argmax + 3)).toBeLessThan(1e-6);
    expect(r.lower).toBeLessThan(-3);
    expect(r.upper).toBeGreaterThan(4);
  });

  it("a log-likelihood of −Infinity everywhere: nothing is bounded, no NaN", () => {
    const r = maximizeWithInterval(() => -Infinity, -7, 9, 1.35);
    expect([r.lower, r.upper, r.lowerBounded, r.upperBounded]).toEqual([-7, 9, false, false]);
    expect(Number.isNaN(r.argmax)).toBe(false);
  });
});
