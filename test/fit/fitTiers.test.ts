import { describe, expect, it } from "vitest";
import { fitDatabaseTier, fitMemcacheTier, ModelInputError } from "../../src/index.js";
import { relErr } from "../helpers.js";

// pg_stat_statements rows in the view's own names; figures worked by hand below.
const SHOP = [
  {
    query: "SELECT p.id, p.title FROM products p JOIN categories c ON … LIMIT $1",
    calls: 200,
    total_exec_time: 760,
  },
  {
    query: 'SELECT "products"."id" FROM "products" WHERE "products"."id" = $1',
    calls: 300,
    total_exec_time: 15,
  },
  { query: "BEGIN", calls: 100, total_exec_time: 0.2 },
  {
    query: 'UPDATE "products" SET "stock" = ("products"."stock" - $1) WHERE "products"."id" = $2',
    calls: 100,
    total_exec_time: 9,
  },
  { query: "select id from orders where id = $1 for update", calls: 50, total_exec_time: 2.8 },
  { query: "COMMIT", calls: 100, total_exec_time: 0.1 },
];

describe("fitDatabaseTier", () => {
  it("counts statements per request, the primary's share and the CPU per statement", () => {
    // 850 calls over 1000 requests; writes: BEGIN, UPDATE, SELECT … FOR UPDATE, COMMIT = 350.
    // Execution 787.1 ms over 850 calls; CPU 1.7 s over 850 calls = 2 ms.
    const db = fitDatabaseTier({ statements: SHOP, requests: 1000, cpuSec: 1.7 });
    expect(relErr(db.queriesPerRequest, 0.85)).toBeLessThan(1e-12);
    expect(relErr(db.writeFraction, 350 / 850)).toBeLessThan(1e-12);
    expect(relErr(db.cpuTimeSec, 0.002)).toBeLessThan(1e-12);
    expect(relErr(db.execTimeSec, 0.7871 / 850)).toBeLessThan(1e-12);
    expect(relErr(db.overheadCpuSecPerQuery, 0.002 - 0.7871 / 850)).toBeLessThan(1e-12);
    expect(db.nonCpuTimeSec).toBe(0);
    // The heaviest statement first: the list's join (760 ms in all).
    expect(db.statements[0]!.query).toMatch(/JOIN/);
    expect(db.statements.filter((s) => s.write).map((s) => s.query.slice(0, 6))).toEqual([
      "UPDATE",
      "select",
      "BEGIN",
      "COMMIT",
    ]);
  });

  it("without PostgreSQL's CPU, a statement's CPU is its execution time", () => {
    const db = fitDatabaseTier({ statements: SHOP, requests: 1000 });
    expect(db.cpuTimeSec).toBe(db.execTimeSec);
    expect(db.overheadCpuSecPerQuery).toBe(0);
  });

  it("execution beyond the CPU is waiting (I/O, locks)", () => {
    const db = fitDatabaseTier({
      statements: [{ query: "SELECT 1", calls: 100, total_exec_time: 500 }],
      requests: 100,
      cpuSec: 0.2,
    });
    expect(relErr(db.nonCpuTimeSec, 0.005 - 0.002)).toBeLessThan(1e-12);
  });

  it("names the bad field", () => {
    const e = (f: () => unknown) => expect(f).toThrow(ModelInputError);
    e(() => fitDatabaseTier({ statements: [], requests: 1 }));
    expect(() =>
      fitDatabaseTier({ statements: [{ query: "x", calls: -1, total_exec_time: 1 }], requests: 1 }),
    ).toThrow(/statements\[0\]\.calls/);
    expect(() =>
      fitDatabaseTier({
        statements: [{ query: "x", calls: 1, total_exec_time: 1, mean_exec_time: 1 } as never],
        requests: 1,
      }),
    ).toThrow(/mean_exec_time/);
    expect(() => fitDatabaseTier({ statements: SHOP, requests: 0 })).toThrow(/requests/);
    expect(() =>
      fitDatabaseTier({ statements: [{ query: "x", calls: 0, total_exec_time: 0 }], requests: 1 }),
    ).toThrow(/statements/);
  });
});

describe("fitMemcacheTier", () => {
  it("reads lookups per request, the hit ratio and the CPU per lookup from stats", () => {
    const mc = fitMemcacheTier({
      stats: { cmd_get: 813, get_hits: 334, cmd_set: 479, rusage_user: 0.08, rusage_system: 0.165 },
      requests: 1242,
    });
    expect(relErr(mc.lookupsPerRequest, 813 / 1242)).toBeLessThan(1e-12);
    expect(relErr(mc.hitRatio, 334 / 813)).toBeLessThan(1e-12);
    expect(relErr(mc.cpuTimeSec, 0.245 / 813)).toBeLessThan(1e-12);
    expect(relErr(mc.setsPerLookup, 479 / 813)).toBeLessThan(1e-12);
  });

  it("names the bad field", () => {
    expect(() => fitMemcacheTier({ stats: { cmd_get: 10, get_hits: 11 }, requests: 5 })).toThrow(
      /stats\.get_hits/,
    );
    expect(() => fitMemcacheTier({ stats: { cmd_get: 0, get_hits: 0 }, requests: 5 })).toThrow(
      /stats\.cmd_get/,
    );
    expect(() =>
      fitMemcacheTier({ stats: { cmd_get: 1, get_hits: 1, get_misses: 0 } as never, requests: 5 }),
    ).toThrow(/get_misses/);
  });
});
