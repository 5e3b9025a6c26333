import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { finiteSource } from "../../src/index.js";
import {
  completionRates,
  coreStretch,
  multiServerRate,
  singleServerRates,
} from "../../src/python/serverRates.js";
import { relErr } from "../helpers.js";

// The kernels of the flow-equivalent server, against the finite-source (machine repairman)
// model, itself checked against 50-digit mpmath values (test/fixtures/make_reference.py).
describe("server rate kernels", () => {
  it("singleServerRates is the M/M/1//N throughput for every N", () => {
    const x = singleServerRates(40, 0.01, 0.05);
    for (const n of [1, 2, 5, 13, 40]) {
      const ref = finiteSource({
        population: n,
        thinkTimeSec: 0.05,
        serviceTimeSec: 0.01,
        servers: 1,
      });
      expect(relErr(x[n]!, ref.throughputPerSec)).toBeLessThan(1e-12);
    }
  });

  it("multiServerRate is the M/M/c//N throughput", () => {
    for (const [n, c] of [
      [3, 4],
      [9, 4],
      [200, 8],
      [5000, 16],
    ] as const) {
      const ref = finiteSource({
        population: n,
        thinkTimeSec: 0.03,
        serviceTimeSec: 0.01,
        servers: c,
      });
      expect(relErr(multiServerRate(n, c, 0.01, 0.03), ref.throughputPerSec)).toBeLessThan(1e-11);
    }
  });

  it("coreStretch equals the binomial expectation summed in full", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 16 }),
        (users, q, c) => {
          let full = 0;
          const others = users - 1;
          for (let b = 0; b <= others; b++) {
            let logChoose = 0;
            for (let i = 1; i <= b; i++) logChoose += Math.log((others - b + i) / i);
            const pmf =
              q === 0
                ? b === 0
                  ? 1
                  : 0
                : q === 1
                  ? b === others
                    ? 1
                    : 0
                  : Math.exp(logChoose + b * Math.log(q) + (others - b) * Math.log1p(-q));
            full += pmf * Math.max(1, (1 + b) / c);
          }
          expect(relErr(coreStretch(users, q, c), full)).toBeLessThan(1e-9);
        },
      ),
    );
  });

  it("coreStretch on hundreds of cores, where P(B = 0) underflows, equals the full sum", () => {
    // e.g. 1,025 processes at q = 0.5 on 256 cores: (1 − q)^1024 is below the smallest double.
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 3000 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.integer({ min: 64, max: 1000 }),
        (users, q, c) => {
          const others = users - 1;
          let logChoose = 0;
          let full = 0;
          for (let b = 0; b <= others; b++) {
            if (b > 0) logChoose += Math.log((others - b + 1) / b);
            const pmf = Math.exp(logChoose + b * Math.log(q) + (others - b) * Math.log1p(-q));
            full += pmf * Math.max(1, (1 + b) / c);
          }
          expect(relErr(coreStretch(users, q, c), full)).toBeLessThan(1e-9);
        },
      ),
    );
  });

  it("completionRates: exact multi-server rates without a GIL, saturating at cores/cpu", () => {
    const mu = completionRates({
      processes: 4,
      threads: 8,
      cores: 2,
      cpuSec: 0.01,
      ioSec: 0.03,
      gil: false,
      gilScv: 1,
    });
    expect(mu.length).toBeLessThanOrEqual(33);
    for (let n = 1; n < mu.length; n++) {
      expect(relErr(mu[n]!, multiServerRate(n, 2, 0.01, 0.03))).toBeLessThan(1e-14);
      expect(mu[n]!).toBeGreaterThanOrEqual(mu[n - 1]!);
    }
  });

  it("completionRates: with a GIL, P processes on >= P cores add up the per-process repairmen", () => {
    const mu = completionRates({
      processes: 3,
      threads: 4,
      cores: 4,
      cpuSec: 0.01,
      ioSec: 0.03,
      gil: true,
      gilScv: 1,
    });
    const own = singleServerRates(4, 0.01, 0.03);
    expect(relErr(mu[6]!, 3 * own[2]!)).toBeLessThan(1e-14); // 2 threads busy in each process
    expect(relErr(mu[7]!, own[3]! + 2 * own[2]!)).toBeLessThan(1e-14);
    expect(relErr(mu.at(-1)!, 3 * own[4]!)).toBeLessThan(1e-14);
  });

  it("completionRates: more processes than cores never beat the cores, and rates only grow", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 1e-3, max: 0.05, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        (processes, threads, cores, cpu, io) => {
          const mu = completionRates({
            processes,
            threads,
            cores,
            cpuSec: cpu,
            ioSec: io,
            gil: true,
            gilScv: 1,
          });
          for (let n = 1; n < mu.length; n++) {
            expect(mu[n]!).toBeLessThanOrEqual((cores / cpu) * (1 + 1e-12));
            expect(mu[n]!).toBeGreaterThanOrEqual(mu[n - 1]! * (1 - 1e-9));
          }
        },
      ),
    );
  });
});
