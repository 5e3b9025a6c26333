import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  finiteBacklog,
  mmck,
  mmcAbandonment,
  mmckAbandonment,
  mmcTimeout,
  ModelInputError,
  simulateOverload,
  type SimulatedOverload,
  type SimulateOverloadInput,
} from "../../src/index.js";
import { agrees, relErr, thrown } from "../helpers.js";

/** A run of `durationSec` at a constant rate, 100 ms of work per attempt, seed 7. */
const run = (
  arrivalRatePerSec: number,
  station: Omit<SimulateOverloadInput, "phases" | "serviceTimeSec">,
  durationSec = 4000,
) =>
  simulateOverload({
    phases: [{ durationSec, arrivalRatePerSec }],
    warmUpSec: durationSec / 20,
    seed: 7,
    serviceTimeSec: 0.1,
    ...station,
  });
/** The same station's exact model input. */
const exactInput = (arrivalRatePerSec: number, servers: number) => ({
  arrivalRatePerSec,
  serviceTimeSec: 0.1,
  servers,
});

// Each run has a fixed seed, so its outcome is fixed; each mean must sit within twice its 95 %
// batch-means half-width of the exact value (about 1 in 20 seeds would miss by 1 half-width).
describe("simulateOverload agrees with the exact models", () => {
  it.each([
    [4, 60, 10], // 1.5× capacity, a small backlog
    [4, 30, 5], // below capacity
    [16, 190, 64], // 1.19×
  ])(
    "M/M/%d/K: λ = %d, backlog %d — refused share and response time",
    (servers, lambda, backlog) => {
      const exact = mmck({ ...exactInput(lambda, servers), capacity: servers + backlog });
      const sim = run(lambda, { servers, backlog });
      agrees(sim.shares.refused, exact.blockingProbability);
      agrees(sim.meanResponseTimeSec, exact.meanResponseTimeSec);
      agrees(sim.goodputPerSec, exact.throughputPerSec);
      agrees(sim.meanInSystem, exact.meanInSystem);
      // At 1.19× the servers are idle 1e-6 of the time: the run sees none of it (an interval of 0).
      if (exact.utilization < 0.999) agrees(sim.utilization, exact.utilization);
      else expect(sim.utilization.mean).toBeGreaterThan(0.999);
    },
  );

  it("a concurrency limit N sheds what M/M/c/N blocks", () => {
    const exact = mmck({ ...exactInput(60, 4), capacity: 12 });
    const sim = run(60, { servers: 4, backlog: 100, concurrencyLimit: 12 });
    expect(sim.counts.refused).toBe(0);
    agrees(sim.shares.shed, exact.blockingProbability);
  });

  it.each([
    [4, 60, 2],
    [16, 190, 5],
  ])("M/M/%d+M, λ = %d, patience %d s: abandoned share and response time", (servers, lambda, p) => {
    const exact = mmcAbandonment({ ...exactInput(lambda, servers), patienceSec: p });
    const sim = run(lambda, { servers, patienceSec: p });
    agrees(sim.shares.abandoned, exact.abandonmentProbability);
    agrees(sim.meanResponseTimeSec, exact.meanResponseTimeSec);
  });

  it.each([
    [4, 60, 20, 2],
    [16, 190, 64, 5],
  ])("M/M/%d/K+M, λ = %d, backlog %d, patience %d s: refused and abandoned", (c, lambda, b, p) => {
    const exact = mmckAbandonment({ ...exactInput(lambda, c), capacity: c + b, patienceSec: p });
    const sim = run(lambda, { servers: c, backlog: b, patienceSec: p });
    agrees(sim.shares.refused, exact.blockingProbability);
    agrees(sim.shares.abandoned, exact.abandonmentProbability);
    agrees(sim.goodputPerSec, exact.throughputPerSec);
    agrees(sim.meanResponseTimeSec, exact.meanResponseTimeSec);
  });

  it("M/M/4+D: a fixed patience", () => {
    const exact = mmcTimeout({ ...exactInput(60, 4), timeoutSec: 0.5 });
    const sim = run(60, { servers: 4, patienceSec: 0.5, patienceScv: 0 });
    agrees(sim.shares.abandoned, exact.abandonmentProbability);
  });

  // A client timeout D on the whole response fails P(R > D) of the admitted, and the server
  // still serves them all: M/M/c/K's response-time law.
  it("a client timeout fails P(R > D) of the admitted; the work is still done", () => {
    const exact = mmck({ ...exactInput(45, 4), capacity: 24 });
    const sim = run(45, { servers: 4, backlog: 20, clientTimeoutSec: 0.4 });
    const late = (1 - exact.blockingProbability) * (1 - exact.responseTimeCdf(0.4));
    agrees(sim.shares.timedOut, late);
    agrees(sim.shares.refused, exact.blockingProbability);
    // The server's load is unchanged by the timeouts.
    agrees(sim.utilization, exact.utilization);
    expect(sim.wastedWorkShare).toBeGreaterThan(0);
  });

  it("finiteBacklog: a concurrency limit and a client timeout together", () => {
    const exact = finiteBacklog({
      ...exactInput(45, 4),
      backlog: 100,
      concurrencyLimit: 12,
      clientTimeoutSec: 0.3,
    });
    const sim = run(45, { servers: 4, backlog: 100, concurrencyLimit: 12, clientTimeoutSec: 0.3 });
    agrees(sim.shares.shed, exact.refusedShare);
    agrees(sim.shares.timedOut, exact.timedOutShare);
    agrees(sim.goodputPerSec, exact.goodputPerSec);
  });

  // Exponential work of mean S cut at T: a share e^(−T/S) is killed (50 servers at 1 req/s: no queue).
  it("a worker timeout kills the share of the work longer than it", () => {
    const sim = run(1, { servers: 50, workerTimeoutSec: 0.2 }, 40_000);
    agrees(sim.shares.killed, Math.exp(-2));
  });

  // Looked for every 0.3 s (gunicorn's arbiter: every second), an attempt dies a uniform 0–0.3 s
  // after T: a share e^(−T/S)·(S/τ)·(1 − e^(−τ/S)) = e^(−2)·(1 − e^(−3))/3 is killed.
  it("a worker timeout looked for every τ kills the work still running at the first look after it", () => {
    const sim = run(1, { servers: 50, workerTimeoutSec: 0.2, workerTimeoutCheckSec: 0.3 }, 40_000);
    agrees(sim.shares.killed, (Math.exp(-2) * -Math.expm1(-3)) / 3);
  });
});

