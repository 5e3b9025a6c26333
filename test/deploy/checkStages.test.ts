import { describe, expect, it } from "vitest";
import { checkStages, evaluateDeployment, type MeasuredStage } from "../../src/index.js";
import { calibratedQuestion } from "../helpers.js";

const { machine, deployment, app, uncertainty } = calibratedQuestion;

describe("checkStages", () => {
  /** A stage measured exactly as the model predicts it. */
  const stage = (users: number, requests: number): MeasuredStage => {
    const e = evaluateDeployment({
      deployment,
      app,
      machine,
      load: { clients: users, thinkTimeSec: 0.05 },
    });
    return {
      users,
      window: { fromSec: 0, toSec: 30 },
      client: {
        source: "h.csv",
        format: "locust-history",
        where: "client",
        requests,
        throughputPerSec: e.throughputPerSec,
        meanResponseTimeSec: e.meanResponseTimeSec,
        quantilesSec: { "0.99": e.responseTimeQuantileSec(0.99) * 1.5 },
      },
    };
  };
  const calibration = { app, uncertainty, level: 0.9, stages: [stage(1, 600), stage(8, 3000)] };
  const c = checkStages({ calibration, deployment, machine, thinkTimeSec: 0.05 });

  it("gives no error where the measurement is the prediction, and finds a 50 % miss", () => {
    for (const s of c.stages) {
      expect(Math.abs(s.errors.throughputPerSec!)).toBeLessThan(1e-12);
      expect(Math.abs(s.errors.meanResponseTimeSec!)).toBeLessThan(1e-12);
      expect(s.errors.p99Sec).toBeCloseTo(1 / 1.5 - 1, 12);
      expect(s.inside.throughputPerSec).toBe(true);
      expect(s.inside.p99Sec).toBe(false);
    }
    expect(c.insideFraction).toBeCloseTo(4 / 6, 12);
    expect(c.errors.p99Sec?.median).toBeCloseTo(1 / 3, 12);
  });

  it("widens the intervals by the stage's sampling noise: fewer requests, wider", () => {
    const few = checkStages({
      calibration: { ...calibration, stages: [stage(8, 30)] },
      deployment,
      machine,
      thinkTimeSec: 0.05,
    }).stages[0]!;
    const many = c.stages[1]!;
    const width = (s: typeof few) =>
      s.predicted.meanResponseTimeSec.upper - s.predicted.meanResponseTimeSec.lower;
    expect(width(few)).toBeGreaterThan(width(many));
  });

  it("refuses no stages and a negative think time, naming the field", () => {
    expect(() =>
      checkStages({
        calibration: { ...calibration, stages: [] },
        deployment,
        machine,
        thinkTimeSec: 0,
      }),
    ).toThrow(/calibration\.stages/);
    expect(() => checkStages({ calibration, deployment, machine, thinkTimeSec: -1 })).toThrow(
      /thinkTimeSec/,
    );
  });
});
