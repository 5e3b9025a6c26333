import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { evaluateDeployment, evaluateStack, GiB, mmck } from "../../src/index.js";
import type { ConnectionPoolInput, DeploymentInput, EvaluateStackInput } from "../../src/index.js";
import { relErr } from "../helpers.js";

const machine = { cores: 4, memoryBytes: GiB(8) };

/**
 * One app server, one process, and a database with as many cores as the process serves requests
 * at once, so that a query never queues there (exact): it takes its 4 ms of CPU and 16 ms off
 * the cores, 20 ms in all, and each request holds its connection for one query, 20 ms.
 */
function onePool(
  deployment: DeploymentInput,
  slots: number,
  connectionPool: ConnectionPoolInput | undefined,
  rate = 50,
): EvaluateStackInput {
  return {
    stack: {
      tiers: [
        {
          kind: "app",
          deployment,
          ...(connectionPool === undefined ? {} : { connectionPool }),
        },
        {
          kind: "database",
          queriesPerRequest: 1,
          cpuTimeSec: 0.004,
          nonCpuTimeSec: 0.016,
          coresPerServer: slots,
        },
      ],
    },
    app: { cpuTimeSec: 0.001, ioTimeSec: 0 },
    machine,
    load: { arrivalRatePerSec: rate },
  };
}
const threaded: DeploymentInput = { kind: "threaded", threads: 4 };
const two: ConnectionPoolInput = { per: "process", size: 2, maxOverflow: 0 };

