import { describe, expect, it } from "vitest";
import { simulateDeployment } from "../../src/index.js";
import { agrees, relErr } from "../helpers.js";

const machine = { cores: 2, memoryBytes: 4e9 };
const app = { cpuTimeSec: 0.01, ioTimeSec: 0 };

describe("simulateDeployment reduces to the known queues", () => {
  // 2 prefork workers on 2 cores, exponential 10 ms of CPU, no I/O, 100 req/s: an M/M/2 queue
  // with ρ = λS/c = 0.5, whose mean response time is S/(1 − ρ²) = 0.01/0.75 = 13.333… ms
  // (Kleinrock, Queueing Systems Vol. 1 (1975), §3.5, M/M/c with c = 2).
  it("2 prefork workers on 2 cores, no I/O: M/M/2", () => {
    const sim = simulateDeployment({
      deployment: { kind: "prefork", processes: 2 },
      app,
      machine,
      load: { arrivalRatePerSec: 100 },
      requests: 200_000,
      seed: 1,
    });
    agrees(sim.meanResponseTimeSec, 0.01 / 0.75);
    expect(relErr(sim.throughputPerSec, 100)).toBeLessThan(0.01);
    expect(Math.abs(sim.coreUtilization - 0.5)).toBeLessThan(0.01);
  });

  // An open load's run does not depend on the daemon hop, so with the same seed every response
  // time is the same run's plus the hop: the mean and every quantile move by exactly 5 ms.
  it("adds the daemon hop to every response time", () => {
    const question = {
      app,
      machine,
      load: { arrivalRatePerSec: 100 },
      requests: 20_000,
      seed: 4,
    };
    const deployment = { kind: "daemon", processes: 2, threads: 1 } as const;
    const without = simulateDeployment({
      ...question,
      deployment: { ...deployment, hopTimeSec: 0 },
    });
    const hop = simulateDeployment({
      ...question,
      deployment: { ...deployment, hopTimeSec: 0.005 },
    });
    expect(
      relErr(hop.meanResponseTimeSec.mean - without.meanResponseTimeSec.mean, 0.005),
    ).toBeLessThan(1e-9);
    for (const p of [0.5, 0.99]) {
      expect(
        relErr(hop.responseTimeQuantileSec(p) - without.responseTimeQuantileSec(p), 0.005),
      ).toBeLessThan(1e-9);
    }
    expect(hop.throughputPerSec).toBe(without.throughputPerSec);
  });
});