// Below capacity the backlog is nearly empty; a 3× spike for 30 s fills it, the clients' 5 s
// timeout then fails every attempt (the wait is 2048 / 40 = 51 s), and their retries keep it
// full after the spike: the metastable failure. The same run without the spike stays healthy.
describe("a spike tips a retrying system into its bad state", () => {
  const base = {
    serviceTimeSec: 0.1,
    servers: 4,
    backlog: 2048,
    clientTimeoutSec: 5,
    maxRetries: 3,
    retryDelaySec: 1,
    binSec: 10,
    seed: 3,
  };
  const tail = (sim: SimulatedOverload, bins: number) => sim.series.completions.slice(-bins);
  it("stays down after the spike, and up without it", () => {
    const spiked = simulateOverload({
      ...base,
      phases: [
        { durationSec: 200, arrivalRatePerSec: 30 },
        { durationSec: 30, arrivalRatePerSec: 90 },
        { durationSec: 300, arrivalRatePerSec: 30 },
      ],
    });
    const calm = simulateOverload({
      ...base,
      phases: [{ durationSec: 530, arrivalRatePerSec: 30 }],
    });
    // The last 200 s: no attempt served in time, a full backlog; the calm run serves them all.
    expect(Math.max(...tail(spiked, 20))).toBe(0);
    expect(Math.min(...spiked.series.meanWaiting.slice(-20))).toBeGreaterThan(2000);
    expect(calm.counts.served).toBe(calm.counts.attempts);
    expect(spiked.wastedWorkShare).toBeGreaterThan(0.5);
  });
});

/** The identities every run obeys. */
function checkIdentities(sim: SimulatedOverload, warmUp: boolean): void {
  const c = sim.counts;
  expect(c.attempts).toBe(c.requests + c.retries);
  expect(c.served + c.refused + c.shed + c.abandoned + c.timedOut + c.killed).toBe(c.attempts);
  const shares = Object.values(sim.shares);
  for (const s of shares) {
    expect(s.mean).toBeGreaterThanOrEqual(0);
    expect(s.mean).toBeLessThanOrEqual(1);
    expect(s.low).toBeLessThanOrEqual(s.mean);
    expect(s.high).toBeGreaterThanOrEqual(s.mean);
  }
  if (c.attempts > 0) {
    expect(Math.abs(shares.reduce((a, s) => a + s.mean, 0) - 1)).toBeLessThan(1e-12);
    expect(relErr(sim.failedShare.mean, 1 - sim.shares.served.mean)).toBeLessThan(1e-12);
  }
  expect(relErr(sim.attemptRatePerSec.mean, c.attempts / sim.windowSec)).toBeLessThan(1e-12);
  expect(
    relErr(sim.goodputPerSec.mean, sim.attemptRatePerSec.mean * sim.shares.served.mean),
  ).toBeLessThan(1e-12);
  expect(sim.utilization.mean).toBeGreaterThanOrEqual(0);
  expect(sim.utilization.mean).toBeLessThanOrEqual(1 + 1e-12);
  expect(sim.wastedWorkShare).toBeGreaterThanOrEqual(0);
  expect(sim.wastedWorkShare).toBeLessThanOrEqual(1);
  expect(Number.isFinite(sim.meanResponseTimeSec.mean)).toBe(true);
  expect(sim.meanInSystem.mean).toBeGreaterThanOrEqual(0);
  for (const x of sim.series.meanWaiting) expect(x).toBeGreaterThanOrEqual(-1e-9);
  if (warmUp) return;
  // Without a warm-up the series count every attempt and every refusal.
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  expect(sum(sim.series.arrivals)).toBe(c.attempts);
  expect(sum(sim.series.retries)).toBe(c.retries);
  expect(sum(sim.series.refusals)).toBe(c.refused + c.shed);
  expect(sum(sim.series.completions)).toBeLessThanOrEqual(c.served);
}