describe("waiting for a pool connection", () => {
  it("a pool of 2 shared by 4 threads: M/M/2/4 (worked by hand)", () => {
    const s = evaluateStack(onePool(threaded, 4, two));
    const pool = s.connectionPool;
    // 50 req/s each holding a connection 20 ms: a = 1 erlang on c = 2 connections; at most the
    // 4 threads' requests in the pool (K = 4). P(n) ∝ 1, 1, 1/2, 1/4, 1/8 for n = 0…4, i.e.
    // 8, 8, 4, 2, 1 over 23. Waiting Lq = 1·2/23 + 2·1/23 = 4/23; admitted λ(1 − P4) = 50·22/23;
    // Wq = Lq/λ' = 4/1100 s = 1/275 s.
    expect(relErr(pool.meanWaitSec, 1 / 275)).toBeLessThan(1e-12);
    expect(relErr(pool.meanHoldSec, 0.02)).toBeLessThan(1e-12);
    expect(pool.connectionsPerProcess).toBe(2);
    expect(relErr(pool.meanConnectionsInUse, 50 * 0.02)).toBeLessThan(1e-12);
    expect(relErr(pool.utilization, 0.5)).toBeLessThan(1e-12);
    // Little's law: 50/s × 1/275 s waiting on average.
    expect(relErr(pool.meanWaiting, 50 / 275)).toBeLessThan(1e-12);
    // The app's I/O: 20 ms of query plus the wait; variance 0.004² + 0.016² (CPU and delay,
    // exponential, no queue) plus the wait's, Var R − S² of that M/M/2/4 (one burst: SCV = var/mean²).
    const q = mmck({ arrivalRatePerSec: 50, serviceTimeSec: 0.02, servers: 2, capacity: 4 });
    expect(relErr(q.meanWaitSec, 1 / 275)).toBeLessThan(1e-12);
    const io = 0.02 + 1 / 275;
    const variance = 0.004 ** 2 + 0.016 ** 2 + (q.responseTimeVarianceSec2 - 0.02 ** 2);
    const app = evaluateDeployment({
      deployment: threaded,
      app: { cpuTimeSec: 0.001, ioTimeSec: io, ioTimeScv: variance / io ** 2 },
      machine,
      load: { arrivalRatePerSec: 50 },
    });
    expect(relErr(s.app.meanResponseTimeSec, app.meanResponseTimeSec)).toBeLessThan(1e-12);
    expect(relErr(s.tiers[0]!.meanResponseTimeSec, app.meanResponseTimeSec)).toBeLessThan(1e-12);
    expect(relErr(s.responseTimeQuantileSec(0.99), app.responseTimeQuantileSec(0.99))).toBeLessThan(
      1e-9,
    );
    // Little's law across the app's figures: requests inside = throughput × mean response time.
    expect(relErr(s.app.inFlight, 50 * s.app.meanResponseTimeSec)).toBeLessThan(1e-12);
  });

  it("a pool of 2 shared by an event loop's 1000 requests: Erlang C (worked by hand)", () => {
    const s = evaluateStack(onePool({ kind: "async", processes: 1 }, 1000, two));
    // a = 50 × 0.02 = 1 on c = 2 (the 1000-request cap is out of reach: M/M/2):
    // C(2, 1) = (a²/2!)/(1 − a/2) / (1 + a + (a²/2!)/(1 − a/2)) = 1/(1 + 1 + 1) = 1/3;
    // Wq = C·S/(c − a) = (1/3)·0.02/(2 − 1) = 1/150 s.
    expect(relErr(s.connectionPool.meanWaitSec, 1 / 150)).toBeLessThan(1e-12);
    expect(relErr(s.connectionPool.meanWaiting, 50 / 150)).toBeLessThan(1e-12);
  });

  it("the pool saturates at c ÷ hold: 2 connections held 20 ms carry 100 req/s", () => {
    const s = evaluateStack(onePool(threaded, 4, two, 60));
    // The pool carries 2/0.02 s = 100 req/s. The threads would carry more: at 100 req/s the
    // M/M/2/4 has a = 2, P(n) ∝ 1, 2, 2, 2, 2, L = 20/9, admitted 7/9·100/s, wait
    // 20/700 − 0.02 s ≈ 8.6 ms, so a thread holds a request ≈ 1 + 20 + 8.6 ms: 4 threads ≈ 135 req/s.
    expect(relErr(s.capacityPerSec, 2 / 0.02)).toBeLessThan(1e-9);
    expect(s.bottleneck).toBe("app");
    const over = evaluateStack(onePool(threaded, 4, two, 100));
    expect(over.stable).toBe(false);
    expect(over.connectionPool.meanWaitSec).toBe(Infinity);
    expect(over.meanResponseTimeSec).toBe(Infinity);
  });

  it("a connection for every request a process serves at once: the figures of no pool at all, exactly", () => {
    for (const [deployment, slots] of [
      [threaded, 4],
      [{ kind: "daemon", processes: 3, threads: 6 }, 18],
      [{ kind: "async", processes: 2, concurrency: 40 }, 80],
    ] as [DeploymentInput, number][]) {
      // The database gets fewer cores than callers, so queries queue there too.
      const old = evaluateStack(onePool(deployment, Math.ceil(slots / 4), undefined, 80));
      const perThread = deployment.kind === "async" ? deployment.concurrency! : deployment.threads!;
      for (const pool of [
        { per: "thread" },
        { per: "process", size: perThread, maxOverflow: 0 },
        { per: "process", size: 1, maxOverflow: perThread - 1 },
        { per: "process" },
      ] as ConnectionPoolInput[]) {
        if (pool.per === "process" && pool.size === undefined && perThread > 15) continue;
        const s = evaluateStack(onePool(deployment, Math.ceil(slots / 4), pool, 80));
        expect(s.connectionPool.meanWaitSec).toBe(0);
        expect(s.meanResponseTimeSec).toBe(old.meanResponseTimeSec);
        expect(s.responseTimeQuantileSec(0.95)).toBe(old.responseTimeQuantileSec(0.95));
        expect(s.app.meanResponseTimeSec).toBe(old.app.meanResponseTimeSec);
        expect(s.tiers.map((t) => [t.utilization, t.meanResponseTimeSec])).toEqual(
          old.tiers.map((t) => [t.utilization, t.meanResponseTimeSec]),
        );
        expect(s.capacityPerSec).toBe(old.capacityPerSec);
      }
    }
  });

  it("property: utilizations in [0, 1] when stable, Little's law, the hold is the queries' time", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 32 }),
        fc.integer({ min: 1, max: 32 }),
        fc.integer({ min: 0, max: 4 }),
        fc.double({ min: 0.0001, max: 0.01, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.double({ min: 0.5, max: 8, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (processes, threads, size, maxOverflow, cpu, nonCpu, queries, share) => {
          const input: EvaluateStackInput = {
            stack: {
              tiers: [
                {
                  kind: "app",
                  servers: 2,
                  deployment: { kind: "daemon", processes, threads },
                  connectionPool: { per: "process", size, maxOverflow },
                },
                {
                  kind: "database",
                  queriesPerRequest: queries,
                  cpuTimeSec: cpu,
                  nonCpuTimeSec: nonCpu,
                  coresPerServer: 4,
                },
              ],
            },
            app: { cpuTimeSec: 0.002, ioTimeSec: 0.001 },
            machine,
            load: { arrivalRatePerSec: 1 },
          };
          // A load at `share` of the stack's capacity.
          const capacity = evaluateStack(input).capacityPerSec;
          const s = evaluateStack({ ...input, load: { arrivalRatePerSec: share * capacity } });
          expect(s.stable).toBe(true);
          const pool = s.connectionPool;
          for (const u of [...s.tiers.map((t) => t.utilization), pool.utilization]) {
            expect(u).toBeGreaterThanOrEqual(0);
            expect(u).toBeLessThan(1);
          }
          expect(pool.connectionsPerProcess).toBe(Math.min(threads, size + maxOverflow));
          const rate = (share * capacity) / 2 / processes;
          expect(relErr(pool.requestRatePerProcessPerSec, rate)).toBeLessThan(1e-12);
          expect(relErr(pool.meanWaiting, rate * pool.meanWaitSec)).toBeLessThan(1e-12);
          expect(relErr(pool.meanConnectionsInUse, rate * pool.meanHoldSec)).toBeLessThan(1e-12);
          // The hold: the queries per request at the database's mean response time.
          expect(relErr(pool.meanHoldSec, queries * s.tiers[1]!.meanResponseTimeSec)).toBeLessThan(
            1e-12,
          );
          if (size + maxOverflow >= threads) expect(pool.meanWaitSec).toBe(0);
          else expect(pool.meanWaitSec).toBeGreaterThan(0);
          // Little's law on the app servers, and the app's time is at least its hold plus the wait.
          expect(
            relErr(s.app.inFlight, s.app.throughputPerSec * s.app.meanResponseTimeSec),
          ).toBeLessThan(1e-9);
          expect(s.app.meanHoldSec).toBeGreaterThanOrEqual(pool.meanHoldSec + pool.meanWaitSec);
        },
      ),
      { numRuns: 150 },
    );
  });
});
