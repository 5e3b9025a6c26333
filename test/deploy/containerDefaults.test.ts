import { describe, expect, it } from "vitest";
import { containerDefaults, evaluateDeployment, GiB, MiB } from "../../src/index.js";
import type { DeploymentInput } from "../../src/index.js";

// The three public cases of issue 18, with the verdicts the model gives.
describe("the defaults that go wrong in containers", () => {
  it("(a) 64-core node, 500 MiB limit, 234 MB workers: gunicorn's 2 × cpu_count() + 1 = 129 workers are OOM-killed", () => {
    const [sync, gthread, granian, uvicorn] = containerDefaults({
      machine: { cores: 64, memoryBytes: GiB(256), cpuLimitCores: 0.5, memoryLimitBytes: MiB(500) },
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.02, memory: { processBaseBytes: 234e6 } },
      load: { arrivalRatePerSec: 10 },
    });
    expect(sync!.deployment).toEqual({ kind: "prefork", processes: 129 });
    expect(sync!.verdict).toBe("oom-killed");
    // 129 × 234 MB ≈ 30 GB (Σ PSS 27.6 GiB) against 500 MiB.
    expect(sync!.pssBytes).toBeGreaterThan(129 * 200e6);
    expect(sync!.message).toMatch(/129.*against a 500 MiB limit: OOM-killed/);
    expect(gthread!.verdict).toBe("oom-killed");
    // One process fits: granian's 64 blocking threads and uvicorn's one worker.
    expect(granian!.verdict).not.toBe("oom-killed");
    expect(uvicorn!.verdict).toBe("ok");
  });

  const ask = (deployment: DeploymentInput, rate: number) =>
    evaluateDeployment({
      deployment,
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.02 },
      machine: { cores: 64, memoryBytes: GiB(256), cpuLimitCores: 0.5 },
      load: { arrivalRatePerSec: rate },
    });

  it("(b) 64 threads at 500m: throttled, and free-threaded they burn the quota faster", () => {
    // 35 req/s of 10 ms CPU is 70 % of the limit. Matched to the limit: ⌈0.5 × 30/10⌉ = 2 threads.
    const many = ask({ kind: "daemon", processes: 1, threads: 64, hopTimeSec: 0 }, 35);
    const matched = ask({ kind: "daemon", processes: 1, threads: 2, hopTimeSec: 0 }, 35);
    const free = ask(
      { kind: "daemon", processes: 1, threads: 64, hopTimeSec: 0, gil: "free-threaded" },
      35,
    );
    // Throttled in ~40 % of the periods, 14 ms per request; p99 174 ms against 263 ms for 2 threads
    // (which queue for a thread during the I/O): under a GIL only one thread runs, so 64 threads
    // burn the quota no faster than 2 — the throttle is the limit's, not the thread count's.
    expect(many.throttling!.throttledPeriodFraction).toBeGreaterThan(0.35);
    expect(many.throttling!.throttledPeriodFraction).toBeCloseTo(
      matched.throttling!.throttledPeriodFraction,
      2,
    );
    expect(many.responseTimeQuantileSec(0.99)).toBeGreaterThan(0.15);
    expect(matched.responseTimeQuantileSec(0.99)).toBeGreaterThan(
      many.responseTimeQuantileSec(0.99),
    );
    // Without the GIL the 64 threads run at once: 50 % of the periods, 36 ms per request.
    expect(free.throttling!.throttledPeriodFraction).toBeGreaterThan(
      many.throttling!.throttledPeriodFraction,
    );
    expect(free.throttling!.throttledSecPerRequest).toBeGreaterThan(
      2 * many.throttling!.throttledSecPerRequest,
    );
    expect(free.responseTimeQuantileSec(0.99)).toBeGreaterThan(many.responseTimeQuantileSec(0.99));
  });

  it("(c) 1-CPU pod: 2 workers × 2 threads beat 4 workers from 80 % of the limit, in half the memory", () => {
    const question = (deployment: DeploymentInput, rate: number) =>
      evaluateDeployment({
        deployment,
        app: { cpuTimeSec: 0.02, ioTimeSec: 0.03, memory: { processBaseBytes: 150e6 } },
        machine: { cores: 64, memoryBytes: GiB(256), cpuLimitCores: 1, memoryLimitBytes: GiB(1) },
        load: { arrivalRatePerSec: rate },
      });
    const workers: DeploymentInput = { kind: "prefork", processes: 4 };
    const threads: DeploymentInput = { kind: "daemon", processes: 2, threads: 2, hopTimeSec: 0 };
    // 40 req/s (80 %): p99 368 ms (4 workers) against 350 ms; 45 req/s (90 %): 1744 against 866 ms.
    for (const rate of [40, 45]) {
      expect(question(threads, rate).responseTimeQuantileSec(0.99)).toBeLessThan(
        question(workers, rate).responseTimeQuantileSec(0.99),
      );
    }
    expect(question(threads, 45).throttling!.throttledSecPerRequest).toBeLessThan(
      question(workers, 45).throttling!.throttledSecPerRequest,
    );
    // Σ PSS 282 MiB against 548 MiB; both under the 1 GiB limit.
    expect(question(threads, 40).pssBytes).toBeLessThan(0.6 * question(workers, 40).pssBytes);
    expect(question(workers, 40).memory.oomKilled).toBe(false);
    // At 40 % of the limit the two are within 3 % (4 workers 178 ms, 2 × 2 threads 183 ms).
    const low = [workers, threads].map((d) => question(d, 20).responseTimeQuantileSec(0.99));
    expect(Math.abs(low[0]! / low[1]! - 1)).toBeLessThan(0.05);
  });
});
