import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { evaluateStack, GiB, ModelInputError } from "../../src/index.js";
import type { ConnectionPoolInput, EvaluateStackInput, TierInput } from "../../src/index.js";

const machine = { cores: 4, memoryBytes: GiB(8) };

/** The issue's stack: 16 app servers × 4 processes × 4 threads, memcache and one PostgreSQL. */
function issueStack(
  connectionPool?: ConnectionPoolInput,
  database: Record<string, unknown> = {},
  memcache: Record<string, unknown> = {},
): EvaluateStackInput {
  return {
    stack: {
      tiers: [
        {
          kind: "app",
          servers: 16,
          deployment: { kind: "daemon", processes: 4, threads: 4 },
          ...(connectionPool === undefined ? {} : { connectionPool }),
        },
        {
          kind: "memcache",
          hitRatio: 0.9,
          lookupsPerRequest: 2,
          serviceTimeSec: 0.0001,
          ...memcache,
        } as TierInput,
        {
          kind: "database",
          queriesPerRequest: 4,
          serviceTimeSec: 0.001,
          coresPerServer: 16,
          ...database,
        } as TierInput,
      ],
    },
    app: { cpuTimeSec: 0.01, ioTimeSec: 0.002 },
    machine,
    load: { arrivalRatePerSec: 1000 },
  };
}

