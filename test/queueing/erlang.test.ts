import { describe, expect, it } from "vitest";
import { erlangB, erlangC } from "../../src/index.js";
import { stirlerr } from "../../src/math/saddlePoint.js";
import reference from "../fixtures/reference.json" with { type: "json" };
import { relErr } from "../helpers.js";

// Reference values: test/fixtures/make_reference.py (mpmath, 60 digits, incomplete gamma).
describe("erlangB / erlangC against the mpmath reference", () => {
  it("has a reference grid reaching 1,000,000 servers, loads to 1e12 and rho = 1 - 1e-9", () => {
    const rows = reference.erlang;
    expect(rows.length).toBeGreaterThan(200);
    expect(Math.max(...rows.map((r) => r.servers))).toBe(1_000_000);
    expect(Math.max(...rows.map((r) => r.offeredLoad))).toBe(1e12);
    expect(rows.some((r) => r.servers === 1_000_000 && r.offeredLoad === 999999.999)).toBe(true);
  });

  it.each(reference.erlang.map((r) => [r.servers, r.offeredLoad, r.erlangB, r.erlangC] as const))(
    "c = %d, a = %d",
    (c, a, b, cw) => {
      expect(relErr(erlangB(c, a), Number(b))).toBeLessThan(1e-12);
      expect(relErr(erlangC(c, a), Number(cw))).toBeLessThan(1e-12);
    },
  );

  it("matches the Stirling-error table", () => {
    reference.stirlerr.forEach((v, i) =>
      expect(relErr(stirlerr(i + 1), Number(v))).toBeLessThan(1e-15),
    );
  });
});
