import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hpaDesiredReplicas, ModelInputError } from "../../src/index.js";
import { hpaSpike } from "../../src/deploy/hpaSpike.js";
import { thrown } from "../helpers.js";

describe("hpaDesiredReplicas", () => {
  // Kubernetes documentation, "Horizontal Pod Autoscaling", Algorithm details: "if the current
  // metric value is 200m, and the desired value is 100m, the number of replicas will be doubled
  // […] If the current value is instead 50m, you'll halve the number of replicas", and a ratio
  // within the tolerance (0.1 by default) changes nothing.
  it("reproduces the documentation's example: 200m against 100m doubles, 50m halves", () => {
    expect(
      hpaDesiredReplicas({ currentReplicas: 3, currentUtilization: 0.2, targetUtilization: 0.1 }),
    ).toBe(6);
    expect(
      hpaDesiredReplicas({ currentReplicas: 4, currentUtilization: 0.05, targetUtilization: 0.1 }),
    ).toBe(2);
    expect(
      hpaDesiredReplicas({ currentReplicas: 4, currentUtilization: 0.108, targetUtilization: 0.1 }),
    ).toBe(4);
    expect(
      hpaDesiredReplicas({ currentReplicas: 4, currentUtilization: 0.115, targetUtilization: 0.1 }),
    ).toBe(5);
    expect(
      hpaDesiredReplicas({
        currentReplicas: 4,
        currentUtilization: 0.108,
        targetUtilization: 0.1,
        tolerance: 0,
      }),
    ).toBe(5);
  });

  it("at a steady CPU load settles where ⌈λ × CPU ÷ (request × target)⌉ pods stay put", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        (start, rate, target) => {
          // 10 ms of CPU per request, 1-core requests: utilization = λ × 0.01 ÷ N.
          const settled = Math.max(1, Math.ceil((rate * 0.01) / target));
          const next = hpaDesiredReplicas({
            currentReplicas: settled,
            currentUtilization: (rate * 0.01) / settled,
            targetUtilization: target,
          });
          expect(next).toBe(settled);
          // From any start, one step lands on the formula (outside the tolerance band).
          const u = (rate * 0.01) / start / target;
          const step = hpaDesiredReplicas({
            currentReplicas: start,
            currentUtilization: (rate * 0.01) / start,
            targetUtilization: target,
          });
          if (Math.abs(u - 1) > 0.1) expect(step).toBe(Math.ceil(start * u));
        },
      ),
    );
  });

  it("names the bad field", () => {
    const e = thrown(ModelInputError, () =>
      hpaDesiredReplicas({ currentReplicas: 2.5, currentUtilization: 0.5, targetUtilization: 0.7 }),
    );
    expect(e.field).toBe("currentReplicas");
    expect(
      thrown(ModelInputError, () =>
        hpaDesiredReplicas({ currentReplicas: 2, currentUtilization: 0.5, targetUtilization: 0 }),
      ).field,
    ).toBe("targetUtilization");
    expect(
      thrown(ModelInputError, () =>
        hpaDesiredReplicas({
          currentReplicas: 2,
          currentUtilization: 0.5,
          targetUtilization: 0.7,
          tolerance: 1,
        }),
      ).message,
    ).toMatch(/tolerance.*\[0, 1\).*got 1/);
  });
});

const AUTOSCALER = {
  targetCpuUtilization: 0.25,
  syncPeriodSec: 15,
  podStartupSec: 30,
  scaleUpStabilizationSec: 0,
  tolerance: 0.1,
  maxReplicas: 1000,
};

