import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateDeployment, GiB, MiB, ModelInputError, sizePods } from "../../src/index.js";
import type { SizePodsInput } from "../../src/index.js";
import { thrown } from "../helpers.js";

const APP = { cpuTimeSec: 0.01, ioTimeSec: 0.02, memory: { processBaseBytes: 234e6 } };
const NODE = { cores: 64, memoryBytes: GiB(256) };
const BASE: SizePodsInput = {
  app: APP,
  load: { arrivalRatePerSec: 200 },
  slo: { responseTimeSec: 0.25 },
  node: NODE,
  shapes: [{ cpuLimitCores: 1, memoryLimitBytes: MiB(512) }],
};

describe("sizePods", () => {
  it("says why workers are OOM-killed, with the arithmetic, exactly when Σ PSS exceeds the limit", () => {
    const s = sizePods({ ...BASE, workerClasses: ["sync"] });
    const plan = s.recommended!;
    expect(plan.best!.workerClass).toBe("sync");
    const killed = plan.configurations.filter((c) => c.oomKilled);
    expect(killed.length).toBeGreaterThan(0);
    for (const c of killed) {
      expect(c.pods).toBeUndefined();
      expect(c.reasons).toContain("oom-killed");
      expect(c.messages[0]).toMatch(
        new RegExp(
          `^${c.workers} workers × \\d+ MiB \\+ master \\d+ MiB = .* against a 512Mi limit: OOM-killed$`,
        ),
      );
    }
    // Three workers of 234 MB: Σ PSS 654 MiB against 512Mi.
    expect(killed[0]!.messages[0]).toMatch(
      /^3 workers × 217 MiB \+ master 4 MiB = 654 MiB against a 512Mi limit/,
    );
  });

  it("OOM verdict ⇔ Σ PSS > the memory limit, for any worker size and limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 400 }),
        fc.constantFrom(256, 512, 768, 1024, 2048),
        (workerMiB, limitMiB) => {
          const s = sizePods({
            ...BASE,
            app: { ...APP, memory: { processBaseBytes: MiB(workerMiB) } },
            load: { arrivalRatePerSec: 50 },
            slo: { responseTimeSec: 1 },
            shapes: [{ cpuLimitCores: 2, memoryLimitBytes: MiB(limitMiB) }],
          });
          const plan = [...s.feasible, ...s.rejected][0]!;
          for (const c of plan.configurations) {
            expect(c.oomKilled).toBe(c.pssBytes > MiB(limitMiB));
            expect(c.reasons.includes("oom-killed")).toBe(c.oomKilled);
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it("the recommendation meets the SLO at load ÷ pods, one pod fewer does not, and the figures agree", () => {
    const s = sizePods({
      ...BASE,
      shapes: [
        { cpuLimitCores: 0.5, memoryLimitBytes: MiB(512) },
        { cpuLimitCores: 1, memoryLimitBytes: GiB(1) },
        { cpuLimitCores: 2, memoryLimitBytes: GiB(2) },
      ],
      workerClasses: ["gthread"],
    });
    expect(s.feasible.length).toBeGreaterThan(0);
    for (const p of s.feasible) {
      const e = evaluateDeployment({
        deployment: p.deployment!,
        app: APP,
        machine: {
          ...NODE,
          cpuLimitCores: p.shape.cpuLimitCores,
          memoryLimitBytes: p.shape.memoryLimitBytes,
        },
        load: { arrivalRatePerSec: 200 / p.pods },
      });
      expect(p.arrivalRatePerPodSec * p.pods).toBeCloseTo(200, 9);
      expect(e.responseTimeQuantileSec(0.99)).toBeCloseTo(p.quantileSec, 9);
      expect(p.quantileSec).toBeLessThanOrEqual(0.25);
      // The utilization law on the limit, at most 80 %; Σ capacity carries the load.
      expect(p.limitUtilization).toBeCloseTo(
        (p.arrivalRatePerPodSec * e.cpuSecPerRequest) / p.shape.cpuLimitCores,
        9,
      );
      expect(p.limitUtilization).toBeLessThanOrEqual(0.8);
      expect(p.totalCapacityPerSec).toBeCloseTo(p.pods * p.capacityPerPodSec, 9);
      expect(p.totalCapacityPerSec).toBeGreaterThan(200);
      expect(p.cost).toBeCloseTo(p.pods * p.costPerPod, 12);
      if (p.pods > 1) {
        expect(p.why.length).toBeGreaterThan(0);
        const fewer = evaluateDeployment({
          deployment: p.deployment!,
          app: APP,
          machine: { ...NODE, cpuLimitCores: p.shape.cpuLimitCores },
          load: { arrivalRatePerSec: 200 / (p.pods - 1) },
        });
        const util = ((200 / (p.pods - 1)) * fewer.cpuSecPerRequest) / p.shape.cpuLimitCores;
        const fails = !fewer.stable || util > 0.8 || fewer.responseTimeQuantileSec(0.99) > 0.25;
        expect(fails).toBe(true);
      }
    }
    // Cheapest first.
    for (let k = 1; k < s.feasible.length; k++) {
      expect(s.feasible[k]!.cost).toBeGreaterThanOrEqual(s.feasible[k - 1]!.cost);
    }
  });

  it("more pods never give less total capacity, and more load never fewer pods", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0.5, 1, 2),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 20, max: 300, noNaN: true }),
        (limit, workers, pods, rate) => {
          const total = (n: number) =>
            n *
            evaluateDeployment({
              deployment: { server: "gunicorn", workers },
              app: APP,
              machine: { ...NODE, cpuLimitCores: limit },
              load: { arrivalRatePerSec: rate / n },
            }).capacityPerSec;
          expect(total(pods + 1)).toBeGreaterThanOrEqual(total(pods) * (1 - 1e-12));
        },
      ),
      { numRuns: 20 },
    );
    const pods = [100, 200, 400].map(
      (rate) =>
        sizePods({ ...BASE, load: { arrivalRatePerSec: rate }, workerClasses: ["gthread"] })
          .recommended!.pods,
    );
    expect(pods[1]!).toBeGreaterThanOrEqual(pods[0]!);
    expect(pods[2]!).toBeGreaterThanOrEqual(pods[1]!);
  });

  it("packs pods on the node's allocatable resources with the sidecar, and prices their requests", () => {
    const s = sizePods({
      ...BASE,
      node: { ...NODE, allocatableCores: 62, allocatableMemoryBytes: GiB(240) },
      overheads: { sidecarCpuCores: 0.1, sidecarMemoryBytes: MiB(128) },
      cost: { perPod: 0.01, perCore: 0.04, perGiB: 0.005 },
      workerClasses: ["gthread"],
    });
    const p = s.recommended!;
    // min(62 ÷ 1.1, 240 GiB ÷ 640 MiB, 110) = min(56.4, 384, 110).
    expect(p.podsPerNode).toBe(56);
    expect(p.nodes).toBe(Math.ceil(p.pods / 56));
    expect(p.costPerPod).toBeCloseTo(0.01 + 0.04 * 1.1 + 0.005 * (640 / 1024), 12);
    expect(p.resources).toBe(
      "resources:\n  requests:\n    cpu: 1\n    memory: 512Mi\n  limits:\n    cpu: 1\n    memory: 512Mi",
    );
    expect(p.best!.command).toMatch(/^gunicorn -w \d+ -k gthread --threads \d+ app:app$/);
  });

  it("with an autoscaler, runs the HPA's settled count when it exceeds the SLO's", () => {
    const s = sizePods({
      ...BASE,
      load: { arrivalRatePerSec: 200, peakFactor: 2 },
      shapes: [{ cpuLimitCores: 1, cpuRequestCores: 0.25, memoryLimitBytes: MiB(512) }],
      autoscaler: { targetCpuUtilization: 0.5 },
      workerClasses: ["gthread"],
    });
    const p = s.recommended!;
    const a = p.autoscaling!;
    const e = evaluateDeployment({
      deployment: p.deployment!,
      app: APP,
      machine: { ...NODE, cpuLimitCores: 1 },
      load: { arrivalRatePerSec: 1 },
    });
    // ⌈200 × CPU ÷ (0.25 × 0.5)⌉ = 17 (CPU 10.0 ms with the thread switches).
    expect(a.settledPods).toBe(Math.ceil((200 * e.cpuSecPerRequest) / 0.125));
    expect(p.pods).toBe(Math.max(p.podsForSlo, a.settledPods));
    expect(s.plannedArrivalRatePerSec).toBe(200);
    expect(a.spike.peakArrivalRatePerSec).toBe(400);
    expect(a.spike.podsBefore).toBe(p.pods);
  });

  it("rejects a shape nothing fits in, saying why", () => {
    const s = sizePods({
      ...BASE,
      app: { ...APP, memory: { processBaseBytes: 600e6 } },
      shapes: [{ cpuLimitCores: 1, memoryLimitBytes: MiB(512) }],
    });
    expect(s.recommended).toBeUndefined();
    expect(s.rejected[0]!.why.join("\n")).toMatch(
      /1 worker × .* against a 512Mi limit: OOM-killed/,
    );
  });

  it("rejects a shape whose throttled p99 misses the SLO at any pod count", () => {
    // 300 ms of CPU under a 500m limit takes 600 ms at least: no count of pods meets 250 ms.
    const s = sizePods({
      ...BASE,
      app: { cpuTimeSec: 0.3, ioTimeSec: 0.02 },
      load: { arrivalRatePerSec: 50 },
      shapes: [{ cpuLimitCores: 0.5, memoryLimitBytes: GiB(1) }],
    });
    expect(s.feasible).toEqual([]);
    const why = s.rejected[0]!.why;
    expect(why.length).toBeGreaterThan(0);
    for (const w of why) expect(w).toMatch(/: p99 \d+ ms over the 250 ms SLO at /);
  });

  it("names the field and value of bad input", () => {
    const bad = (patch: Record<string, unknown>) =>
      thrown(ModelInputError, () => sizePods({ ...BASE, ...patch } as SizePodsInput));
    expect(bad({ shapes: [{ cpuLimitCores: 0, memoryLimitBytes: MiB(512) }] }).field).toBe(
      "shapes[0].cpuLimitCores",
    );
    expect(bad({ shapes: [{ cpuLimitCores: 128, memoryLimitBytes: MiB(512) }] }).message).toMatch(
      /shapes\[0\]\.cpuLimitCores.*node's cores, 64.*got 128/,
    );
    expect(bad({ shapes: [{ cpuLimitCore: 1, memoryLimitBytes: MiB(512) }] }).message).toMatch(
      /shapes\[0\]\.cpuLimitCore`.*did you mean `cpuLimitCores`/,
    );
    expect(
      bad({ shapes: [{ cpuLimitCores: 1, cpuRequestCores: 2, memoryLimitBytes: MiB(512) }] }).field,
    ).toBe("shapes[0].cpuRequestCores");
    expect(bad({ autoscaler: { targetCpuUtilization: 70 } }).message).toMatch(
      /averageUtilization 70 is 0.7.*got 70/,
    );
    expect(bad({ load: { arrivalRatePerSec: 100, peakFactor: 0.5 } }).field).toBe(
      "load.peakFactor",
    );
    expect(bad({ node: { cores: 64, memoryBytes: GiB(256), allocatableCores: 65 } }).field).toBe(
      "node.allocatableCores",
    );
    expect(bad({ workerClasses: ["gevent"] }).field).toBe("workerClasses");
    expect(bad({ slo: { responseTimeSec: 0.25, maxCpuUtilization: 2 } }).field).toBe(
      "slo.maxCpuUtilization",
    );
  });
});
