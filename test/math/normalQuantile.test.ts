import { describe, expect, it } from "vitest";
import { centralNormalQuantile } from "../../src/math/normalQuantile.js";
import { relErr } from "../helpers.js";

// √2·erfinv(level) at 30 digits with mpmath: scripts/reference_normal_quantile.py.
const REFERENCE: [number, number][] = [
  [0.5, 0.67448975019608174],
  [0.8, 1.2815515655446005],
  [0.9, 1.6448536269514727],
  [0.95, 1.9599639845400542],
  [0.99, 2.5758293035489008],
  [0.999, 3.2905267314918948],
  [0.999999, 4.8916384756985904],
];

describe("centralNormalQuantile", () => {
  it.each(REFERENCE)("P(|Z| ≤ z) = %s: z within Acklam's 1.15e-9", (level, z) => {
    expect(relErr(centralNormalQuantile(level), z)).toBeLessThan(1.15e-9);
  });
});
