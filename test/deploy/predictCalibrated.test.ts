import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  ModelInputError,
  predictCalibrated,
  type Calibration,
} from "../../src/index.js";
import { calibratedQuestion, fitted } from "../helpers.js";

const { machine, deployment, app, uncertainty } = calibratedQuestion;

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
