import { describe, expect, it } from "vitest";
import { GiB, planCapacity, type PlanCapacityInput } from "../../src/index.js";

// A plan that opens more database connections than PostgreSQL accepts says so in its warnings.
const plan = (connectionPool?: {
  per: "thread" | "process";
  size?: number;
  maxOverflow?: number;
}) =>
  planCapacity({
    stack: {
      tiers: [
        {
          kind: "app",
          minServers: 4,
          deployment: { server: "gunicorn", workerClass: "gthread", workers: 4, threads: 8 },
          ...(connectionPool ? { connectionPool } : {}),
        },
        { kind: "database", queriesPerRequest: 2, serviceTimeSec: 0.001, maxConnections: 100 },
      ],
    },
    app: { cpuTimeSec: 0.005, ioTimeSec: 0.01 },
    machine: { cores: 4, memoryBytes: GiB(8) },
    load: { arrivalRatePerSec: 50 },
    slo: { responseTimeSec: 0.5 },
  } as PlanCapacityInput);

describe("plans warn of connections over a server's limit", () => {
  it("4 servers × 4 workers × 8 threads, a connection each = 128 > 97 (100 less 3 reserved)", () => {
    const p = plan();
    expect(p.tiers.find((t) => t.kind === "app")?.servers).toBe(4); // kept by minServers
    expect(p.tiers.find((t) => t.kind === "database")?.connections).toEqual({
      openedPerServer: 128,
      limitPerServer: 97,
      fits: false,
    });
    expect(p.warnings).toContain(
      "the database gets 128 connections per server from the app, over the 97 it accepts: give the app a pool per process (connectionPool: { per: process, size }) or pgbouncer, or raise maxConnections.",
    );
  });

  it("a pool of 4 per process: 4 × 4 × 4 = 64 ≤ 97, no warning", () => {
    const p = plan({ per: "process", size: 4, maxOverflow: 0 });
    expect(p.tiers.find((t) => t.kind === "database")?.connections?.openedPerServer).toBe(64);
    expect(p.warnings).toEqual([]);
  });
});
