// The smart search of sizeDeployment against the exhaustive grid: on machines of 1–8 cores every
// process count 1…4·cores + 1 of every family is evaluated and ranked by the same rule; the
// search, which finds the ends of each family's feasible range by galloping and bisection, must
// recommend the same deployment. This is the test of its monotonicity assumptions.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GiB, type DeploymentKind, type SizingPreference } from "../../src/index.js";
import {
  assess,
  familiesOf,
  genericCandidate,
  type SizingQuestion,
} from "../../src/deploy/sizeCandidates.js";
import { rankProbes, searchSizing, type Probe } from "../../src/deploy/sizeSearch.js";
import { greatestPassing, leastPassing } from "../../src/deploy/sizeSearch.js";

const KINDS: DeploymentKind[] = ["threaded", "prefork", "daemon", "async"];

/** Every configuration of the grid, ranked: the old exhaustive sizeDeployment. */
function exhaustive(q: SizingQuestion, prefer: SizingPreference): Probe[] {
  const probes: Probe[] = [];
  for (const [family, f] of familiesOf(q, q.machine.cores).entries()) {
    for (let processes = 1; processes <= f.maxProcesses; processes++) {
      const sized = assess(q, q.candidate(f.kind, processes, f.threadsOrConcurrency)!);
      probes.push({ family, processes, sized });
    }
  }
  return rankProbes(probes, prefer);
}

const question = fc
  .record({
    cores: fc.integer({ min: 1, max: 8 }),
    cpuTimeSec: fc.double({ min: 0.001, max: 0.05, noNaN: true }),
    ioShare: fc.double({ min: 0, max: 10, noNaN: true }),
    memoryGiB: fc.double({ min: 0.6, max: 8, noNaN: true }),
    loadShare: fc.double({ min: 0.05, max: 1.1, noNaN: true }),
    sloShare: fc.double({ min: 1, max: 30, noNaN: true }),
    closed: fc.boolean(),
    prefer: fc.constantFrom<SizingPreference>("memory", "latency", "headroom", "cost"),
  })
  .map((r): [SizingQuestion, SizingPreference] => {
    const io = r.cpuTimeSec * r.ioShare;
    // Open: a share of what the cores can do; closed: as many clients as that keeps busy.
    const rate = (r.loadShare * r.cores) / r.cpuTimeSec;
    const load = r.closed
      ? { clients: Math.max(1, Math.round(rate * (r.cpuTimeSec + io))), thinkTimeSec: 0 }
      : { arrivalRatePerSec: rate };
    const q: SizingQuestion = {
      app: { cpuTimeSec: r.cpuTimeSec, ioTimeSec: io },
      machine: { cores: r.cores, memoryBytes: GiB(r.memoryGiB) },
      load,
      targetSec: r.sloShare * (r.cpuTimeSec + io),
      quantile: 0.99,
      maxCoreUtilization: 0.8,
      kinds: KINDS,
      candidate: genericCandidate("shared", false),
      gil: "shared",
      preload: false,
    };
    return [q, r.prefer];
  });

describe("the sizing search", () => {
  it("recommends what the exhaustive grid recommends (1–8 cores, open and closed loads, every preference)", () => {
    fc.assert(
      fc.property(question, ([q, prefer]) => {
        const smart = rankProbes(searchSizing(q, prefer).probes, prefer)[0];
        const grid = exhaustive(q, prefer)[0];
        expect(smart?.sized.deployment).toEqual(grid?.sized.deployment);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
  });

  it("evaluates O(log P) points per family: at most 2·⌈log₂ P⌉ + 2 per end, three ends", () => {
    // 256 cores: P = 4·256 + 1 = 1025 process counts per family; ⌈log₂ 1025⌉ = 11.
    const q: SizingQuestion = {
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.04 },
      machine: { cores: 64, memoryBytes: GiB(128) },
      load: { arrivalRatePerSec: 2560 },
      targetSec: 0.25,
      quantile: 0.99,
      maxCoreUtilization: 0.8,
      kinds: ["prefork"],
      candidate: genericCandidate("shared", false),
      gil: "shared",
      preload: false,
    };
    // P = 4·64 + 1 = 257, ⌈log₂ 257⌉ = 9: each gallop-and-bisect takes at most 2·9 + 2 = 20.
    const { probes } = searchSizing(q, "memory");
    expect(probes.length).toBeLessThanOrEqual(3 * 20);
  });

  it("gallops and bisects to the ends of a monotone predicate", () => {
    for (const edge of [1, 2, 3, 17, 100, 1000]) {
      expect(leastPassing(1, 1000, (p) => p >= edge)).toBe(edge);
      expect(greatestPassing(1, 1000, (p) => p <= edge)).toBe(edge);
    }
    expect(leastPassing(1, 1000, () => false)).toBeUndefined();
    expect(leastPassing(5, 5, (p) => p >= 5)).toBe(5);
  });
});
