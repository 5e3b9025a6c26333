import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/deploy/scenario.js";
import { evaluateStack, planCapacity, type PlanCapacityInput } from "../../src/index.js";

const SMALL = join(import.meta.dirname, "..", "..", "docs", "scenarios", "small.yaml");

/** docs/scenarios/small.yaml, as the planner takes it, at `peakFactor` × its load. */
function small(peakFactor: number, redundancy?: "n+1"): PlanCapacityInput {
  const s = parseScenario(readFileSync(SMALL, "utf8"), "yaml") as unknown as Record<
    string,
    unknown
  >;
  delete s.description;
  const load = s.load as { arrivalRatePerSec: number };
  return {
    ...(s as unknown as PlanCapacityInput),
    load: { arrivalRatePerSec: load.arrivalRatePerSec, peakFactor },
    ...(redundancy ? { redundancy } : {}),
  };
}

describe("planCapacity with a shared host", () => {
  it("grows the host — every tier on it together — when its cores are the bottleneck", () => {
    const plan = planCapacity(small(6));
    expect(plan.feasible).toBe(true);
    const machines = plan.peak.hosts[0]!.machines;
    expect(machines).toBeGreaterThan(1);
    // One server of each tier per machine.
    expect(plan.tiers.map((t) => t.servers)).toEqual([machines, machines, machines]);
    expect(plan.peak.hosts[0]!.utilization).toBeLessThanOrEqual(0.8);
    const grown = plan.trace.filter((s) => s.action === "add host machine");
    expect(grown.length).toBeGreaterThan(0);
    for (const s of grown) expect(s.host).toBe("box");
    // The planned stack: the host's machines, no count on its tiers.
    expect(plan.stack.hosts![0]!.machines).toBe(machines);
    for (const t of plan.stack.tiers) {
      expect(t).not.toHaveProperty("servers");
      expect(t).not.toHaveProperty("shards");
    }
    // … which evaluates as planned.
    const again = evaluateStack({
      stack: plan.stack,
      app: small(6).app,
      machine: small(6).machine,
      load: { arrivalRatePerSec: plan.peakArrivalRatePerSec },
    });
    expect(again.hosts[0]!.utilization).toBe(plan.peak.hosts[0]!.utilization);
  });

  it("no vertical comparison for an app on a host: its machines are the host's", () => {
    expect(planCapacity(small(3)).appMachines).toEqual([]);
  });

  it("under N+1 the loss of one host machine is one loss, and the plan survives it", () => {
    const plan = planCapacity(small(3, "n+1"));
    expect(plan.feasible).toBe(true);
    expect(plan.tiers[0]!.afterWorstLoss.lost).toBe("one box machine");
    expect(plan.peak.hosts[0]!.machines).toBeGreaterThanOrEqual(2);
    for (const t of plan.tiers) expect(t.afterWorstLoss.utilization).toBeLessThanOrEqual(0.8);
  });

  it("holds minMachines with a step naming it", () => {
    const input = small(1);
    input.stack.hosts![0]!.minMachines = 3;
    const plan = planCapacity(input);
    expect(plan.peak.hosts[0]!.machines).toBe(3);
    const kept = plan.trace.find((s) => s.reason === "minimum");
    expect(kept).toMatchObject({ reason: "minimum", field: "minMachines", keptAt: 3 });
  });

  it("is not feasible when the tiers on a host machine do not fit its memory together", () => {
    const input = small(1);
    input.stack.hosts![0]!.memoryBytes = 3 * 2 ** 30;
    const plan = planCapacity(input);
    expect(plan.feasible).toBe(false);
    expect(plan.reason).toMatch(
      /^the tiers on host box need \d+ MiB a machine and do not fit its 3072 MiB$/,
    );
  });
});
