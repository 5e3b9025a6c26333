import { describe, expect, it } from "vitest";
import {
  evaluateStack,
  GiB,
  ModelInputError,
  simulateStack,
  type EvaluateStackInput,
} from "../../src/index.js";
import { relErr } from "../helpers.js";

/** The app (prefork) and a database on one host, or the database on servers of its own. */
function stack(shared: boolean, processes: number, rate: number): EvaluateStackInput {
  const database = { kind: "database" as const, queriesPerRequest: 4, cpuTimeSec: 0.002 };
  return {
    stack: shared
      ? {
          hosts: [{ name: "box", cores: 2, memoryBytes: GiB(8) }],
          tiers: [
            { kind: "app", host: "box", deployment: { kind: "prefork", processes } },
            { ...database, host: "box" },
          ],
        }
      : {
          tiers: [
            { kind: "app", deployment: { kind: "prefork", processes } },
            { ...database, coresPerServer: 2 },
          ],
        },
    app: { cpuTimeSec: 0.008, ioTimeSec: 0.002, contextSwitchSec: 0 },
    machine: { cores: 2, memoryBytes: GiB(8) },
    load: { arrivalRatePerSec: rate },
  };
}

describe("simulateStack with co-located tiers: one pool of cores per host machine", () => {
  // Host demand 0.008 + 4 × 0.002 = 16 ms of CPU a request on 2 cores: 62.5 req/s is 50 %.
  const question = stack(true, 5, 62.5);
  const sim = simulateStack(question, { requests: 60_000, seed: 3 });
  const model = evaluateStack(question);

  it("the host's measured utilization is every tier's CPU on its cores (the utilization law)", () => {
    expect(sim.hosts).toHaveLength(1);
    expect(sim.hosts[0]!.name).toBe("box");
    expect(Math.abs(sim.hosts[0]!.utilization - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(model.hosts[0]!.utilization - 0.5)).toBeLessThan(1e-12);
    // The database tier reports its machine's cores, as the model does.
    expect(Math.abs(sim.tiers[1]!.utilization - sim.hosts[0]!.utilization)).toBeLessThan(1e-12);
  });

  it("the model's mean and the database's query time are within 10 % of the simulation at 50 %", () => {
    expect(relErr(model.meanResponseTimeSec, sim.meanResponseTimeSec.mean)).toBeLessThan(0.1);
    expect(
      relErr(model.tiers[1]!.meanResponseTimeSec, sim.tiers[1]!.meanResponseTimeSec),
    ).toBeLessThan(0.1);
  });

  it("sharing the cores makes queries wait longer than on a database of their own", () => {
    const own = simulateStack(stack(false, 2, 62.5), { requests: 60_000, seed: 3 });
    // On 2 cores of its own the database has 4 × 2 ms × 62.5/s = 0.5 busy cores and barely
    // queues; on the host it also waits behind the app's 0.5 busy cores of 8 ms bursts.
    expect(sim.tiers[1]!.meanResponseTimeSec).toBeGreaterThan(
      1.05 * own.tiers[1]!.meanResponseTimeSec,
    );
    expect(own.hosts).toEqual([]);
  });

  it("takes more worker processes than cores on a host (their bursts queue for its cores)", () => {
    expect(() => simulateStack(stack(false, 5, 10), { requests: 1000 })).toThrow(ModelInputError);
    expect(() => simulateStack(stack(false, 5, 10), { requests: 1000 })).toThrow(
      "stack.tiers[0].deployment.processes",
    );
    expect(simulateStack(stack(true, 5, 10), { requests: 1000 }).requests).toBe(1000);
  });
});
