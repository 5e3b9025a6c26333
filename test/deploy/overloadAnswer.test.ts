import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  GiB,
  mmck,
  ModelInputError,
  type EvaluateDeploymentInput,
} from "../../src/index.js";
import { replaySpike, steadyRun } from "../../src/sim/overloadExperiments.js";
import { relErr, replicated, thrown } from "../helpers.js";

// evaluateDeployment's answers past capacity (`overload`). The tolerances against the
// simulator come from `npm run build && node scripts/measure-spike-answers.mjs`, which runs
// the same experiments on four deployments: refusals and late responses within the
// replications' spread, the recovery within 25 % plus the replications' spread (the random
// queue's last stretch drains slower than the fluid's straight line; short recoveries also
// meet the one-second bins), the killed share within one half-width.

const app = { cpuTimeSec: 0.1, ioTimeSec: 0 };
const machine = { cores: 16, memoryBytes: GiB(32) };
const question = (deployment: object, rate: number, overload?: object): EvaluateDeploymentInput =>
  ({
    deployment,
    app,
    machine,
    load: { arrivalRatePerSec: rate },
    ...(overload === undefined ? {} : { overload }),
  }) as EvaluateDeploymentInput;

describe("the station comes from the server's own settings", () => {
  it.each([
    [{ server: "gunicorn", workers: 4 }, {}, 2049], // gunicorn's --backlog 2048, + 1
    [{ server: "gunicorn", workers: 4, backlog: 64 }, {}, 65],
    [{ server: "gunicorn", workers: 4 }, { somaxconn: 128 }, 129], // Linux before 5.4
    [{ server: "uwsgi", processes: 4 }, {}, 101], // uWSGI --listen 100
    [{ server: "uwsgi", processes: 4, listen: 1000 }, {}, 1001],
    [{ kind: "prefork", processes: 4 }, {}, 2049], // the model's words: gunicorn's default
  ])("%j %j: %d waiting places", (deployment, overload, places) => {
    const o = evaluateDeployment(question(deployment, 10, overload)).overload!;
    expect(o.station.listen.waitingPlaces).toBe(places);
    // Four workers of 100 ms, a core each: four servers of 100 ms and nothing else waiting.
    expect(o.station.servers).toBe(4);
    expect(o.station.backlog).toBe(places);
  });

  it("uvicorn without --limit-concurrency takes every connection into its event loops", () => {
    const o = evaluateDeployment(
      question({ server: "uvicorn", workers: 4, backlog: 10 }, 10, {}),
    ).overload!;
    expect(o.station.listen.waitingPlaces).toBe(11);
    // 100,000 requests a loop (no limit) beyond the 4 that progress, then the accept queue.
    expect(o.station.backlog).toBe(4 * 100_000 - 4 + 11);
  });

  it("uvicorn's --limit-concurrency caps the requests inside: the rest get a 503", () => {
    const o = evaluateDeployment(
      question({ server: "uvicorn", workers: 2, limitConcurrency: 8 }, 30),
    ).overload!;
    // 2 workers × (8 − 1): uvicorn answers 503 once the asking connection makes 8.
    expect(o.station.concurrencyLimit).toBe(14);
    expect(o.steady.refusedBy).toBe("concurrencyLimit");
    const spiked = evaluateDeployment(
      question({ server: "uvicorn", workers: 2, limitConcurrency: 8 }, 15, {
        spike: { factor: 3, durationSec: 10 },
      }),
    ).overload!.spike!;
    expect(spiked.refusedBy).toBe("concurrencyLimit");
  });

  it("only gunicorn's sync workers are killed by --timeout", () => {
    const sync = evaluateDeployment(question({ server: "gunicorn", workers: 4 }, 10, {}));
    const gthread = evaluateDeployment(
      question({ server: "gunicorn", workers: 4, workerClass: "gthread", threads: 2 }, 10, {}),
    );
    expect(sync.overload!.station.workerTimeoutSec).toBe(30);
    expect(gthread.overload!.station.workerTimeoutSec).toBe(Infinity);
  });
});

describe("a load past capacity is answered, not only `stable: false`", () => {
  it("gives the refused share of M/M/c/K with the server's backlog, and the goodput", () => {
    const e = evaluateDeployment(question({ server: "gunicorn", workers: 4, backlog: 64 }, 60));
    expect(e.stable).toBe(false);
    const s = e.overload!.steady;
    const k = mmck({
      arrivalRatePerSec: 60,
      serviceTimeSec: 4 / e.capacityPerSec,
      servers: 4,
      capacity: 4 + 65,
    });
    expect(relErr(s.refusedShare, k.blockingProbability)).toBeLessThan(1e-9);
    expect(relErr(s.goodputPerSec, 60 * (1 - k.blockingProbability))).toBeLessThan(1e-9);
    expect(s.goodputPerSec).toBeLessThanOrEqual(e.capacityPerSec * (1 + 1e-12));
  });

  it("is absent below capacity unless asked", () => {
    expect(evaluateDeployment(question({ server: "gunicorn", workers: 4 }, 30)).overload).toBe(
      undefined,
    );
  });
});

