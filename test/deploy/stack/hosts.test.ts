import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  evaluateStack,
  GiB,
  mmck,
  type EvaluateStackInput,
  type TierInput,
} from "../../../src/index.js";
import { relErr } from "../../helpers.js";

/** The app and a database on one host of `cores` cores; the app prefork with `processes`. */
function appAndDatabase(
  cores: number,
  processes: number,
  arrivalRatePerSec: number,
  machines = 1,
): EvaluateStackInput {
  return {
    stack: {
      hosts: [{ name: "box", cores, memoryBytes: GiB(8), machines }],
      tiers: [
        { kind: "app", host: "box", deployment: { kind: "prefork", processes } },
        { kind: "database", host: "box", queriesPerRequest: 5, cpuTimeSec: 0.002 },
      ],
    },
    app: { cpuTimeSec: 0.01, ioTimeSec: 0, contextSwitchSec: 0 },
    machine: { cores, memoryBytes: GiB(8) },
    load: { arrivalRatePerSec },
  };
}

describe("evaluateStack with co-located tiers: a hand-worked host", () => {
  // 50 req/s on one 2-core machine: the app's one burst of 10 ms and 5 queries of 2 ms each.
  // CPU visits Λ = 50 × (1 + 5) = 300/s; busy cores 50 × (0.010 + 5 × 0.002) = 1.0, U = 0.5;
  // capacity 2 / 0.020 = 100 req/s. Mean visit S̄ = 0.020/6 s, a = Λ·S̄ = 1; at most K = 4 visits
  // (the app's 4 workers): M/M/2/4 with p_n ∝ 1, 1, 1/2, 1/4, 1/8 (sum 2.875), Lq = p3 + 2·p4 =
  // 0.5/2.875, λ_eff = 300 × (1 − 0.125/2.875) = 300 × 2.75/2.875, Wq = Lq/λ_eff = 0.5/825 s.
  const e = evaluateStack(appAndDatabase(2, 4, 50));
  const host = e.hosts[0]!;

  it("the utilization law: the host's busy cores are every tier's CPU demand", () => {
    expect(host.name).toBe("box");
    expect(host.tiers).toEqual(["app", "database"]);
    expect(relErr(host.utilization, 0.5)).toBeLessThan(1e-12);
    expect(relErr(host.busyCoresByTier.app!, 0.5)).toBeLessThan(1e-12);
    expect(relErr(host.busyCoresByTier.database!, 0.5)).toBeLessThan(1e-12);
    expect(relErr(host.capacityPerSec, 100)).toBeLessThan(1e-12);
  });

  it("a query waits the host's common queue: M/M/2/4 of the mixed visits", () => {
    expect(relErr(host.meanCpuWaitSec, 0.5 / 825)).toBeLessThan(1e-12);
    const q = mmck({ arrivalRatePerSec: 300, serviceTimeSec: 0.02 / 6, servers: 2, capacity: 4 });
    expect(relErr(host.meanCpuWaitSec, q.meanWaitSec)).toBeLessThan(1e-12);
    // The database's time per query: the wait and its 2 ms of CPU.
    expect(relErr(e.tiers[1]!.meanResponseTimeSec, 0.5 / 825 + 0.002)).toBeLessThan(1e-12);
    // Its utilization is the host's: its queue is the host's cores.
    expect(relErr(e.tiers[1]!.utilization, 0.5)).toBeLessThan(1e-12);
  });

  it("the app runs on the cores the database leaves: 2 − 0.5 = 1.5, as 2 cores at 3/4 speed", () => {
    const alone = evaluateDeployment({
      deployment: { kind: "prefork", processes: 4 },
      app: {
        cpuTimeSec: (0.01 * 2) / 1.5,
        ioTimeSec: 5 * (0.5 / 825 + 0.002),
        contextSwitchSec: 0,
      },
      machine: { cores: 2, memoryBytes: GiB(8) },
      load: { arrivalRatePerSec: 50 },
    });
    // (Compared through the capacity: the I/O's SCV, which the stack forms from the calls'
    // variance, changes the waits but not what the cores and threads can do.)
    expect(relErr(e.app.cpuSecPerRequest, (0.01 * 2) / 1.5)).toBeLessThan(1e-12);
    expect(relErr(e.app.capacityPerSec, alone.capacityPerSec)).toBeLessThan(1e-9);
  });

  it("the host saturates first: it is the bottleneck, at its capacity", () => {
    const busy = evaluateStack(appAndDatabase(2, 16, 50));
    expect(busy.bottleneck).toBe("box");
    // (The app tier's capacity, by bisection on its deployment model, is within 0.1 % of it.)
    expect(relErr(busy.capacityPerSec, 100)).toBeLessThan(1e-3);
    expect(evaluateStack(appAndDatabase(2, 16, 100)).stable).toBe(false);
  });

  it("memory of a host machine is the sum of its tiers'", () => {
    const q = appAndDatabase(2, 4, 50, 3);
    (q.stack.tiers[1] as { memoryBytesPerServer?: number }).memoryBytesPerServer = GiB(2);
    const r = evaluateStack(q);
    const h = r.hosts[0]!;
    expect(h.machines).toBe(3);
    expect(r.tiers.map((t) => t.servers)).toEqual([3, 3]);
    expect(relErr(h.memoryBytes, r.tiers[0]!.memoryBytes + 3 * GiB(2))).toBeLessThan(1e-12);
    expect(h.fitsMemory).toBe(h.memoryBytes / 3 <= GiB(8));
  });
});

