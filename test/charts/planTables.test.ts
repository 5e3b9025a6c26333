import { describe, expect, it } from "vitest";
import {
  perMonth,
  planTiersTable,
  planTraceTable,
  stackTable,
  tierMachines,
} from "../../src/charts/index.js";
import { CLASSIC_STACK, evaluateStack, planCapacity } from "../../src/index.js";

// Tables of a stack and a plan for notebooks (issue 16: 08's helpers moved into the library).
describe("perMonth and tierMachines", () => {
  it("names the currency when given", () => {
    expect(perMonth(1280, "USD")).toBe("1280 USD a month");
    expect(perMonth(1280)).toBe("1280 a month");
  });

  it("says how a sharded tier's machines are laid out", () => {
    const t = { servers: 1, shards: 1, readReplicas: 0 };
    expect(tierMachines({ ...t, kind: "app", servers: 3 })).toBe("3");
    expect(tierMachines({ ...t, kind: "memcache" })).toBe("1 shard");
    expect(tierMachines({ ...t, kind: "memcache", servers: 2, shards: 2 })).toBe("2 shards");
    expect(tierMachines({ ...t, kind: "database", servers: 2, shards: 2 })).toBe(
      "2: 2 shards, no replicas",
    );
    expect(tierMachines({ kind: "database", servers: 6, shards: 2, readReplicas: 2 })).toBe(
      "6: 2 shards × (primary + 2 replicas)",
    );
  });
});

describe("stackTable", () => {
  const { stack, app, machine } = CLASSIC_STACK;
  const evaluation = evaluateStack({ stack, app, machine, load: { arrivalRatePerSec: 400 } });

  it("has one row per tier with the visits and operations of the evaluation", () => {
    const table = stackTable(CLASSIC_STACK, evaluation);
    expect(table.header.at(-1)).toBe("operations/s at 400 req/s");
    expect(table.rows.map((r) => r[0])).toEqual(evaluation.tiers.map((t) => t.name));
    // CLASSIC_STACK: 25 % cache hits, half of the rest static, 8 lookups per dynamic request:
    // 0.75 × 0.5 × 8 = 3 lookups per request at the top, 1200/s at 400 req/s.
    expect(table.rows[4]).toEqual([
      "memcache",
      "0.01 ms of CPU + 0.1 ms off the cores, a lookup",
      "4 cores",
      "1 shard",
      "3",
      "1200",
    ]);
  });

  it("gives a lookup's CPU and its time off the cores apart when the tier gives them", () => {
    const tiers = stack.tiers.map((t) => {
      if (t.kind !== "memcache") return t;
      const { serviceTimeSec: _, ...rest } = t;
      return { ...rest, cpuTimeSec: 1e-5, nonCpuTimeSec: 1e-4 };
    });
    const split = { stack: { tiers }, app, machine };
    const table = stackTable(split, evaluateStack({ ...split, load: { arrivalRatePerSec: 400 } }));
    expect(table.rows[4]![1]).toBe("0.01 ms of CPU + 0.1 ms off the cores, a lookup");
  });
});

describe("planTraceTable and planTiersTable", () => {
  const plan = planCapacity(CLASSIC_STACK);

  it("has one row per step of the trace, its cost in the currency named", () => {
    const table = planTraceTable(plan, { currency: "USD" });
    expect(table.rows.length).toBe(plan.trace.length);
    expect(table.header.at(-1)).toBe("cost after (USD a month)");
    expect(table.rows.at(-1)!.at(-1)).toBe(String(plan.costPerMonth));
  });

  it("has one row per tier of the plan, its cost adding up to the plan's", () => {
    const table = planTiersTable(plan, { currency: "USD" });
    expect(table.rows.map((r) => r[0])).toEqual(plan.tiers.map((t) => t.name));
    const total = table.rows.reduce((sum, r) => sum + Number(r.at(-1)), 0);
    expect(total).toBe(plan.costPerMonth);
  });
});