describe("the spike's answer against simulateOverload on the same station", () => {
  it.each([
    [{ server: "gunicorn", workers: 4 }, 30, { factor: 5, durationSec: 30 }, 5],
    [{ server: "uvicorn", workers: 2, limitConcurrency: 8 }, 15, { factor: 5, durationSec: 20 }],
  ])("%j at %d req/s, %j", (deployment, rate, spike, timeout?: number) => {
    const overload = { spike, ...(timeout === undefined ? {} : { clientTimeoutSec: timeout }) };
    const o = evaluateDeployment(question(deployment, rate, overload)).overload!;
    const a = o.spike!;
    const st = o.station;
    const runs = replaySpike(
      {
        serviceTimeSec: st.serviceTimeSec,
        servers: st.servers,
        backlog: st.backlog,
        ...(st.concurrencyLimit === undefined ? {} : { concurrencyLimit: st.concurrencyLimit }),
        ...(timeout === undefined ? {} : { clientTimeoutSec: timeout }),
      },
      { arrivalRatePerSec: rate, spikeFactor: spike.factor, spikeDurationSec: spike.durationSec },
      a.recoverySec + 100,
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    const refused = replicated(runs.map((r) => r.counts.refused + r.counts.shed));
    const late = replicated(runs.map((r) => r.counts.timedOut));
    const recovery = replicated(runs.map((r) => r.recoverySec));
    // The fluid spike is an approximation: its refusals are held to issue 20's target, a share
    // within 0.05 of the arrivals, beyond the simulation's noise. (It refuses ~2 % too few: past
    // the spike the fluid queue drains at once, the simulated one stays near full a while.)
    expect(Math.abs(refused.mean - a.refused)).toBeLessThan(0.05 * a.arrivals + 2 * refused.half);
    expect(Math.abs(late.mean - a.timedOut)).toBeLessThanOrEqual(2 * late.half);
    expect(Math.abs(recovery.mean - a.recoverySec)).toBeLessThan(
      0.25 * a.recoverySec + 2 * recovery.half,
    );
    // The figures agree with each other: what is not refused or late is answered in time.
    const inTime = a.arrivals - a.refused - a.timedOut;
    expect(
      relErr(a.goodputPerSec * (spike.durationSec + a.recoverySec), inTime * (1 - a.killedShare)),
    ).toBeLessThan(1e-3);
    expect(a.arrivals).toBeCloseTo(rate * spike.factor * spike.durationSec + rate * a.recoverySec);
  });

  it("gunicorn --timeout kills the served still held at the arbiter's first look after T, and frees the worker then", () => {
    const rate = 12; // 1.5 times the capacity of four sync workers of 0.5 s
    const e = evaluateDeployment({
      deployment: { server: "gunicorn", workers: 4, timeout: 1 },
      app: { cpuTimeSec: 0.5, ioTimeSec: 0 },
      machine,
      load: { arrivalRatePerSec: rate },
    });
    const st = e.overload!.station;
    expect(st.workerTimeoutCheckSec).toBe(1); // gunicorn's arbiter looks once a second
    const hold = {
      serviceTimeSec: st.servers / e.capacityPerSec,
      workerTimeoutSec: 1,
      workerTimeoutCheckSec: st.workerTimeoutCheckSec,
    };
    const sim = steadyRun({ ...hold, servers: st.servers, backlog: st.backlog }, rate);
    const half = (x: { low: number; high: number }) => (x.high - x.low) / 2;
    const s = e.overload!.steady;
    expect(Math.abs(s.killedShare - sim.shares.killed.mean)).toBeLessThan(
      2 * half(sim.shares.killed),
    );
    expect(Math.abs(s.goodputPerSec - sim.goodputPerSec.mean)).toBeLessThan(
      2 * half(sim.goodputPerSec),
    );
  });
});

describe("retries", () => {
  const retrying = (durationSec: number) =>
    evaluateDeployment(
      question({ server: "gunicorn", workers: 4 }, 30, {
        spike: { factor: 5, durationSec },
        clientTimeoutSec: 5,
        maxRetries: 3,
      }),
    ).overload!;

  it("gunicorn's default backlog with a 5 s timeout and 3 retries is metastable at 30 req/s", () => {
    const r = retrying(30).retries!;
    expect(r.metastable).toBe(true);
    expect(r.good.goodputPerSec).toBeCloseTo(30, 6);
    expect(r.bad.goodputPerSec).toBeLessThan(0.01);
    expect(r.bad.amplification).toBeCloseTo(4, 6); // every request tried 1 + 3 times
  });

  it("a spike tips it over once it lasts (D − S)·cμ/(λh − cμ)", () => {
    const o = retrying(30);
    const c = o.station.servers;
    const s = o.station.serviceTimeSec;
    const mu = c / s;
    const tip = ((5 - s) * mu) / (150 - mu);
    expect(relErr(o.retries!.tipAfterSec!, tip)).toBeLessThan(1e-12);
    expect(o.retries!.tipsOver).toBe(true);
    expect(retrying(0.5 * tip).retries!.tipsOver).toBe(false);
  });
});

describe("uvicorn without a limit: 100,000 requests a worker", () => {
  it("the retries' fixed point, on the waiting places the timeout can reach, agrees with the steady answer", () => {
    const deployment = { server: "uvicorn", workers: 2 };
    const calm = evaluateDeployment(
      question(deployment, 15, { clientTimeoutSec: 5, maxRetries: 3 }),
    ).overload!;
    expect(calm.station.backlog).toBe(2 * 100_000 - 2 + 2049);
    expect(relErr(calm.retries!.good.goodputPerSec, calm.steady.goodputPerSec)).toBeLessThan(1e-6);
    // Past capacity the loop holds everything and answers it all late: nothing in time.
    const over = evaluateDeployment(
      question(deployment, 30, { clientTimeoutSec: 5, maxRetries: 3 }),
    ).overload!;
    expect(over.steady.goodputPerSec).toBeLessThan(1e-6);
    expect(over.retries!.bad.goodputPerSec).toBeLessThan(1e-6);
  });
});

describe("nothing valid returns NaN", () => {
  it("for any spike on any gunicorn or uvicorn deployment (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.double({ min: 0.1, max: 300, noNaN: true }),
        fc.integer({ min: 0, max: 5000 }),
        fc.option(fc.double({ min: 0.01, max: 60, noNaN: true }), { nil: undefined }),
        fc.integer({ min: 0, max: 4 }),
        fc.boolean(),
        (workers, load, factor, durationSec, backlog, timeout, retries, uvicorn) => {
          const deployment = uvicorn
            ? { server: "uvicorn", workers, limitConcurrency: 2 + (backlog % 50) }
            : { server: "gunicorn", workers, backlog };
          const overload = {
            spike: { factor, durationSec },
            maxRetries: retries,
            ...(timeout === undefined ? {} : { clientTimeoutSec: timeout }),
          };
          const o = evaluateDeployment(
            question(deployment, load * 10 * workers, overload),
          ).overload!;
          const numbers = JSON.stringify(o, (_, v: unknown) =>
            typeof v === "number" && Number.isNaN(v) ? "NaN" : v,
          );
          expect(numbers).not.toContain('"NaN"');
          for (const share of [o.spike!.refusedShare, o.spike!.timedOutShare, o.steady.failedShare])
            expect(share >= 0 && share <= 1 + 1e-12).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("a load past capacity with a spike: endless counts, finite shares", () => {
    const o = evaluateDeployment(
      question({ server: "gunicorn", workers: 4 }, 60, { spike: { factor: 2, durationSec: 10 } }),
    ).overload!;
    expect(o.spike!.recoverySec).toBe(Infinity);
    expect(o.spike!.refused).toBe(Infinity);
    expect(o.spike!.timedOut).toBe(0);
    expect(o.spike!.refusedShare).toBeGreaterThan(0.5);
  });
});

describe("bad input names the field", () => {
  const load = (rate: number) => ({ arrivalRatePerSec: rate });
  it.each([
    ["overload.spike.factor", { spike: { factor: 0.5, durationSec: 10 } }, load(10)],
    ["overload.spike.durationSec", { spike: { factor: 2 } }, load(10)],
    ["overload.spike", { spike: { factor: 2, arrivalRatePerSec: 50, durationSec: 1 } }, load(10)],
    [
      "overload.spike.arrivalRatePerSec",
      { spike: { arrivalRatePerSec: 5, durationSec: 1 } },
      load(10),
    ],
    ["overload.spike", { spike: { factor: 2, durationSec: 1 } }, load(0)],
    ["overload.spkie", { spkie: { factor: 2, durationSec: 1 } }, load(10)],
    ["overload.clientTimeoutSec", { clientTimeoutSec: -1 }, load(10)],
    ["overload.maxRetries", { maxRetries: 1.5 }, load(10)],
    ["overload.retryProbability", { retryProbability: 2 }, load(10)],
    ["overload.somaxconn", { somaxconn: -1 }, load(10)],
    ["overload", {}, { clients: 10 }],
  ])("%s", (field, overload, l) => {
    const e = thrown(ModelInputError, () =>
      evaluateDeployment({
        deployment: { server: "gunicorn", workers: 4 },
        app,
        machine,
        load: l,
        overload,
      } as EvaluateDeploymentInput),
    );
    expect(e.field).toBe(field);
  });

  it.each([
    ["deployment.backlog", { server: "gunicorn", backlog: -1 }],
    ["deployment.timeout", { server: "gunicorn", timeout: 0.5 }],
    ["deployment.listen", { server: "uwsgi", listen: "100" }],
  ])("%s", (field, deployment) => {
    const e = thrown(ModelInputError, () => evaluateDeployment(question(deployment, 10)));
    expect(e.field).toBe(field);
  });
});
