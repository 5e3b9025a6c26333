import { describe, expect, it } from "vitest";
import { gammaIntervalLogProbability } from "../../src/math/gammaIntervalLogProbability.js";
import { gammaQuantile } from "../../src/math/gammaQuantile.js";
import { logGammaTails } from "../../src/math/gammaTails.js";
import { relErr } from "../helpers.js";

// [a, x, ln P(a, x), ln Q(a, x)] and [a, p, x with P(a, x) = p], from mpmath at 50 digits:
// /usr/bin/python3 scripts/reference_bucket_fit.py (its "tails" and "quantiles").
const TAILS: [number, number, number, number][] = [
  [0.001, 1e-300, -0.6901991342999303, -0.6961039435002198],
  [0.001, 0.5, -0.0005602235523847767, -7.487454751906464],
  [0.001, 1000000.0, -0.0, -1000020.7088749318],
  [0.7, 0.3, -0.8665073257155322, -0.545447035988242],
  [2, 5, -0.04126759586340631, -3.208240530771945],
  [8, 1.33, -9.496080644408497, -7.514860007536707e-5],
  [20, 19, -0.8223619361769227, -0.5787344591190763],
  [20, 21, -0.48493498481024994, -0.9564286576510694],
  [499, 500, -0.6466731937256601, -0.7418867154956301],
  [500, 400, -14.025074101550945, -8.109384366904011e-7],
  [600, 600, -0.6823477709106521, -0.7040644918848876],
  [10000.0, 1e-9, -289341.58620627946, -0.0],
  [10000.0, 7900, -261.1885871064052, -3.691797603740696e-114],
  [10000.0, 10000.0, -0.6904910944019723, -0.69581034030382],
  [10000.0, 13000, -4.712347177485643e-166, -380.67893931394406],
  [1000000.0, 1000000.0, -0.692881254399696, -0.6934131774557283],
  [1000000.0, 1001000.0, -0.17275373112418319, -1.8410218990178857],
  [100000000.0, 100000000.0, -0.6931205847615884, -0.6931737770656575],
  [100000000.0, 99990000.0, -1.8410216475513363, -0.17275377854408253],
  [100000000.0, 130000000.0, -0.0, -3763582.478557141],
  [10000.0, 1e300, -0.0, -1e300],
];
const QUANTILES: [number, number, number][] = [
  [0.001, 0.99, 2.4259428385578437e-5],
  [0.5, 0.9, 1.3527717270477075],
  [0.7, 0.5, 0.40742374847644125],
  [2, 0.99, 6.638352067993811],
  [8, 1e-10, 0.21684078448293795],
  [10000.0, 0.5, 9999.666668642047],
  [10000.0, 0.99, 10234.104379158054],
];

/** |a − b| within `rel`·|b|, or 1e-14 absolute for logs of probabilities near 1 (near 0). */
const close = (a: number, b: number, rel: number): boolean =>
  Math.abs(a - b) <= rel * Math.abs(b) + 1e-14;

describe("logGammaTails", () => {
  it.each(TAILS)("ln P and ln Q at a = %d, x = %d match mpmath", (a, x, logP, logQ) => {
    const t = logGammaTails(a, x);
    expect(close(t.logLower, logP, 1e-11), `ln P ${t.logLower} vs ${logP}`).toBe(true);
    expect(close(t.logUpper, logQ, 1e-11), `ln Q ${t.logUpper} vs ${logQ}`).toBe(true);
  });

  it("is exact at 0 and Infinity", () => {
    expect(logGammaTails(2, 0)).toEqual({ logLower: -Infinity, logUpper: 0 });
    expect(logGammaTails(2, Infinity)).toEqual({ logLower: 0, logUpper: -Infinity });
  });

  it("answers without NaN at shapes up to 1e12 and arguments from 1e-300 to 1e300", () => {
    for (const a of [1e-9, 1e-3, 1, 15, 16, 499, 501, 1e4, 1e8, 1e12]) {
      for (const x of [1e-300, 1e-9, 0.5 * a, 0.8 * a, a, a + 1, 1.25 * a, 2 * a, 1e300]) {
        const t = logGammaTails(a, x);
        expect(t.logLower <= 0 && t.logUpper <= 0, `a = ${a}, x = ${x}`).toBe(true);
        expect(relErr(Math.exp(t.logLower) + Math.exp(t.logUpper), 1)).toBeLessThan(1e-12);
      }
    }
  });
});

describe("gammaQuantile", () => {
  // At a = 0.001, P(a, x) ≈ xᵃ/Γ(a+1): a rounding error ε in P moves x by ε/a relatively, so a
  // quantile can be no closer than about 1e-13/a there.
  it.each(QUANTILES)("at a = %d, p = %d matches mpmath", (a, p, x) => {
    expect(relErr(gammaQuantile(a, p), x)).toBeLessThan(Math.max(1e-12, 1e-14 / a));
  });

  it("is 0 where the quantile is below the smallest double", () => {
    expect(gammaQuantile(1e-4, 0.5)).toBe(0);
  });
});

describe("gammaIntervalLogProbability", () => {
  it("adds up: the buckets of a partition have total probability 1", () => {
    for (const a of [1e-3, 0.7, 8, 1e4]) {
      const bounds = [0, 1e-9, 0.01 * a, 0.9 * a, a, 1.1 * a, 100 * a, Infinity];
      const total = bounds
        .slice(1)
        .reduce(
          (s, b, i) => s + Math.exp(gammaIntervalLogProbability(a, bounds[i] as number, b)),
          0,
        );
      expect(relErr(total, 1)).toBeLessThan(1e-12);
    }
  });

  it("keeps a far tail's probability in log space (e^-380 for a = 1e4 past x = 13000)", () => {
    expect(
      relErr(gammaIntervalLogProbability(1e4, 13000, Infinity), -380.67893931394406),
    ).toBeLessThan(1e-11);
  });

  it("is -Infinity for an interval without mass in double precision", () => {
    expect(gammaIntervalLogProbability(2, 1e300, 1.0000000000000001e300)).toBe(-Infinity);
  });
});
