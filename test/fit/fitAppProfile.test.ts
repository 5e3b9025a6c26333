import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  fitAppProfile,
  GiB,
  ModelInputError,
  simulateDeployment,
} from "../../src/index.js";
import { relErr } from "../helpers.js";

describe("fitAppProfile", () => {
  it("splits a single-client latency into CPU and GIL-free time", () => {
    const fit = fitAppProfile({
      singleClient: { meanLatencySec: 0.03, requests: 1000, workerCpuSecPerRequest: 0.01 },
    });
    expect(fit.app.cpuTimeSec).toBe(0.01);
    expect(relErr(fit.app.ioTimeSec, 0.02)).toBeLessThan(1e-12);
    expect(fit.standardErrorSec).toBe(0);
  });

  it("one SCV for CPU and I/O from the spread: Var R = s·(cpu² + io²)/B", () => {
    // cpu 10 ms, io 20 ms, 2 bursts, s = 0.5: Var = 0.5·(1e-4 + 4e-4)/2 = 1.25e-4, sd = 11.18 ms.
    const fit = fitAppProfile({
      singleClient: {
        meanLatencySec: 0.03,
        latencyStdDevSec: Math.sqrt(1.25e-4),
        requests: 400,
        workerCpuSecPerRequest: 0.01,
      },
      burstsPerRequest: 2,
    });
    expect(relErr(fit.app.cpuTimeScv!, 0.5)).toBeLessThan(1e-12);
    expect(relErr(fit.standardErrorSec, Math.sqrt(1.25e-4) / 20)).toBeLessThan(1e-12);
  });

  it("recovers a simulated application from its single-client run", () => {
    // The simulation's CPU time per request is exact (its input), its latency is measured.
    const app = {
      cpuTimeSec: 0.008,
      ioTimeSec: 0.024,
      burstsPerRequest: 3,
      cpuTimeScv: 1,
      ioTimeScv: 1,
    };
    const deployment = { kind: "daemon" as const, processes: 2, threads: 4, hopTimeSec: 0 };
    const machine = { cores: 2, memoryBytes: GiB(4) };
    const sim = simulateDeployment({
      deployment,
      app,
      machine,
      load: { clients: 1, thinkTimeSec: 0 },
      requests: 20_000,
      seed: 5,
    });
    const fit = fitAppProfile({
      singleClient: {
        meanLatencySec: sim.meanResponseTimeSec.mean,
        requests: sim.requests,
        workerCpuSecPerRequest: 0.008,
      },
      burstsPerRequest: 3,
    });
    expect(relErr(fit.app.ioTimeSec, 0.024)).toBeLessThan(0.03);
    // And predicts 8 connections as well as the true profile does.
    const predict = (a: typeof app | typeof fit.app) =>
      evaluateDeployment({
        deployment,
        app: { ...a, contextSwitchSec: 0 },
        machine,
        load: { clients: 8, thinkTimeSec: 0 },
      }).throughputPerSec;
    expect(relErr(predict(fit.app), predict(app))).toBeLessThan(0.03);
  });

  it("rejects missing measurements naming the field", () => {
    expect(() =>
      fitAppProfile({
        singleClient: { meanLatencySec: 0, requests: 1, workerCpuSecPerRequest: 0.01 },
      }),
    ).toThrow(/singleClient\.meanLatencySec/);
    expect(() =>
      fitAppProfile({
        singleClient: { meanLatencySec: 0.1, requests: 0, workerCpuSecPerRequest: 0.01 },
      }),
    ).toThrow(ModelInputError);
  });
});
