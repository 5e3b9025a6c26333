import { describe, expect, it } from "vitest";
import { ModelInputError, spikePhases } from "../../src/index.js";
import { thrown } from "../helpers.js";

describe("spikePhases", () => {
  const ok = {
    arrivalRatePerSec: 30,
    spikeFactor: 3,
    spikeDurationSec: 30,
    beforeSec: 100,
    afterSec: 600,
  };
  it("λ before, h·λ for L seconds, λ after", () => {
    expect(spikePhases(ok)).toEqual([
      { durationSec: 100, arrivalRatePerSec: 30 },
      { durationSec: 30, arrivalRatePerSec: 90 },
      { durationSec: 600, arrivalRatePerSec: 30 },
    ]);
  });
  it("names the bad field", () => {
    for (const [field, value] of [
      ["arrivalRatePerSec", -1],
      ["spikeFactor", 0.9],
      ["spikeDurationSec", 0],
      ["beforeSec", Number.NaN],
      ["afterSec", -5],
    ] as const) {
      expect(thrown(ModelInputError, () => spikePhases({ ...ok, [field]: value })).field).toBe(
        field,
      );
    }
    expect(() => spikePhases({ ...ok, during: 3 } as never)).toThrow(/`during`/);
  });
});
