import { describe, expect, it } from "vitest";
import { ModelInputError, serviceDemand } from "../../src/index.js";
import { relErr } from "../helpers.js";

describe("serviceDemand", () => {
  it("fits the utilization law by least squares (worked by hand)", () => {
    // x̄ = 25, Sxx = 500, ȳ = 0.545, Sxy = 10 → D = 0.02, U₀ = 0.045; residuals 0.005, 0.005,
    // −0.025, 0.015 → SSE = 9e-4, SE = √(9e-4 / 2 / 500) = √9e-7.
    const d = serviceDemand({
      throughputPerSec: [10, 20, 30, 40],
      busyCores: [0.25, 0.45, 0.62, 0.86],
    });
    expect(relErr(d.demandSec, 0.02)).toBeLessThan(1e-12);
    expect(relErr(d.backgroundCores, 0.045)).toBeLessThan(1e-12);
    expect(relErr(d.standardErrorSec, Math.sqrt(9e-7))).toBeLessThan(1e-9);
    expect(
      relErr(d.rSquared, 1 - 9e-4 / (0.295 ** 2 + 0.095 ** 2 + 0.075 ** 2 + 0.315 ** 2)),
    ).toBeLessThan(1e-12);
  });

  it("two runs give the line through them and no standard error", () => {
    const d = serviceDemand({ throughputPerSec: [50, 150], busyCores: [0.6, 1.6] });
    expect(relErr(d.demandSec, 0.01)).toBeLessThan(1e-12);
    expect(d.standardErrorSec).toBe(Infinity);
  });

  it("rejects a single load and mismatched arrays, naming the field", () => {
    expect(() => serviceDemand({ throughputPerSec: [10, 10], busyCores: [0.1, 0.2] })).toThrow(
      /throughputPerSec/,
    );
    expect(() => serviceDemand({ throughputPerSec: [10, 20], busyCores: [0.1] })).toThrow(
      ModelInputError,
    );
    expect(() => serviceDemand({ throughputPerSec: [10, -1], busyCores: [0.1, 0.2] })).toThrow(
      /throughputPerSec\[1\]/,
    );
  });
});
