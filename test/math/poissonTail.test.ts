import { describe, expect, it } from "vitest";
import { erfcx } from "../../src/math/erfcx.js";
import { lowerTailRatio, upperTailRatio } from "../../src/math/poisson.js";
import { poissonTailRatioUniform } from "../../src/math/poissonTemme.js";
import reference from "../fixtures/reference.json" with { type: "json" };
import { relErr } from "../helpers.js";

// Reference values: test/fixtures/make_reference.py (mpmath, 60 digits): the tail ratios from
// mpmath.gammainc at both sides of every switch-over in src/math/poisson.ts and poissonTemme.ts
// (k = 499 | 500, λ/(k+1) = 0.8 and 1.25, erfcx's argument at 4, k + 1 = 1000, 10⁴, 10⁵), erfcx
// from mpmath.erfc at both sides of each switch-over in src/math/erfcx.ts.

describe("Poisson tail ratios against the mpmath reference", () => {
  it.each(reference.poissonTail.map((r) => [r.k, r.lambda, r] as const))(
    "k = %d, λ = %d",
    (k, lambda, ref) => {
      const ratio = ref.kind === "lower" ? lowerTailRatio(k, lambda) : upperTailRatio(k, lambda);
      expect(relErr(ratio, Number(ref.ratio))).toBeLessThan(1e-14);
    },
  );

  it("covers both sides of each switch-over, and Temme's band from inside", () => {
    const rows = reference.poissonTail;
    const inBand = (r: (typeof rows)[number]): boolean =>
      r.k >= 500 && r.lambda >= 0.8 * (r.k + 1) && r.lambda <= 1.25 * (r.k + 1);
    for (const kind of ["lower", "upper"]) {
      const some = rows.filter((r) => r.kind === kind);
      expect(some.some(inBand)).toBe(true);
      expect(some.some((r) => !inBand(r) && r.k >= 500)).toBe(true);
      expect(some.some((r) => r.k === 499)).toBe(true);
    }
    expect(rows.filter(inBand).some((r) => r.k + 1 < 1.01 * r.lambda)).toBe(true);
  });

  it("Temme's expansion agrees with the term-by-term sums inside its band", () => {
    // The sums are exact to rounding whatever their length: a second, independent check.
    for (const k of [500, 800, 3000, 20000]) {
      for (const mu of [0.8, 0.9, 0.99, 1, 1.01, 1.1, 1.25]) {
        const lambda = mu * (k + 1);
        const upper = lambda <= k;
        const sum = upper ? directUpper(k, lambda) : directLower(k, lambda);
        expect(relErr(poissonTailRatioUniform(k, lambda, upper), sum)).toBeLessThan(1e-14);
      }
    }
  });
});

describe("erfcx against the mpmath reference", () => {
  it.each(reference.erfcx.map((r) => [r.y, r.erfcx] as const))("y = %d", (y, value) => {
    expect(relErr(erfcx(y), Number(value))).toBeLessThan(1e-14);
  });

  it("is 0 at +Infinity and 1 at 0", () => {
    expect(erfcx(Infinity)).toBe(0);
    expect(relErr(erfcx(0), 1)).toBeLessThan(1e-15);
  });
});

function directLower(k: number, lambda: number): number {
  let term = 1;
  let sum = 1;
  for (let j = 0; j < k && term > 1e-18 * sum; j++) {
    term *= (k - j) / lambda;
    sum += term;
  }
  return sum;
}

function directUpper(k: number, lambda: number): number {
  let term = 1;
  let sum = 0;
  for (let j = 1; term > 1e-18 * sum || j === 1; j++) {
    term *= lambda / (k + j);
    sum += term;
  }
  return sum;
}
