import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  finiteBacklog,
  mmck,
  mmckAbandonment,
  ModelInputError,
  type FiniteBacklogResult,
} from "../../src/index.js";
import { relErr, thrown } from "../helpers.js";

/** The identities every result obeys, whatever the input. */
function checkIdentities(q: FiniteBacklogResult, lambda: number, s: number): void {
  const shares = [q.refusedShare, q.abandonedShare, q.timedOutShare, q.servedShare];
  for (const x of [...shares, q.failedShare, q.utilization, q.wastedWorkShare]) {
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThanOrEqual(1);
  }
  for (const x of [q.meanInSystem, q.meanQueueLength, q.meanWaitSec, q.meanResponseTimeSec]) {
    expect(Number.isFinite(x)).toBe(true);
    expect(x).toBeGreaterThanOrEqual(0);
  }
  expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
  expect(Math.abs(q.failedShare + q.servedShare - 1)).toBeLessThan(1e-15);
  // goodput = offered × (1 − lost share); the servers complete the late ones too.
  expect(relErr(q.goodputPerSec, lambda * q.servedShare)).toBeLessThan(1e-12);
  expect(q.throughputPerSec).toBeGreaterThanOrEqual(q.goodputPerSec);
  expect(relErr(q.utilization, Math.min(1, (q.throughputPerSec * s) / q.servers))).toBeLessThan(
    1e-10,
  );
  // Little's law for the backlog, of the admitted.
  const lq = lambda * (1 - q.refusedShare) * q.meanWaitSec;
  expect(Math.abs(q.meanQueueLength - lq)).toBeLessThanOrEqual(1e-9 * q.meanQueueLength + 1e-300);
  expect(q.meanQueueLength).toBeLessThanOrEqual(q.capacity - q.servers + 1e-9);
  expect(q.meanInSystem).toBeLessThanOrEqual(q.capacity + 1e-9);
}

describe("finiteBacklog", () => {
  // M/M/2/5, λ = 3, μ = 2: pK = 0.085113 (Octave queueing, qsmmmk tests; see mmck.test.ts).
  it("is M/M/c/K without patience or timeout", () => {
    const q = finiteBacklog({ arrivalRatePerSec: 3, serviceTimeSec: 0.5, servers: 2, backlog: 3 });
    expect(Math.abs(q.refusedShare - 0.085113)).toBeLessThan(1e-6);
    const exact = mmck({ arrivalRatePerSec: 3, serviceTimeSec: 0.5, servers: 2, capacity: 5 });
    expect(relErr(q.goodputPerSec, exact.throughputPerSec)).toBeLessThan(1e-15);
    expect(relErr(q.meanWaitSec, exact.meanWaitSec)).toBeLessThan(1e-15);
    expect(q.model).toBe("M/M/c/K");
    expect(q.refusedBy).toBe("backlog");
  });

  it("a concurrency limit below c + backlog turns the rest away with 503s", () => {
    const input = { arrivalRatePerSec: 60, serviceTimeSec: 0.1, servers: 4, backlog: 2048 };
    const q = finiteBacklog({ ...input, concurrencyLimit: 12 });
    expect(q.capacity).toBe(12);
    expect(q.refusedBy).toBe("concurrencyLimit");
    const exact = mmck({ arrivalRatePerSec: 60, serviceTimeSec: 0.1, servers: 4, capacity: 12 });
    expect(relErr(q.refusedShare, exact.blockingProbability)).toBeLessThan(1e-15);
    // A limit below the workers leaves workers idle: it is the servers' count.
    expect(finiteBacklog({ ...input, concurrencyLimit: 2 }).servers).toBe(2);
  });

  it("with a patience it is M/M/c/K+M", () => {
    const input = { arrivalRatePerSec: 60, serviceTimeSec: 0.1, servers: 4 };
    const q = finiteBacklog({ ...input, backlog: 20, patienceSec: 2 });
    const exact = mmckAbandonment({ ...input, capacity: 24, patienceSec: 2 });
    expect(relErr(q.abandonedShare, exact.abandonmentProbability)).toBeLessThan(1e-15);
    expect(relErr(q.goodputPerSec, exact.throughputPerSec)).toBeLessThan(1e-12);
    expect(q.model).toBe("M/M/c/K+M");
  });

  // The response-time law of M/M/c/K: P(R > D) of the admitted are late; the work is the same.
  it("a client timeout fails the late responses and wastes their work", () => {
    const input = { arrivalRatePerSec: 45, serviceTimeSec: 0.1, servers: 4 };
    const q = finiteBacklog({ ...input, backlog: 20, clientTimeoutSec: 0.4 });
    const exact = mmck({ ...input, capacity: 24 });
    const late = (1 - exact.blockingProbability) * (1 - exact.responseTimeCdf(0.4));
    expect(relErr(q.timedOutShare, late)).toBeLessThan(1e-15);
    expect(relErr(q.throughputPerSec, exact.throughputPerSec)).toBeLessThan(1e-12);
    expect(relErr(q.wastedWorkShare, late / (1 - exact.blockingProbability))).toBeLessThan(1e-12);
    // Past a timeout far beyond any wait nobody is late.
    expect(finiteBacklog({ ...input, backlog: 20, clientTimeoutSec: 1e6 }).timedOutShare).toBe(0);
  });

  it("the shares sum to 1 and obey goodput, utilization and Little's law", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 1e-3, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.option(fc.integer({ min: 1, max: 6000 }), { nil: undefined }),
        fc.oneof(
          fc.constant({}),
          fc.double({ min: 1e-3, max: 100, noNaN: true }).map((p) => ({ patienceSec: p })),
          fc.double({ min: 1e-3, max: 100, noNaN: true }).map((d) => ({ clientTimeoutSec: d })),
        ),
        (rho, s, c, backlog, limit, clients) => {
          const lambda = (rho * c) / s;
          const q = finiteBacklog({
            arrivalRatePerSec: lambda,
            serviceTimeSec: s,
            servers: c,
            backlog,
            ...(limit === undefined ? {} : { concurrencyLimit: limit }),
            ...clients,
          });
          checkIdentities(q, lambda, s);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("names the bad field", () => {
    const ok = { arrivalRatePerSec: 10, serviceTimeSec: 0.1, servers: 2, backlog: 5 };
    for (const [field, value] of [
      ["servers", 0],
      ["backlog", -1],
      ["backlog", 2.5],
      ["concurrencyLimit", 0],
      ["patienceSec", 0],
      ["clientTimeoutSec", Number.NaN],
    ] as const) {
      expect(thrown(ModelInputError, () => finiteBacklog({ ...ok, [field]: value })).field).toBe(
        field,
      );
    }
    // At most 1,000,000 in the system, named by finiteBacklog's own field; a limit lifts it.
    const deep = { ...ok, servers: 10, backlog: 1_000_000 };
    const e = thrown(ModelInputError, () => finiteBacklog(deep));
    expect([e.model, e.field]).toEqual(["finiteBacklog", "backlog"]);
    expect(finiteBacklog({ ...deep, concurrencyLimit: 50 }).capacity).toBe(50);
    const both = { ...ok, patienceSec: 1, clientTimeoutSec: 2 };
    expect(thrown(ModelInputError, () => finiteBacklog(both)).field).toBe("clientTimeoutSec");
    expect(() => finiteBacklog({ ...ok, capacity: 5 } as never)).toThrow(/`capacity`/);
  });
});
