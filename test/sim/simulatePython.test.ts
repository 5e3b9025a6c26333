import { describe, expect, it } from "vitest";
import { mm1, mmc, simulatePython } from "../../src/index.js";
import { agrees, relErr } from "../helpers.js";

describe("simulatePython reduces to the known queues", () => {
  it("one process, one thread, no I/O: M/M/1", () => {
    const sim = simulatePython({
      arrivalRatePerSec: 35,
      processes: 1,
      cores: 1,
      cpuTimeSec: 0.02,
      requests: 200_000,
      seed: 2,
    });
    const exact = mm1({ arrivalRatePerSec: 35, serviceTimeSec: 0.02 });
    agrees(sim.meanResponseTimeSec, exact.meanResponseTimeSec);
    // The empirical p99 of 200,000 autocorrelated responses spreads by about ±5 % between seeds
    // (seeds 1–4 at 400,000 gave 0.294–0.316 s against the exact 0.307 s, as did simulateQueue).
    expect(
      relErr(sim.responseTimeQuantileSec(0.99), exact.responseTimeQuantileSec(0.99)),
    ).toBeLessThan(0.08);
    expect(Math.abs(sim.gilUtilization - 0.7)).toBeLessThan(0.01);
    expect(relErr(sim.throughputPerSec, 35)).toBeLessThan(0.01);
  });

  it("P single-threaded processes on P cores, no I/O: M/M/P", () => {
    const sim = simulatePython({
      arrivalRatePerSec: 160,
      processes: 4,
      cores: 4,
      cpuTimeSec: 0.02,
      requests: 200_000,
      seed: 3,
    });
    const exact = mmc({ arrivalRatePerSec: 160, serviceTimeSec: 0.02, servers: 4 });
    agrees(sim.meanResponseTimeSec, exact.meanResponseTimeSec);
    expect(Math.abs(sim.coreUtilization - 0.8)).toBeLessThan(0.01);
  });

  it("free-threaded: T threads of one process on T cores behave as T servers", () => {
    const sim = simulatePython({
      arrivalRatePerSec: 160,
      processes: 1,
      threadsPerProcess: 4,
      cores: 4,
      cpuTimeSec: 0.02,
      gil: "free-threaded",
      requests: 200_000,
      seed: 4,
    });
    agrees(
      sim.meanResponseTimeSec,
      mmc({ arrivalRatePerSec: 160, serviceTimeSec: 0.02, servers: 4 }).meanResponseTimeSec,
    );
  });

  it("shared GIL, CPU-bound: more threads keep the M/M/1 mean but widen the tail", () => {
    // The GIL serializes the threads: one process is one server whatever T. With exponential work
    // the mean of any work-conserving order equals M/M/1's; the switch interval's time slicing
    // (5 ms against 20 ms bursts) stretches long requests, so the p99 grows.
    const input = {
      arrivalRatePerSec: 35,
      processes: 1,
      cores: 4,
      cpuTimeSec: 0.02,
      requests: 200_000,
      seed: 5,
    };
    const one = simulatePython({ ...input, threadsPerProcess: 1 });
    const many = simulatePython({ ...input, threadsPerProcess: 16 });
    const exact = mm1({ arrivalRatePerSec: 35, serviceTimeSec: 0.02 });
    agrees(many.meanResponseTimeSec, exact.meanResponseTimeSec);
    expect(many.responseTimeQuantileSec(0.99)).toBeGreaterThan(
      1.1 * one.responseTimeQuantileSec(0.99),
    );
    expect(many.coreUtilization * 4).toBeLessThan(0.72); // one core's worth at most
  });

  it("shared GIL, I/O-bound: threads overlap the waits", () => {
    // 2 ms of bytecode and 48 ms of database per request: one thread serves at most 20 req/s,
    // 16 threads share a GIL that caps the process at 500 req/s.
    const input = {
      arrivalRatePerSec: 150,
      processes: 1,
      cores: 2,
      cpuTimeSec: 0.002,
      ioTimeSec: 0.048,
      burstsPerRequest: 3,
      requests: 100_000,
      seed: 6,
    };
    const sim = simulatePython({ ...input, threadsPerProcess: 16 });
    expect(relErr(sim.throughputPerSec, 150)).toBeLessThan(0.02);
    expect(Math.abs(sim.gilUtilization - 0.3)).toBeLessThan(0.01);
    expect(sim.meanResponseTimeSec.mean).toBeGreaterThan(0.05);
    expect(sim.meanResponseTimeSec.mean).toBeLessThan(0.08);
  });

  it("rejects bad input by field", () => {
    expect(() =>
      simulatePython({ arrivalRatePerSec: 1, processes: 0, cores: 1, cpuTimeSec: 0.01 }),
    ).toThrow(/`processes`/);
    expect(() =>
      simulatePython({
        arrivalRatePerSec: 1,
        processes: 1,
        cores: 1,
        cpuTimeSec: 0.01,
        gil: "none" as never,
      }),
    ).toThrow(/`gil`/);
  });
});