describe("connections against max_connections and memcached -c", () => {
  it("16 × 4 × 4 per-thread connections = 256 > 97 usable of PostgreSQL's 100: flagged", () => {
    const s = evaluateStack(issueStack());
    const db = s.tiers[2]!;
    // Django's way: one connection per thread: 16 servers × 4 processes × 4 threads = 256; the
    // limit is max_connections 100 less 3 superuser_reserved_connections = 97.
    expect(db.connections).toEqual({
      openedPerServer: 16 * 4 * 4,
      limitPerServer: 100 - 3,
      fits: false,
    });
    // memcache: every worker thread's client connects to the shard: 256 ≤ 1024.
    expect(s.tiers[1]!.connections).toEqual({
      openedPerServer: 256,
      limitPerServer: 1024,
      fits: true,
    });
    expect(s.tiers[0]!.connections).toBeUndefined();
    expect(s.connectionsFit).toBe(false);
    // Too many connections is a reason of its own: the queues are stable.
    expect(s.stable).toBe(true);
  });

  it("pgbouncer with poolSize 20 in front: the database sees 20 connections, which fit", () => {
    const s = evaluateStack(issueStack({ per: "thread", pgbouncer: { poolSize: 20 } }));
    expect(s.tiers[2]!.connections).toEqual({
      openedPerServer: 20,
      limitPerServer: 97,
      fits: true,
    });
    expect(s.connectionsFit).toBe(true);
    // Two pgbouncer instances with pgbouncer's default pool of 20: 2 × 20 = 40.
    const two = evaluateStack(issueStack({ per: "thread", pgbouncer: { instances: 2 } }));
    expect(two.tiers[2]!.connections!.openedPerServer).toBe(2 * 20);
  });

  it("pools per process: min(size + maxOverflow, threads) each; every shard and replica gets them all", () => {
    // SQLAlchemy's defaults, 5 + 10 = 15, exceed the 4 threads: 4 per process, 256 again.
    const defaults = evaluateStack(issueStack({ per: "process" }));
    expect(defaults.tiers[2]!.connections!.openedPerServer).toBe(16 * 4 * 4);
    // A pool of 2 without overflow: 16 × 4 × 2 = 128 > 97.
    const two = evaluateStack(issueStack({ per: "process", size: 2, maxOverflow: 0 }));
    expect(two.tiers[2]!.connections).toEqual({
      openedPerServer: 128,
      limitPerServer: 97,
      fits: false,
    });
    // 1 + 0: 64 ≤ 97, on each of 2 shards × (1 primary + 1 replica).
    const one = evaluateStack(
      issueStack({ per: "process", size: 1, maxOverflow: 0 }, { shards: 2, readReplicas: 1 }),
    );
    expect(one.tiers[2]!.servers).toBe(4);
    expect(one.tiers[2]!.connections).toEqual({
      openedPerServer: 64,
      limitPerServer: 97,
      fits: true,
    });
  });

  it("limits as configured: max_connections 300 fits 256; memcached -c 200 does not", () => {
    const s = evaluateStack(
      issueStack(
        undefined,
        { maxConnections: 300, superuserReservedConnections: 0 },
        { maxConnections: 200 },
      ),
    );
    expect(s.tiers[2]!.connections).toEqual({
      openedPerServer: 256,
      limitPerServer: 300,
      fits: true,
    });
    expect(s.tiers[1]!.connections).toEqual({
      openedPerServer: 256,
      limitPerServer: 200,
      fits: false,
    });
    expect(s.connectionsFit).toBe(false);
  });

  it("errors name the field", () => {
    const cases: [EvaluateStackInput, RegExp][] = [
      [
        issueStack({ per: "request" } as never),
        /`stack\.tiers\[0\]\.connectionPool\.per` must be "thread" or "process"/,
      ],
      [
        issueStack({ per: "thread", size: 4 }),
        /`stack\.tiers\[0\]\.connectionPool\.size` must be absent unless per is "process"/,
      ],
      [
        issueStack({ per: "process", size: 0 }),
        /`stack\.tiers\[0\]\.connectionPool\.size`.*\(got 0\)/,
      ],
      [
        issueStack({ per: "process", maxOverflow: -1 }),
        /`stack\.tiers\[0\]\.connectionPool\.maxOverflow`.*\(got -1\)/,
      ],
      [
        issueStack({ per: "process", size: 2.5 }),
        /`stack\.tiers\[0\]\.connectionPool\.size`.*\(got 2\.5\)/,
      ],
      [
        issueStack({ per: "thread", pgbouncer: { poolSize: 0 } }),
        /`stack\.tiers\[0\]\.connectionPool\.pgbouncer\.poolSize`/,
      ],
      [
        issueStack({ per: "thread", pgbouncer: { instances: NaN } }),
        /`stack\.tiers\[0\]\.connectionPool\.pgbouncer\.instances`/,
      ],
      [
        issueStack({ per: "thread", pgbouncer: { pool_size: 20 } } as never),
        /`stack\.tiers\[0\]\.connectionPool\.pgbouncer\.pool_size` must be absent/,
      ],
      [
        issueStack({ per: "thread", pgbouncer: 20 } as never),
        /`stack\.tiers\[0\]\.connectionPool\.pgbouncer` must be an object/,
      ],
      [issueStack("thread" as never), /`stack\.tiers\[0\]\.connectionPool` must be an object/],
      [
        issueStack(undefined, { maxConnections: 0 }),
        /`stack\.tiers\[2\]\.maxConnections`.*\(got 0\)/,
      ],
      [
        issueStack(undefined, { superuserReservedConnections: 100 }),
        /`stack\.tiers\[2\]\.superuserReservedConnections` must be fewer than maxConnections \(100\)/,
      ],
      [
        issueStack(undefined, { superuserReservedConnections: -1 }),
        /`stack\.tiers\[2\]\.superuserReservedConnections`.*\(got -1\)/,
      ],
      [
        issueStack(undefined, {}, { maxConnections: Infinity }),
        /`stack\.tiers\[1\]\.maxConnections`/,
      ],
      [
        issueStack(undefined, {}, { superuserReservedConnections: 3 }),
        /`stack\.tiers\[1\]\.superuserReservedConnections` must be absent/,
      ],
    ];
    for (const [input, message] of cases) {
      expect(() => evaluateStack(input)).toThrow(ModelInputError);
      expect(() => evaluateStack(input)).toThrow(message);
    }
  });

  it("property: connection counts are integers, fits is opened ≤ limit, connectionsFit is every tier's", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 64 }),
        fc.option(
          fc.record({
            size: fc.integer({ min: 1, max: 50 }),
            maxOverflow: fc.integer({ min: 0, max: 20 }),
          }),
        ),
        fc.option(fc.integer({ min: 1, max: 100 })),
        fc.integer({ min: 1, max: 500 }),
        (servers, processes, threads, pool, bouncer, maxConnections) => {
          const connectionPool: ConnectionPoolInput = {
            ...(pool === null ? { per: "thread" } : { per: "process", ...pool }),
            ...(bouncer === null ? {} : { pgbouncer: { poolSize: bouncer } }),
          };
          const input = issueStack(connectionPool, {
            maxConnections,
            superuserReservedConnections: 0,
          });
          (input.stack.tiers[0] as { servers: number }).servers = servers;
          (input.stack.tiers[0] as { deployment: object }).deployment = {
            kind: "daemon",
            processes,
            threads,
          };
          input.load = { arrivalRatePerSec: 1 };
          const s = evaluateStack(input);
          const perProcess =
            pool === null ? threads : Math.min(threads, pool.size + pool.maxOverflow);
          const opened = Math.min(servers * processes * perProcess, bouncer ?? Infinity);
          const db = s.tiers[2]!.connections!;
          const mc = s.tiers[1]!.connections!;
          expect(db.openedPerServer).toBe(opened);
          for (const c of [db, mc]) {
            expect(Number.isInteger(c.openedPerServer)).toBe(true);
            expect(c.fits).toBe(c.openedPerServer <= c.limitPerServer);
          }
          expect(mc.openedPerServer).toBe(servers * processes * threads);
          expect(s.connectionsFit).toBe(db.fits && mc.fits);
        },
      ),
      { numRuns: 200 },
    );
  });
});
