import { describe, expect, it } from "vitest";
import { describePlanStep, type PlanStep, type PlanStepFigures } from "../../src/index.js";

// The words of each kind of step, as `pywebperf plan` printed them when the trace carried
// words (the figures rounded to whole percents and milliseconds).

const figures: PlanStepFigures = {
  tier: "database",
  kind: "database",
  action: "add shard",
  count: 1,
  servers: 2,
  shards: 2,
  readReplicas: 0,
  utilization: 0.54,
  responseTimeQuantileSec: 0.1434,
  costPerMonth: 2280,
};

describe("describePlanStep", () => {
  it("words a tier above the limit, intact or after a loss, ∞ when the loss takes it down", () => {
    const over = { reason: "utilization", busyTier: "database", maxUtilization: 0.8 } as const;
    expect(describePlanStep({ ...figures, ...over, busyUtilization: 1.08 })).toBe(
      "database at 108 % > 80 %",
    );
    expect(
      describePlanStep({
        ...figures,
        ...over,
        busyUtilization: Infinity,
        lost: "one database replica or primary",
      }),
    ).toBe("database at ∞ after the loss of one database replica or primary > 80 %");
  });

  it("words a missed SLO with the quantile's name (p99, p99.9)", () => {
    const slo: PlanStep = {
      ...figures,
      reason: "slo",
      quantile: 0.99,
      quantileBeforeSec: 0.6124,
      targetSec: 0.5,
    };
    expect(describePlanStep(slo)).toBe("p99 612 ms > 500 ms");
    expect(describePlanStep({ ...slo, quantile: 0.999, quantileBeforeSec: Infinity })).toBe(
      "p99.9 ∞ > 500 ms",
    );
  });

  it("words a trimming step with the limits kept", () => {
    const trim: PlanStep = {
      ...figures,
      action: "remove server",
      reason: "trim",
      maxUtilization: 0.8,
      quantile: 0.99,
      targetSec: 0.4,
    };
    expect(describePlanStep(trim)).toBe("still within 80 % and p99 ≤ 400 ms");
  });

  it("words a minimum, with the SLO only when it was checked", () => {
    const kept: PlanStep = {
      ...figures,
      action: "keep minimum",
      count: 0,
      reason: "minimum",
      field: "minShards",
      keptAt: 2,
      maxUtilization: 0.8,
      quantile: 0.99,
      targetSec: 0.4,
      sloChecked: true,
    };
    expect(describePlanStep(kept)).toBe(
      "kept at 2 by minShards (one fewer would be within 80 % and p99 ≤ 400 ms)",
    );
    expect(describePlanStep({ ...kept, sloChecked: false })).toBe(
      "kept at 2 by minShards (one fewer would be within 80 %)",
    );
  });
});
