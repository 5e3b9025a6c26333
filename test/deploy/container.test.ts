import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateDeployment, GiB, MiB, ModelInputError } from "../../src/index.js";
import type { DeploymentInput, EvaluateDeploymentInput } from "../../src/index.js";
import { relErr } from "../helpers.js";

const app = { cpuTimeSec: 0.02, ioTimeSec: 0.01 };
const node = { cores: 64, memoryBytes: GiB(256) };
const ask = (
  machine: object,
  deployment: DeploymentInput = { kind: "prefork", processes: 4 },
  rate = 10,
) =>
  evaluateDeployment({
    deployment,
    app,
    machine: { ...node, ...machine },
    load: { arrivalRatePerSec: rate },
  } as EvaluateDeploymentInput);

describe("a container machine is validated", () => {
  it.each([
    [{ cpuLimitCores: 0 }, "machine.cpuLimitCores", "a finite number > 0"],
    [{ cpuLimitCores: 65 }, "machine.cpuLimitCores", "at most the node's cores, 64"],
    [{ cpuLimitCores: 0.5, cpuPeriodSec: 0.0005 }, "machine.cpuPeriodSec", "[0.001, 1]"],
    [{ cpuLimitCores: 0.5, cpuPeriodSec: 2 }, "machine.cpuPeriodSec", "[0.001, 1]"],
    [{ cpuLimitCores: 0.05, cpuPeriodSec: 0.01 }, "machine.cpuLimitCores", "at least 1 ms"],
    [{ cpuLimitCores: 0.5, cpuBurstSec: 0.06 }, "machine.cpuBurstSec", "[0, 0.05]"],
    [{ cpuPeriodSec: 0.05 }, "machine.cpuPeriodSec", "absent unless cpuLimitCores"],
    [
      { cpuLimitCores: 0.5, cpuRequestCores: 1 },
      "machine.cpuRequestCores",
      "at most cpuLimitCores, 0.5",
    ],
    [{ memoryLimitBytes: GiB(512) }, "machine.memoryLimitBytes", "at most the node's memoryBytes"],
    [{ cpuLimitCore: 0.5 }, "machine.cpuLimitCore", "did you mean `cpuLimitCores`"],
  ])("%j: %s", (machine, field, text) => {
    let error: unknown;
    try {
      ask(machine);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelInputError);
    expect((error as ModelInputError).field).toBe(field);
    expect((error as Error).message).toContain(text);
  });

  it("the stack and the sizer do not take container fields they would ignore", async () => {
    const { sizeDeployment } = await import("../../src/index.js");
    expect(() =>
      sizeDeployment({
        app,
        machine: { ...node, cpuLimitCores: 1 },
        load: { arrivalRatePerSec: 10 },
      } as never),
    ).toThrow(/machine.cpuLimitCores/);
  });
});

describe("evaluateDeployment in a container", () => {
  it("without a limit the result has no throttling and no OOM verdict", () => {
    const e = ask({});
    expect(e.throttling).toBeUndefined();
    expect(e.memory.oomKilled).toBeUndefined();
  });

  it("a limit no thread can reach does not throttle: 1 worker under 1.5 cores", () => {
    const free = ask({}, { kind: "prefork", processes: 1 }, 20);
    const e = ask({ cpuLimitCores: 1.5 }, { kind: "prefork", processes: 1 }, 20);
    expect(e.throttling?.throttledPeriodFraction).toBe(0);
    expect(e.meanResponseTimeSec).toBe(free.meanResponseTimeSec);
  });

  it("throttling lengthens the response time and caps capacity at limit ÷ CPU", () => {
    const free = ask({}, { kind: "prefork", processes: 4 }, 20);
    const e = ask({ cpuLimitCores: 0.5 }, { kind: "prefork", processes: 4 }, 20);
    expect(e.capacityPerSec).toBeCloseTo(0.5 / e.cpuSecPerRequest, 9);
    expect(e.throttling!.throttledPeriodFraction).toBeGreaterThan(0.5);
    expect(e.throttling!.throttledSecPerRequest).toBeGreaterThan(0.01);
    expect(e.meanResponseTimeSec).toBeGreaterThan(
      free.meanResponseTimeSec + e.throttling!.throttledSecPerRequest * 0.99,
    );
    expect(e.responseTimeQuantileSec(0.99)).toBeGreaterThan(free.responseTimeQuantileSec(0.99));
  });

  it("beyond the limit's capacity the deployment is unstable, means unbounded", () => {
    const e = ask({ cpuLimitCores: 0.5 }, { kind: "prefork", processes: 8 }, 30);
    expect(e.stable).toBe(false);
    expect(e.meanResponseTimeSec).toBe(Infinity);
    expect(e.throughputPerSec).toBeCloseTo(0.5 / e.cpuSecPerRequest, 9);
  });

  it("Σ PSS over the memory limit is an OOM kill, not swapping", () => {
    const e = evaluateDeployment({
      deployment: { kind: "prefork", processes: 8 },
      app: { ...app, memory: { processBaseBytes: MiB(200) } },
      machine: { ...node, memoryLimitBytes: MiB(512) },
      load: { arrivalRatePerSec: 10 },
    });
    expect(e.memory.oomKilled).toBe(true);
    expect(e.memory.memoryLimitBytes).toBe(MiB(512));
    expect(e.pssBytes).toBeGreaterThan(MiB(512));
    expect(e.fitsMemory).toBe(false);
    expect(e.swaps).toBe(false);
  });

  it("the laws hold for every container (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0.25, 0.5, 1, 1.5, 3),
        fc.constantFrom(0.01, 0.05, 0.1),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom("shared", "free-threaded"),
        (limit, period, share, processes, threads, gil) => {
          const cpu = 0.02;
          const rate = (share * limit) / cpu;
          const e = evaluateDeployment({
            deployment: { kind: "daemon", processes, threads, hopTimeSec: 0, gil: gil as "shared" },
            app: { cpuTimeSec: cpu, ioTimeSec: 0.01 },
            machine: {
              cores: 16,
              memoryBytes: GiB(64),
              cpuLimitCores: limit,
              cpuPeriodSec: period,
            },
            load: { arrivalRatePerSec: rate },
          });
          const t = e.throttling!;
          // Utilization law on the limit.
          expect(relErr(t.limitUtilization, (rate * e.cpuSecPerRequest) / limit)).toBeLessThan(
            1e-12,
          );
          expect(e.capacityPerSec).toBeLessThanOrEqual((limit / e.cpuSecPerRequest) * (1 + 1e-12));
          expect(t.throttledPeriodFraction).toBeGreaterThanOrEqual(0);
          expect(t.throttledPeriodFraction).toBeLessThanOrEqual(1);
          expect(t.throttledSecPerRequest).toBeGreaterThanOrEqual(0);
          if (!e.stable) return;
          expect(t.limitUtilization).toBeLessThan(1);
          // Little's law, and the parts of the response time.
          expect(relErr(e.inFlight, e.throughputPerSec * e.meanResponseTimeSec)).toBeLessThan(
            1e-12,
          );
          expect(relErr(e.meanResponseTimeSec, e.meanAcceptWaitSec + e.meanHoldSec)).toBeLessThan(
            1e-9,
          );
          expect(relErr(e.meanBusyThreads, e.throughputPerSec * e.meanHoldSec)).toBeLessThan(1e-12);
          expect(e.responseTimeQuantileSec(0.99)).toBeGreaterThan(e.responseTimeQuantileSec(0.5));
          expect(Number.isFinite(e.responseTimeQuantileSec(0.99))).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
