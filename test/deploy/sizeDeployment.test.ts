import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  finiteSource,
  GiB,
  mmc,
  ModelInputError,
  sizeDeployment,
} from "../../src/index.js";
import type { DeploymentInput, SizeDeploymentInput } from "../../src/index.js";
import { relErr } from "../helpers.js";

const question: SizeDeploymentInput = {
  app: { cpuTimeSec: 0.01, ioTimeSec: 0.04, contextSwitchSec: 0 },
  machine: { cores: 2, memoryBytes: GiB(2) },
  load: { arrivalRatePerSec: 100 },
  slo: { responseTimeSec: 0.25 },
};

/** The deployment question of `question` (sizeDeployment's input without its SLO). */
const evaluate = (deployment: DeploymentInput) =>
  evaluateDeployment({
    deployment,
    app: question.app,
    machine: question.machine,
    load: question.load,
  });

describe("sizeDeployment", () => {
  const sizing = sizeDeployment(question);

  it("recommends the first feasible configuration, and it meets the SLO when evaluated again", () => {
    expect(sizing.recommended).toBe(sizing.feasible[0]);
    const again = evaluate(sizing.recommended!.deployment);
    expect(again.stable).toBe(true);
    expect(again.responseTimeQuantileSec(0.99)).toBeLessThanOrEqual(0.25);
    expect(again.utilization.cores).toBeLessThanOrEqual(0.8);
    expect(again.fitsMemory).toBe(true);
  });

  it("gives every rejection the reasons its evaluation shows", () => {
    expect(sizing.rejected.length).toBeGreaterThan(0);
    for (const c of sizing.rejected) {
      expect(c.reasons.length).toBeGreaterThan(0);
      const e = evaluate(c.deployment);
      expect(c.reasons.includes("saturation")).toBe(!e.stable || e.utilization.cores > 0.8);
      expect(c.reasons.includes("memory")).toBe(!e.fitsMemory);
      expect(c.reasons.includes("slo")).toBe(!(e.responseTimeQuantileSec(0.99) <= 0.25));
    }
    for (const c of sizing.feasible) expect(c.reasons).toEqual([]);
  });

  it("ranks by memory (2 % tiers from the cheapest), then headroom to the point", () => {
    const cheapest = Math.min(...sizing.feasible.map((c) => c.pssBytes));
    const tier = (b: number) => Math.floor((b - cheapest) / (0.02 * cheapest));
    for (let i = 1; i < sizing.feasible.length; i++) {
      const a = sizing.feasible[i - 1]!;
      const b = sizing.feasible[i]!;
      expect(tier(a.pssBytes)).toBeLessThanOrEqual(tier(b.pssBytes));
      if (tier(a.pssBytes) === tier(b.pssBytes)) {
        expect(Math.round(a.headroom * 100)).toBeGreaterThanOrEqual(Math.round(b.headroom * 100));
      }
    }
  });

  it("places gunicorn's (2 × cores) + 1 sync workers: 5 workers of 50 ms on 2 cores saturate at 100 req/s", () => {
    // Five single-threaded workers, each request 10 ms of CPU (2 cores, shared) and 40 ms of I/O:
    // the most they complete is the finite-source throughput with N = 5, S = 10 ms, Z = 40 ms, c = 2.
    const sync = sizing.rulesOfThumb[0]!.configurations[0]!;
    expect(sync.deployment).toEqual({
      kind: "prefork",
      processes: 5,
      gil: "shared",
      preload: false,
    });
    const limit = finiteSource({
      population: 5,
      thinkTimeSec: 0.04,
      serviceTimeSec: 0.01,
      servers: 2,
    });
    expect(relErr(sync.capacityPerSec, limit.throughputPerSec)).toBeLessThan(1e-12);
    expect(sync.reasons).toContain("saturation");
  });

  it("a CPU-only application on prefork reproduces M/M/c's p99 as the SLO test", () => {
    const cpuOnly = sizeDeployment({
      app: { cpuTimeSec: 0.01, ioTimeSec: 0 },
      machine: { cores: 2, memoryBytes: GiB(2) },
      load: { arrivalRatePerSec: 100 },
      slo: { responseTimeSec: 0.06 },
      kinds: ["prefork"],
    });
    const p99 = (servers: number) =>
      mmc({ arrivalRatePerSec: 100, serviceTimeSec: 0.01, servers }).responseTimeQuantileSec(0.99);
    const two = [...cpuOnly.feasible, ...cpuOnly.rejected].find(
      (c) => c.deployment.kind === "prefork" && c.deployment.processes === 2,
    )!;
    expect(relErr(two.quantileSec, p99(2))).toBeLessThan(1e-9);
    expect(two.feasible).toBe(p99(2) <= 0.06);
    // One process is saturated (ρ = 1): rejected for saturation, whatever the SLO.
    const one = cpuOnly.rejected.find((c) => c.deployment.processes === 1)!;
    expect(one.reasons).toEqual(["saturation", "slo"]);
  });

  it("rejects bad input naming the field", () => {
    const bad: [string, unknown][] = [
      ["slo.responseTimeSec", { ...question, slo: { responseTimeSec: 0 } }],
      ["slo.quantile", { ...question, slo: { responseTimeSec: 1, quantile: 1 } }],
      [
        "slo.maxCoreUtilization",
        { ...question, slo: { responseTimeSec: 1, maxCoreUtilization: 2 } },
      ],
      ["kinds", { ...question, kinds: [] }],
      ["kinds", { ...question, kinds: ["forked"] }],
      ["machine.cores", { ...question, machine: { cores: 1.5, memoryBytes: GiB(1) } }],
      ["app.cpuTimeSec", { ...question, app: { ioTimeSec: 0 } }],
      ["machines", { ...question, machines: 0 }],
      ["machines", { ...question, machines: 1.5 }],
      ["machines", { ...question, machines: "most" }],
      ["prefer", { ...question, prefer: "speed" }],
    ];
    for (const [field, input] of bad) {
      try {
        sizeDeployment(input as SizeDeploymentInput);
        expect.unreachable(`${field} accepted`);
      } catch (error) {
        expect(error).toBeInstanceOf(ModelInputError);
        expect((error as ModelInputError).field).toBe(field);
      }
    }
  });
});
