import { describe, expect, it } from "vitest";
import { erlangC } from "../../src/index.js";
import reference from "../fixtures/reference.json" with { type: "json" };
import { relErr } from "../helpers.js";

// Reference values: test/fixtures/make_reference.py (mpmath, 60 digits, incomplete gamma).
// The grid itself (servers to 1,000,000, loads to 1e12) is checked in erlang.test.ts.
describe("erlangC against the mpmath reference", () => {
  it.each(reference.erlang.map((r) => [r.servers, r.offeredLoad, r.erlangC] as const))(
    "c = %d, a = %d",
    (c, a, cw) => {
      expect(relErr(erlangC(c, a), Number(cw))).toBeLessThan(1e-12);
    },
  );
});