describe("hpaSpike (the fluid model of the HPA against a step)", () => {
  it("follows a case worked by hand", () => {
    // 2 pods of 10 req/s each (50 ms CPU, 1-core request, target 25 %), a step to 40 req/s.
    // 0–15 s: 20 req/s too many, 300 queued. 15 s: 0.5 cores ÷ 1 ÷ 0.25 = 2 → ⌈2 × 2⌉ = 4 pods,
    // ready at 45 s. 30 s: ratio 2 × 0.5 ÷ (4 × 0.25) = 1, no change. 45 s: 4 pods serve 40 req/s,
    // 900 queued (the worst wait 900 ÷ 20 = 45 s); draining them at 100 % CPU the HPA asks 8,
    // ready at 75 s: 900 served at 40 req/s net in 22.5 s, at 97.5 s.
    const s = hpaSpike({
      podsBefore: 2,
      peakArrivalRatePerSec: 40,
      capacityPerPodSec: 10,
      cpuSecPerRequest: 0.05,
      cpuRequestCores: 1,
      quantileBeforeScaleUpSec: Infinity,
      autoscaler: AUTOSCALER,
    });
    expect(s.decisions.slice(0, 3)).toEqual([
      { timeSec: 15, readyPods: 2, desiredPods: 4 },
      { timeSec: 30, readyPods: 2, desiredPods: 4 },
      { timeSec: 45, readyPods: 4, desiredPods: 8 },
    ]);
    expect(s.overCapacitySec).toBe(45);
    expect(s.reactionSec).toBe(45);
    expect(s.peakBacklogRequests).toBeCloseTo(900, 9);
    expect(s.worstQueueWaitSec).toBeCloseTo(45, 9);
    expect(s.drainedSec).toBeCloseTo(97.5, 9);
    expect(s.settledPodsAtPeak).toBe(8);
    expect(s.mostPods).toBeGreaterThanOrEqual(8);
  });

  it("pods pinned at their limit below the target never scale: the model says so", () => {
    // Each pod serves at most 10 req/s × 50 ms = 0.5 cores of a 2-core request: 25 % at most,
    // the HPA's target — it never asks for more.
    const s = hpaSpike({
      podsBefore: 2,
      peakArrivalRatePerSec: 40,
      capacityPerPodSec: 10,
      cpuSecPerRequest: 0.05,
      cpuRequestCores: 2,
      quantileBeforeScaleUpSec: Infinity,
      autoscaler: AUTOSCALER,
    });
    expect(s.overCapacitySec).toBe(Infinity);
    expect(s.reactionSec).toBe(Infinity);
    expect(s.mostPods).toBe(2);
  });

  it("is never faster with a longer start-up, a longer sync period or a stabilization window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 1.2, max: 6, noNaN: true }),
        fc.constantFrom(5, 15, 30),
        fc.constantFrom(0, 10, 60),
        fc.constantFrom(0, 30, 120),
        (pods, factor, sync, startup, window) => {
          const ask = (a: Partial<typeof AUTOSCALER>) =>
            hpaSpike({
              podsBefore: pods,
              peakArrivalRatePerSec: pods * 10 * factor,
              capacityPerPodSec: 10,
              cpuSecPerRequest: 0.05,
              cpuRequestCores: 0.5,
              quantileBeforeScaleUpSec: Infinity,
              autoscaler: { ...AUTOSCALER, targetCpuUtilization: 0.7, ...a },
            });
          const base = ask({ syncPeriodSec: sync, podStartupSec: startup });
          const slower = ask({
            syncPeriodSec: sync,
            podStartupSec: startup + 30,
            scaleUpStabilizationSec: window,
          });
          expect(base.overCapacitySec).toBeGreaterThan(0);
          expect(slower.overCapacitySec).toBeGreaterThanOrEqual(base.overCapacitySec);
          expect(slower.peakBacklogRequests).toBeGreaterThanOrEqual(
            base.peakBacklogRequests * (1 - 1e-12),
          );
          // The backlog is what arrived beyond what was served: at most the excess over the whole overload.
          expect(base.peakBacklogRequests).toBeLessThanOrEqual(
            (pods * 10 * factor - pods * 10) * base.overCapacitySec * (1 + 1e-12),
          );
        },
      ),
    );
  });
});