describe("properties over random valid inputs", () => {
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  it("counts, shares, goodput and the series agree", () => {
    fc.assert(
      fc.property(
        fc.record({
          rates: fc.array(fc.double({ min: 0, max: 80, noNaN: true }), {
            minLength: 1,
            maxLength: 4,
          }),
          servers: fc.integer({ min: 1, max: 8 }),
          backlog: maybe(fc.integer({ min: 0, max: 50 })),
          concurrencyLimit: maybe(fc.integer({ min: 1, max: 60 })),
          patienceSec: maybe(fc.double({ min: 0.01, max: 5, noNaN: true })),
          patienceScv: fc.constantFrom(0, 1),
          clientTimeoutSec: maybe(fc.double({ min: 0.01, max: 5, noNaN: true })),
          workerTimeoutSec: maybe(fc.double({ min: 0.01, max: 1, noNaN: true })),
          maxRetries: fc.integer({ min: 0, max: 3 }),
          retryProbability: fc.double({ min: 0, max: 1, noNaN: true }),
          retryDelaySec: fc.double({ min: 0, max: 2, noNaN: true }),
          warmUp: fc.boolean(),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        (r) => {
          const input = {
            phases: r.rates.map((arrivalRatePerSec) => ({ durationSec: 20, arrivalRatePerSec })),
            serviceTimeSec: 0.1,
            servers: r.servers,
            backlog: r.backlog,
            concurrencyLimit: r.concurrencyLimit,
            patienceSec: r.patienceSec,
            patienceScv: r.patienceSec === undefined ? undefined : r.patienceScv,
            clientTimeoutSec: r.clientTimeoutSec,
            workerTimeoutSec: r.workerTimeoutSec,
            maxRetries: r.maxRetries,
            retryProbability: r.retryProbability,
            retryDelaySec: r.retryDelaySec,
            warmUpSec: r.warmUp ? 5 : undefined,
            seed: r.seed,
          };
          // Absent fields, not undefined ones (exactOptionalPropertyTypes).
          const defined = Object.entries(input).filter(([, v]) => v !== undefined);
          const sim = simulateOverload(
            Object.fromEntries(defined) as unknown as SimulateOverloadInput,
          );
          checkIdentities(sim, r.warmUp);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is reproducible from its seed and changes with it", () => {
    const a = run(50, { servers: 4, backlog: 5 }, 100);
    const b = run(50, { servers: 4, backlog: 5 }, 100);
    const c = run(50, { servers: 4, backlog: 5, seed: 8 }, 100);
    expect(a.counts).toEqual(b.counts);
    expect(a.series).toEqual(b.series);
    expect(a.counts).not.toEqual(c.counts);
  });
});

describe("bad input names the field", () => {
  const ok = {
    phases: [{ durationSec: 10, arrivalRatePerSec: 5 }],
    serviceTimeSec: 0.1,
    servers: 2,
  };
  it.each([
    ["serviceTimeSec", 0],
    ["servers", 1.5],
    ["backlog", -1],
    ["concurrencyLimit", 0],
    ["patienceSec", 0],
    ["clientTimeoutSec", Number.NaN],
    ["workerTimeoutSec", -1],
    ["workerTimeoutCheckSec", -0.5],
    ["maxRetries", 0.5],
    ["retryProbability", 2],
    ["retryDelaySec", -1],
    ["backoffMultiplier", 0],
    ["warmUpSec", 10],
    ["binSec", 1e-6],
    ["phases", []],
  ])("%s = %s", (field, value) => {
    const e = thrown(ModelInputError, () => simulateOverload({ ...ok, [field]: value }));
    expect(e.field).toBe(field);
  });

  it("a phase's field, a misspelt field, a spread without its mean, too many attempts", () => {
    const bad = { ...ok, phases: [{ durationSec: 10, arrivalRatePerSec: -1 }] };
    expect(thrown(ModelInputError, () => simulateOverload(bad)).field).toBe(
      "phases[0].arrivalRatePerSec",
    );
    expect(() => simulateOverload({ ...ok, retries: 2 } as never)).toThrow(/`retries`/);
    expect(() => simulateOverload({ ...ok, patienceScv: 0 })).toThrow(/`patienceScv`/);
    const huge = { ...ok, phases: [{ durationSec: 1e6, arrivalRatePerSec: 10 }] };
    expect(thrown(ModelInputError, () => simulateOverload(huge)).field).toBe("phases");
  });
});
