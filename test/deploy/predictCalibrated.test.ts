import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkStages,
  evaluateDeployment,
  GiB,
  gunicornDeployment,
  ModelInputError,
  predictCalibrated,
  type Calibration,
  type FittedValue,
  type MeasuredStage,
} from "../../src/index.js";

const fitted = (value: number, se: number): FittedValue => ({
  value,
  standardError: se,
  lower: Math.max(0, value - 1.6448536269514727 * se),
  upper: value + 1.6448536269514727 * se,
  from: "test",
});
const machine = { cores: 2, memoryBytes: GiB(4) };
const deployment = { kind: "daemon" as const, processes: 1, threads: 4 };
const app = {
  cpuTimeSec: 0.008,
  ioTimeSec: 0.016,
  burstsPerRequest: 2,
  cpuTimeScv: 0.8,
  ioTimeScv: 0.8,
};
const uncertainty: Calibration["uncertainty"] = {
  responseTimeSec: fitted(0.024, 0.0005),
  cpuTimeSec: fitted(0.008, 0.0002),
  cpuTimeScv: { value: 0.8, lower: 0.6, upper: 1.1, from: "test" },
};

describe("predictCalibrated", () => {
  it("with no uncertainty, gives the evaluation itself with intervals of no width", () => {
    const load = { clients: 6, thinkTimeSec: 0.05 };
    const p = predictCalibrated({
      deployment,
      machine,
      load,
      calibration: { app, uncertainty: {}, level: 0.9 },
    });
    const e = evaluateDeployment({ deployment, app, machine, load });
    expect(p.meanResponseTimeSec).toEqual({
      estimate: e.meanResponseTimeSec,
      lower: e.meanResponseTimeSec,
      upper: e.meanResponseTimeSec,
    });
    expect(p.quantilesSec["0.99"]!.estimate).toBe(e.responseTimeQuantileSec(0.99));
  });

  it("moves the CPU time inside the time alone: more CPU, less capacity", () => {
    const only = { cpuTimeSec: uncertainty.cpuTimeSec! };
    const p = predictCalibrated({
      deployment,
      machine,
      load: { arrivalRatePerSec: 50 },
      calibration: { app, uncertainty: only, level: 0.9 },
    });
    const high = evaluateDeployment({
      deployment,
      machine,
      load: { arrivalRatePerSec: 50 },
      app: { ...app, cpuTimeSec: only.cpuTimeSec.upper, ioTimeSec: 0.024 - only.cpuTimeSec.upper },
    });
    expect(p.capacityPerSec.lower).toBeCloseTo(high.capacityPerSec, 9);
  });

  it("property: lower ≤ estimate ≤ upper for every figure, and wider with more uncertainty", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.05, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        (cpu, io, relative, clients) => {
          const a = { cpuTimeSec: cpu, ioTimeSec: io };
          const r = cpu + io;
          const u = (k: number): Calibration["uncertainty"] => ({
            responseTimeSec: fitted(r, k * relative * r),
            cpuTimeSec: fitted(cpu, k * relative * cpu),
            cpuTimeScv: {
              value: 1,
              lower: 1 / (1 + k * relative),
              upper: 1 + k * relative,
              from: "t",
            },
          });
          const load = { clients, thinkTimeSec: 0.02 };
          const one = predictCalibrated({
            deployment,
            machine,
            load,
            calibration: { app: a, uncertainty: u(1), level: 0.9 },
          });
          const two = predictCalibrated({
            deployment,
            machine,
            load,
            calibration: { app: a, uncertainty: u(2), level: 0.9 },
          });
          const all = (p: typeof one) => [
            p.throughputPerSec,
            p.capacityPerSec,
            p.meanResponseTimeSec,
            ...Object.values(p.quantilesSec),
          ];
          for (const i of all(one)) {
            expect(i.lower).toBeLessThanOrEqual(i.estimate);
            expect(i.estimate).toBeLessThanOrEqual(i.upper);
            expect(Number.isNaN(i.lower) || Number.isNaN(i.upper)).toBe(false);
          }
          const wide = all(two);
          all(one).forEach((i, k) => {
            expect(wide[k]!.upper - wide[k]!.lower).toBeGreaterThanOrEqual(
              (i.upper - i.lower) * (1 - 1e-9) - 1e-12,
            );
          });
        },
      ),
      { numRuns: 60 },
    );
  }, 600_000);

  it("refuses a calibration without its fields", () => {
    expect(() =>
      predictCalibrated({
        deployment,
        machine,
        load: { clients: 1, thinkTimeSec: 0 },
        calibration: { app } as never,
      }),
    ).toThrow(ModelInputError);
  });
});

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

describe("gunicornDeployment", () => {
  it("maps gunicorn's worker classes to the model's deployments", () => {
    expect(gunicornDeployment({})).toEqual({ kind: "prefork", processes: 1 });
    expect(gunicornDeployment({ workerClass: "sync", workers: 4 })).toEqual({
      kind: "prefork",
      processes: 4,
    });
    // gunicorn runs gthread when --threads is above 1 with the sync class.
    expect(gunicornDeployment({ workers: 2, threads: 4 })).toEqual(
      gunicornDeployment({ workerClass: "gthread", workers: 2, threads: 4 }),
    );
    expect(gunicornDeployment({ workerClass: "gthread", workers: 2, threads: 4 })).toEqual({
      kind: "daemon",
      processes: 2,
      threads: 4,
      hopTimeSec: 0,
      dispatch: "pinned",
    });
    expect(gunicornDeployment({ workerClass: "gevent", workers: 3 })).toEqual({
      kind: "async",
      processes: 3,
      concurrency: 1000,
      dispatch: "pinned",
    });
  });

  it("refuses an unknown worker class or count, naming the setting", () => {
    expect(() => gunicornDeployment({ workerClass: "tornado" as never })).toThrow(
      /`settings.workerClass`/,
    );
    expect(() => gunicornDeployment({ workers: 0 })).toThrow(/`settings.workers`/);
    expect(() => gunicornDeployment({ thread: 2 } as never)).toThrow(/thread/);
  });
});
