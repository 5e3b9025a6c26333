import { describe, expect, it } from "vitest";
import { erlangB } from "../../src/index.js";
import reference from "../fixtures/reference.json" with { type: "json" };
import { relErr } from "../helpers.js";

// Reference values: test/fixtures/make_reference.py (mpmath, 60 digits, incomplete gamma).
// The grid itself (servers to 1,000,000, loads to 1e12) is checked in erlang.test.ts.
describe("erlangB against the mpmath reference", () => {
  it.each(reference.erlang.map((r) => [r.servers, r.offeredLoad, r.erlangB] as const))(
    "c = %d, a = %d",
    (c, a, b) => {
      expect(relErr(erlangB(c, a), Number(b))).toBeLessThan(1e-12);
    },
  );
});

describe("published examples", () => {
  // Erlang B table: B(10, 5) = 0.01838457 (exact rational arithmetic, checked with Python's
  // fractions module: 0.018384570336648132); B(2, 1) = 1/5.
  it("Erlang B small cases", () => {
    expect(relErr(erlangB(10, 5), 0.018384570336648132)).toBeLessThan(1e-15);
    expect(relErr(erlangB(2, 1), 0.2)).toBeLessThan(1e-15);
  });
});
