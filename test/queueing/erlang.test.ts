import { describe, expect, it } from "vitest";
import { stirlerr } from "../../src/math/saddlePoint.js";
import reference from "../fixtures/reference.json" with { type: "json" };
import { relErr } from "../helpers.js";

// Reference values: test/fixtures/make_reference.py (mpmath, 60 digits, incomplete gamma).
// Each model's values are checked in erlangB.test.ts and erlangC.test.ts; this file checks the
// grid they share and the Stirling-error table behind it.
describe("erlangB / erlangC against the mpmath reference", () => {
  it("has a reference grid reaching 1,000,000 servers, loads to 1e12 and rho = 1 - 1e-9", () => {
    const rows = reference.erlang;
    expect(rows.length).toBeGreaterThan(200);
    expect(Math.max(...rows.map((r) => r.servers))).toBe(1_000_000);
    expect(Math.max(...rows.map((r) => r.offeredLoad))).toBe(1e12);
    expect(rows.some((r) => r.servers === 1_000_000 && r.offeredLoad === 999999.999)).toBe(true);
  });

  it("matches the Stirling-error table", () => {
    reference.stirlerr.forEach((v, i) =>
      expect(relErr(stirlerr(i + 1), Number(v))).toBeLessThan(1e-15),
    );
  });
});
