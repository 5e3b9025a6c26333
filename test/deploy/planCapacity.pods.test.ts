import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/deploy/scenario.js";
import {
  evaluateDeployment,
  evaluateStack,
  planCapacity,
  type PlanCapacityInput,
} from "../../src/index.js";

const app = { cpuTimeSec: 0.008, ioTimeSec: 0.012 };
// A pod of 1 CPU and 512 MiB on a 64-core node.
const pod = { cores: 64, memoryBytes: 256 * 2 ** 30, cpuLimitCores: 1, memoryLimitBytes: 2 ** 29 };
const deployment = { kind: "daemon" as const, processes: 1, threads: 4 };
const stackOf = (servers: number) => ({ tiers: [{ kind: "app" as const, servers, deployment }] });

describe("the app tier as pods", () => {
  it("evaluates each pod as evaluateDeployment does under its limits", () => {
    // At 500m: one process (one GIL) can use more than the quota, so the quota throttles.
    const half = { ...pod, cpuLimitCores: 0.5 };
    const load = { arrivalRatePerSec: 120 };
    const s = evaluateStack({ stack: stackOf(3), app, machine: half, load });
    const one = evaluateDeployment({
      deployment,
      app,
      machine: half,
      load: { arrivalRatePerSec: 40 },
    });
    expect(one.throttling?.throttledPeriodFraction).toBeGreaterThan(0);
    expect(s.meanResponseTimeSec).toBeCloseTo(one.meanResponseTimeSec, 12);
    expect(s.responseTimeQuantileSec(0.99)).toBeCloseTo(one.responseTimeQuantileSec(0.99), 12);
    // The tier's utilization is of the pod's capacity, which its CPU limit caps (0.5 ÷ 8 ms).
    expect(one.capacityPerSec).toBeLessThanOrEqual(62.5 + 1e-9);
    expect(s.tiers[0]!.utilization).toBeCloseTo(40 / one.capacityPerSec, 12);
  });

  it("plans the fewest pods within the utilization limit and the SLO", () => {
    const input: PlanCapacityInput = {
      stack: stackOf(1),
      app,
      machine: pod,
      load: { arrivalRatePerSec: 300, peakFactor: 1.5 },
      slo: { quantile: 0.99, responseTimeSec: 0.25 },
    };
    const plan = planCapacity(input);
    expect(plan.feasible).toBe(true);
    const pods = plan.tiers[0]!.servers;
    const at = (n: number) =>
      evaluateStack({ stack: stackOf(n), app, machine: pod, load: { arrivalRatePerSec: 450 } });
    const ok = (n: number) =>
      at(n).tiers[0]!.utilization <= 0.8 && at(n).responseTimeQuantileSec(0.99) <= 0.25;
    expect(ok(pods)).toBe(true);
    expect(ok(pods - 1)).toBe(false);
    // Vertical for a pod: its limits doubled and quadrupled on the same node.
    expect(plan.appMachines.map((m) => m.cores)).toEqual([1, 2, 4]);
    const doubled = plan.appMachines[1]!;
    const check = evaluateStack({
      stack: { tiers: [{ kind: "app", servers: doubled.servers, deployment: doubled.deployment }] },
      app,
      machine: { ...pod, cpuLimitCores: 2, memoryLimitBytes: 2 ** 30 },
      load: { arrivalRatePerSec: 450 },
    });
    expect(doubled.responseTimeQuantileSec).toBeCloseTo(check.responseTimeQuantileSec(0.99), 12);
  });

  it("is not feasible when the workers pass the memory limit, and says so", () => {
    const plan = planCapacity({
      stack: stackOf(1),
      app: { ...app, memory: { processBaseBytes: 150e6 } },
      machine: { ...pod, memoryLimitBytes: 2 ** 27 },
      load: { arrivalRatePerSec: 100 },
      slo: { quantile: 0.99, responseTimeSec: 0.25 },
    });
    expect(plan.feasible).toBe(false);
    expect(plan.reason).toMatch(/pod's memory limit of 128 MiB: its workers are OOM-killed/);
  });

  it("refuses a pod on a shared host, and app machines to compare with a pod", () => {
    const onHost = {
      hosts: [{ name: "box", cores: 64, memoryBytes: 256 * 2 ** 30 }],
      tiers: [
        { kind: "app" as const, host: "box", deployment },
        { kind: "database" as const, host: "box", queriesPerRequest: 2, cpuTimeSec: 0.001 },
      ],
    };
    expect(() =>
      evaluateStack({ stack: onHost, app, machine: pod, load: { arrivalRatePerSec: 10 } }),
    ).toThrow(/machine\.cpuLimitCores.*host "box"/);
    expect(() =>
      planCapacity({
        stack: stackOf(1),
        app,
        machine: pod,
        load: { arrivalRatePerSec: 10 },
        slo: { quantile: 0.99, responseTimeSec: 0.25 },
        appMachines: [{ name: "big", cores: 2, memoryBytes: 2 ** 31, pricePerMonth: 1 }],
      }),
    ).toThrow(/appMachines.*pod/);
  });

  it("plans docs/scenarios/pods-stack.yaml, Kubernetes quantities and all", () => {
    const path = join(import.meta.dirname, "..", "..", "docs", "scenarios", "pods-stack.yaml");
    const s = parseScenario(readFileSync(path, "utf8"), "yaml") as unknown as Record<
      string,
      unknown
    >;
    delete s.description;
    const input = s as unknown as PlanCapacityInput;
    expect(input.machine).toMatchObject({ cpuLimitCores: 1, memoryLimitBytes: 2 ** 29 });
    const plan = planCapacity(input);
    expect(plan.feasible).toBe(true);
    expect(plan.peak.tiers[0]!.utilization).toBeLessThanOrEqual(0.8);
  });
});
