import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cpuBins, cpuLaw, stretchedVariance } from "../../src/deploy/cpuTimeBins.js";
import { relErr } from "../helpers.js";

// stretchedVariance(law, bin, δ, r) = Var(C + r·(C − δ)⁺ | C in the bin). Its two ends are exact
// identities: past the bin (δ ≥ its top) no request meets a pause, Y = C; before it (δ ≤ its
// bottom) every one does, Y = (1 + r)·C − r·δ, whose variance is (1 + r)² times C's.
describe("the CPU time's spread with the pauses it meets", () => {
  const laws = fc.record({
    scv: fc.double({ min: 0.05, max: 4, noNaN: true }),
    r: fc.double({ min: 0, max: 5, noNaN: true }),
    bin: fc.integer({ min: 0, max: 10 }),
  });

  it("is the bin's own variance before δ reaches it and (1 + r)² times it past (fast-check)", () => {
    fc.assert(
      fc.property(laws, ({ scv, r, bin: i }) => {
        const law = cpuLaw(0.02, scv);
        const bin = cpuBins(law, 0, 0)[i]!;
        expect(
          relErr(stretchedVariance(law, bin, bin.toSec * 1.01 + 1e-9, r), bin.varianceSec2),
        ).toBeLessThan(1e-9);
        if (bin.fromSec > 0) {
          const before = stretchedVariance(law, bin, bin.fromSec * 0.99, r);
          expect(relErr(before, (1 + r) ** 2 * bin.varianceSec2)).toBeLessThan(1e-9);
        }
      }),
    );
  });

  it("moves continuously as δ crosses the bin (no jump at its edges) (fast-check)", () => {
    fc.assert(
      fc.property(laws, ({ scv, r, bin: i }) => {
        const law = cpuLaw(0.02, scv);
        const bin = cpuBins(law, 0, 0)[i]!;
        for (const edge of [bin.fromSec, bin.toSec]) {
          if (!(edge > 0 && edge < Infinity)) continue;
          const below = stretchedVariance(law, bin, edge * (1 - 1e-7), r);
          const above = stretchedVariance(law, bin, edge * (1 + 1e-7), r);
          expect(Math.abs(above - below)).toBeLessThanOrEqual(
            1e-4 * Math.max(below, above) + 1e-18,
          );
        }
      }),
    );
  });
});