describe("evaluateStack with co-located tiers: what a host does not change", () => {
  const app = { cpuTimeSec: 0.01, ioTimeSec: 0.004, burstsPerRequest: 2 };
  const database: TierInput = { kind: "database", queriesPerRequest: 4, cpuTimeSec: 0.001 };

  it("an app alone on a host is the app on a machine of the host's cores and memory", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (cores, processes, u) => {
          const deployment = { kind: "prefork" as const, processes };
          const own = (rate: number): EvaluateStackInput => ({
            stack: { tiers: [{ kind: "app", deployment }, database] },
            app,
            machine: { cores, memoryBytes: GiB(4) },
            load: { arrivalRatePerSec: rate },
          });
          const rate = u * evaluateStack(own(1)).capacityPerSec;
          const plain = evaluateStack(own(rate));
          const hosted = evaluateStack({
            ...own(rate),
            stack: {
              hosts: [{ name: "box", cores, memoryBytes: GiB(4) }],
              tiers: [{ kind: "app", host: "box", deployment }, database],
            },
          });
          expect(hosted.meanResponseTimeSec).toBe(plain.meanResponseTimeSec);
          expect(hosted.responseTimeQuantileSec(0.99)).toBe(plain.responseTimeQuantileSec(0.99));
          expect(hosted.tiers[1]!.meanResponseTimeSec).toBe(plain.tiers[1]!.meanResponseTimeSec);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a database alone on a host is the database on servers of the host's cores", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (cores, machines, u) => {
          const own = (rate: number): EvaluateStackInput => ({
            stack: {
              tiers: [
                { kind: "app", servers: 4, deployment: { kind: "prefork", processes: 8 } },
                { ...database, shards: machines, coresPerServer: cores },
              ],
            },
            app,
            machine: { cores: 8, memoryBytes: GiB(4) },
            load: { arrivalRatePerSec: rate },
          });
          const rate = u * evaluateStack(own(1)).tiers[1]!.capacityPerSec;
          const plain = evaluateStack(own(rate));
          const hosted = evaluateStack({
            ...own(rate),
            stack: {
              hosts: [{ name: "db", cores, memoryBytes: GiB(4), machines }],
              tiers: [
                { kind: "app", servers: 4, deployment: { kind: "prefork", processes: 8 } },
                { ...database, host: "db" },
              ],
            },
          });
          expect(hosted.tiers[1]!.meanResponseTimeSec).toBe(plain.tiers[1]!.meanResponseTimeSec);
          expect(hosted.tiers[1]!.utilization).toBe(plain.tiers[1]!.utilization);
          expect(hosted.meanResponseTimeSec).toBe(plain.meanResponseTimeSec);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("no hosts, `hosts: []` and the input without the field give the same figures", () => {
    const q: EvaluateStackInput = {
      stack: { tiers: [{ kind: "app", deployment: { kind: "prefork", processes: 4 } }, database] },
      app,
      machine: { cores: 4, memoryBytes: GiB(4) },
      load: { arrivalRatePerSec: 100 },
    };
    const a = evaluateStack(q);
    const b = evaluateStack({ ...q, stack: { ...q.stack, hosts: [] } });
    expect(b.hosts).toEqual([]);
    expect(b.meanResponseTimeSec).toBe(a.meanResponseTimeSec);
    expect(b.tiers.map((t) => t.utilization)).toEqual(a.tiers.map((t) => t.utilization));
  });
});
