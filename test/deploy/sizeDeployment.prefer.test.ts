// sizeDeployment's rankings (`prefer`), machines that share a load, and machines of any size.
import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  GiB,
  sizeDeployment,
  type SizedDeployment,
  type SizeDeploymentInput,
  type SizingPreference,
} from "../../src/index.js";

const question: SizeDeploymentInput = {
  app: { cpuTimeSec: 0.01, ioTimeSec: 0.04 },
  machine: { cores: 4, memoryBytes: GiB(4) },
  load: { arrivalRatePerSec: 200 },
  slo: { responseTimeSec: 0.25 },
};
const points = (c: SizedDeployment) => Math.round(c.headroom * 100);

describe("sizeDeployment's rankings", () => {
  const by = (prefer: SizingPreference) => sizeDeployment({ ...question, prefer });

  it("says which ranking it used, memory by default", () => {
    expect(sizeDeployment(question).ranking.prefer).toBe("memory");
    expect(sizeDeployment(question).ranking.rule).toMatch(/^least memory \(within 2 %/);
    expect(by("latency").ranking.rule).toMatch(/^lowest quantile/);
  });

  it("latency: the recommendation's quantile is within 1 % of the lowest, with the least memory there", () => {
    const s = by("latency");
    const fastest = Math.min(...s.feasible.map((c) => c.quantileSec));
    const best = s.recommended!;
    expect(best.quantileSec).toBeLessThan(fastest * 1.01);
    for (const c of s.feasible) {
      if (c.quantileSec < fastest * 1.01) expect(best.pssBytes).toBeLessThanOrEqual(c.pssBytes);
    }
  });

  it("headroom: the recommendation has the most headroom (to the point), with the least memory there", () => {
    const s = by("headroom");
    const most = Math.max(...s.feasible.map(points));
    expect(points(s.recommended!)).toBe(most);
    for (const c of s.feasible) {
      if (points(c) === most) expect(s.recommended!.pssBytes).toBeLessThanOrEqual(c.pssBytes);
    }
    // More headroom than the memory ranking's pick, which trades it for memory.
    expect(points(s.recommended!)).toBeGreaterThanOrEqual(points(by("memory").recommended!));
  });

  it("cost: the least memory of all", () => {
    const s = by("cost");
    for (const c of s.feasible) expect(s.recommended!.pssBytes).toBeLessThanOrEqual(c.pssBytes);
    expect(s.recommended!.pssBytes).toBeLessThanOrEqual(by("memory").recommended!.pssBytes);
  });

  it("every ranking orders its whole feasible list by its rule", () => {
    const s = by("headroom");
    for (let i = 1; i < s.feasible.length; i++) {
      const [a, b] = [s.feasible[i - 1]!, s.feasible[i]!];
      expect(points(a)).toBeGreaterThanOrEqual(points(b));
      if (points(a) === points(b)) expect(a.pssBytes).toBeLessThanOrEqual(b.pssBytes);
    }
  });
});

describe("sizeDeployment over several machines", () => {
  it("3 machines of an open load: each sized for a third of it", () => {
    const three = sizeDeployment({ ...question, load: { arrivalRatePerSec: 600 }, machines: 3 });
    const one = sizeDeployment(question); // 600 / 3 = 200 req/s
    expect(three.machines).toBe(3);
    expect(three.recommended).toEqual(one.recommended);
    expect(three.explanation.demandPerSec).toBe(600);
    expect(three.explanation.coresPresent).toBe(12); // 3 × 4 cores
  });

  it("10 clients over 3 machines: the busiest gets ⌈10/3⌉ = 4", () => {
    const closed = { ...question, load: { clients: 10, thinkTimeSec: 0.1 } };
    const three = sizeDeployment({ ...closed, machines: 3 });
    const four = sizeDeployment({ ...closed, load: { clients: 4, thinkTimeSec: 0.1 } });
    expect(three.recommended).toEqual(four.recommended);
  });
});

describe("sizeDeployment on big machines", () => {
  it.each([128, 256])(
    "%i cores: a recommendation that meets the SLO, prefork beyond 64 processes",
    (cores) => {
      // 40 req/s per core of 10 ms CPU: 0.4 cores busy per core, 40 % < 80 %.
      const input = {
        app: question.app,
        machine: { cores, memoryBytes: GiB(2 * cores) },
        load: { arrivalRatePerSec: 40 * cores },
      };
      const s = sizeDeployment({ ...input, slo: { responseTimeSec: 0.25 } });
      const e = evaluateDeployment({ ...input, deployment: s.recommended!.deployment });
      expect(e.responseTimeQuantileSec(0.99)).toBeLessThanOrEqual(0.25);
      expect(e.utilization.cores).toBeLessThanOrEqual(0.8);
      expect(e.fitsMemory).toBe(true);
      // The rejected list stays short: a few dozen probes per kind and thread count (18 of them).
      expect(s.rejected.length).toBeLessThan(30 * 18);
      // Sync workers hold a request for at least its 10 + 40 ms: Little's law puts at least
      // 40·cores/s × 0.05 s = 2·cores requests in flight, so more than 2·cores processes (> 64).
      const sync = sizeDeployment({ ...input, slo: { responseTimeSec: 0.25 }, kinds: ["prefork"] });
      expect(sync.recommended!.deployment.processes).toBeGreaterThan(2 * cores);
    },
  );
});
