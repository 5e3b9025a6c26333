import { describe, expect, it } from "vitest";
import { mm1, mmc, simulatePython } from "../../src/index.js";
import { serverMeans } from "../../src/python/serverModel.js";
import { relErr } from "../helpers.js";

// Work in progress (issue 5): the flow-equivalent server behind evaluateDeployment. Exact where
// the system is M/M/1 or M/M/P; checked against simulatePython where threads overlap I/O.
describe("serverMeans", () => {
  it("one single-threaded process without I/O is M/M/1", () => {
    const m = serverMeans({
      arrivalRatePerSec: 35,
      processes: 1,
      threadsPerProcess: 1,
      cores: 1,
      cpuTimeSec: 0.02,
      ioTimeSec: 0,
      gil: "shared",
    });
    expect(
      relErr(
        m.meanResponseTimeSec,
        mm1({ arrivalRatePerSec: 35, serviceTimeSec: 0.02 }).meanResponseTimeSec,
      ),
    ).toBeLessThan(1e-12);
    expect(m.capacityPerSec).toBe(50);
  });

  it("P single-threaded processes on P cores without I/O are M/M/P", () => {
    for (const processes of [2, 4, 9]) {
      const lambda = (0.85 * processes) / 0.02;
      const m = serverMeans({
        arrivalRatePerSec: lambda,
        processes,
        threadsPerProcess: 1,
        cores: processes,
        cpuTimeSec: 0.02,
        ioTimeSec: 0,
        gil: "shared",
      });
      const exact = mmc({ arrivalRatePerSec: lambda, serviceTimeSec: 0.02, servers: processes });
      expect(relErr(m.meanResponseTimeSec, exact.meanResponseTimeSec)).toBeLessThan(1e-12);
    }
  });

  it("a CPU-bound process keeps the M/M/1 mean however many threads it has (shared GIL)", () => {
    const m = serverMeans({
      arrivalRatePerSec: 35,
      processes: 1,
      threadsPerProcess: 16,
      cores: 4,
      cpuTimeSec: 0.02,
      ioTimeSec: 0,
      gil: "shared",
    });
    expect(
      relErr(
        m.meanResponseTimeSec,
        mm1({ arrivalRatePerSec: 35, serviceTimeSec: 0.02 }).meanResponseTimeSec,
      ),
    ).toBeLessThan(1e-12);
  });

  it("threads overlapping I/O: within 5 % of simulation while cores are not contended", () => {
    // Measured: +1.8 % (1 × 8 threads) and +1.9 % (2 × 4) with one burst per request; +3.7 % and
    // +3.3 % with three. With more runnable processes than cores the core cap is an
    // approximation (−9 to −10 % in the same measurement) — not asserted here.
    const cases = [
      { processes: 1, threadsPerProcess: 8, cores: 2, cpuTimeSec: 0.005, ioTimeSec: 0.045 },
      { processes: 2, threadsPerProcess: 4, cores: 2, cpuTimeSec: 0.01, ioTimeSec: 0.03 },
    ];
    for (const c of cases) {
      const capacity = serverMeans({ ...c, arrivalRatePerSec: 1, gil: "shared" }).capacityPerSec;
      const lambda = 0.7 * capacity;
      const m = serverMeans({ ...c, arrivalRatePerSec: lambda, gil: "shared" });
      const sim = simulatePython({ ...c, arrivalRatePerSec: lambda, requests: 200_000, seed: 1 });
      expect(relErr(m.meanResponseTimeSec, sim.meanResponseTimeSec.mean)).toBeLessThan(0.05);
      expect(Math.abs(m.gilUtilization - sim.gilUtilization)).toBeLessThan(0.01);
    }
  });

  it("overload is an answer", () => {
    const m = serverMeans({
      arrivalRatePerSec: 500,
      processes: 2,
      threadsPerProcess: 2,
      cores: 2,
      cpuTimeSec: 0.01,
      ioTimeSec: 0.01,
      gil: "shared",
    });
    expect(m.stable).toBe(false);
    expect(m.meanResponseTimeSec).toBe(Infinity);
    expect(m.throughputPerSec).toBe(m.capacityPerSec);
  });
});
