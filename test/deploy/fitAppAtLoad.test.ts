import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateDeployment, fitAppAtLoad, ModelInputError } from "../../src/index.js";

const machine = { cores: 2, memoryBytes: 4e9 };

describe("fitAppAtLoad", () => {
  // With prefork workers no more than the cores the model's mean grows with the I/O time, and
  // the fit gives back the I/O time and the mean. Elsewhere the mean is not monotone in the I/O
  // (it jumps as soon as there is any, a context switch per burst, then can fall: a short I/O
  // hands the GIL over sooner, and with more processes than cores it takes them off the cores),
  // so a mean can have two I/O times — the fit takes the larger and gives the mean — or, between
  // the jump's ends, none — the fit says so, naming the measured mean.
  it("reproduces the measured mean at load for any server and load below capacity", () => {
    fc.assert(
      fc.property(
        fc.record({
          kind: fc.constantFrom("prefork", "threaded", "daemon"),
          processes: fc.integer({ min: 1, max: 4 }),
          threads: fc.integer({ min: 1, max: 8 }),
          cpu: fc.double({ min: 0.001, max: 0.05, noNaN: true }),
          io: fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 0.2, noNaN: true })),
          scv: fc.double({ min: 0.2, max: 2, noNaN: true }),
          load: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        }),
        ({ kind, processes, threads, cpu, io, scv, load }) => {
          const deployment =
            kind === "prefork"
              ? { kind, processes }
              : kind === "threaded"
                ? { kind, threads }
                : { kind, processes, threads };
          const app = { cpuTimeSec: cpu, ioTimeSec: io, cpuTimeScv: scv, ioTimeScv: scv };
          const capacity = evaluateDeployment({
            deployment,
            app,
            machine,
            load: { arrivalRatePerSec: 1 },
          }).capacityPerSec;
          const question = { deployment, machine, load: { arrivalRatePerSec: load * capacity } };
          const truth = evaluateDeployment({ ...question, app });
          const monotone = kind === "prefork" && processes <= machine.cores;
          const fitted = () =>
            fitAppAtLoad({
              ...question,
              app: { cpuTimeScv: scv, ioTimeScv: scv },
              measured: { meanResponseTimeSec: truth.meanResponseTimeSec, cpuSecPerRequest: cpu },
            });
          let fit: ReturnType<typeof fitAppAtLoad>;
          try {
            fit = fitted();
          } catch (e) {
            expect(monotone).toBe(false);
            expect(String(e)).toMatch(/measured\.meanResponseTimeSec/);
            return;
          }
          expect(fit.app.cpuTimeSec).toBe(cpu);
          if (monotone) {
            expect(Math.abs(fit.app.ioTimeSec - io)).toBeLessThanOrEqual(1e-9 + 1e-6 * io);
            // The same profile, so the same capacity: at most 90 % of it, no warning.
            expect(fit.warnings).toEqual([]);
          }
          expect(fit.evaluation.meanResponseTimeSec / truth.meanResponseTimeSec - 1).toBeCloseTo(
            0,
            9,
          );
        },
      ),
    );
  });

  it("works under a CPU limit and for a closed loop of clients", () => {
    const deployment = { kind: "daemon" as const, processes: 2, threads: 4 };
    const app = { cpuTimeSec: 0.003, ioTimeSec: 0.006, cpuTimeScv: 0.6, ioTimeScv: 0.6 };
    const limited = { cores: 2, memoryBytes: 4e9, cpuLimitCores: 1.5, cpuPeriodSec: 0.1 };
    for (const [m, load] of [
      [limited, { arrivalRatePerSec: 300 }],
      [machine, { clients: 6, thinkTimeSec: 0.02 }],
    ] as const) {
      const truth = evaluateDeployment({ deployment, app, machine: m, load });
      const fit = fitAppAtLoad({
        deployment,
        machine: m,
        load,
        app: { cpuTimeScv: 0.6, ioTimeScv: 0.6 },
        measured: { meanResponseTimeSec: truth.meanResponseTimeSec, cpuSecPerRequest: 0.003 },
      });
      expect(fit.app.ioTimeSec).toBeCloseTo(0.006, 8);
    }
  });

  it("warns when the window sits at the fitted capacity, as a mean in ms given as s does", () => {
    const question = {
      deployment: { kind: "prefork" as const, processes: 2 },
      machine,
      load: { arrivalRatePerSec: 100 },
    };
    const fit = (meanResponseTimeSec: number) =>
      fitAppAtLoad({ ...question, measured: { meanResponseTimeSec, cpuSecPerRequest: 0.003 } });
    // 12 ms: the I/O is a few ms, the workers well below capacity.
    expect(fit(0.012).warnings).toEqual([]);
    // "12" meant as ms: 2 workers can serve 100 req/s only just, with ~17 ms of I/O each.
    const slip = fit(12);
    const share = slip.evaluation.throughputPerSec / slip.evaluation.capacityPerSec;
    expect(share).toBeGreaterThanOrEqual(0.99);
    expect(slip.warnings).toHaveLength(1);
    expect(slip.warnings[0]).toMatch(/measured\.meanResponseTimeSec/);
    expect(slip.warnings[0]).toContain(`${(share * 100).toFixed(1)} %`);
  });

  it("names the mean when the CPU alone takes longer than it, and the fields it does not know", () => {
    const question = {
      deployment: { kind: "prefork" as const, processes: 2 },
      machine,
      load: { arrivalRatePerSec: 100 },
    };
    // 2 workers at 100 req/s with 15 ms of CPU each: 75 % busy, the mean is over 15 ms.
    expect(() =>
      fitAppAtLoad({
        ...question,
        measured: { meanResponseTimeSec: 0.015, cpuSecPerRequest: 0.015 },
      }),
    ).toThrow(/measured\.meanResponseTimeSec.*no I\/O time gives less.*0\.015/);
    // Past capacity with the CPU alone: 100 req/s × 25 ms is 2.5 cores.
    expect(() =>
      fitAppAtLoad({
        ...question,
        measured: { meanResponseTimeSec: 0.1, cpuSecPerRequest: 0.025 },
      }),
    ).toThrow(/unbounded/);
    expect(() =>
      fitAppAtLoad({
        ...question,
        measured: { meanResponseTimeSec: 0.1, cpuSecPerRequest: 0.001, p99: 1 } as never,
      }),
    ).toThrow(ModelInputError);
    expect(() =>
      fitAppAtLoad({ ...question, measured: { meanResponseTimeSec: 0.1, cpuSecPerRequest: 0 } }),
    ).toThrow(/measured\.cpuSecPerRequest/);
    expect(() =>
      fitAppAtLoad({
        ...question,
        app: { cpuTimeScv: -1 },
        measured: { meanResponseTimeSec: 0.1, cpuSecPerRequest: 0.001 },
      }),
    ).toThrow(/app\.cpuTimeScv/);
  });
});
