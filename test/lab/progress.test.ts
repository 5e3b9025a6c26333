import { describe, expect, it } from "vitest";
import { clock, progress } from "../../lab/progress.mjs";
import { accessSummary, endpointOf, summarize } from "../../lab/apps/counters.mjs";

// The lab's progress lines (lab/progress.mjs) and the real-application grid's pure summaries
// (lab/apps/counters.mjs): what long lab runs print and what each run's record is made of.

describe("progress", () => {
  it("prints run k of N, the elapsed time and the time left from the runs done", () => {
    let now = 0;
    const lines: string[] = [];
    const bar = progress(4, { log: (l) => lines.push(l), now: () => now });
    bar.next("a");
    now = 30_000;
    bar.next("b");
    now = 192_000;
    bar.next("c c=16");
    expect(lines).toEqual([
      "run 1/4  0:00 elapsed  a",
      "run 2/4  0:30 elapsed, ~1:30 left  b",
      "run 3/4  3:12 elapsed, ~3:12 left  c c=16",
    ]);
  });

  it("weighs the time left by the runs' expected lengths", () => {
    let now = 0;
    const bar = progress([10, 10, 40], { log: () => {}, now: () => now });
    bar.next("short");
    now = 20_000; // 2 s of wall per expected second
    expect(bar.next("short")).toBe("run 2/3  0:20 elapsed, ~1:40 left  short");
  });

  it("formats hours", () => {
    expect(clock(3725)).toBe("1:02:05");
    expect(clock(59.6)).toBe("1:00");
  });
});

describe("real-application summaries", () => {
  it("names the endpoints", () => {
    expect(endpointOf("GET", "/products/?page=3")).toBe("list");
    expect(endpointOf("GET", "/products/")).toBe("list");
    expect(endpointOf("GET", "/products/42/")).toBe("detail");
    expect(endpointOf("POST", "/orders/")).toBe("order");
    expect(endpointOf("GET", "/health")).toBe("health");
    expect(endpointOf("GET", "/metrics")).toBe("other");
  });

  it("reads both stacks' access lines and nginx's", () => {
    const app = [
      '127.0.0.1 - - [03/Dec/2026:06:04:53 +0000] "GET /products/1/ HTTP/1.1" 200 597 0.045335 45335',
      '127.0.0.1 - - [03/Dec/2026:06:04:53 +0000] "POST /orders/ HTTP/1.1" 500 13 0.005283 5283',
    ].join("\n");
    const s = accessSummary(app, 2) as ReturnType<typeof summarize>;
    expect(s.requests).toBe(2);
    expect(s.non2xx).toBe(1);
    expect(s.byEndpoint["detail"]?.meanSec).toBeCloseTo(0.045335, 6);
    const nginx =
      '127.0.0.1 - - [03/Dec/2026:06:04:53 +0000] "GET /health HTTP/1.1" 200 2 0.003 0.002';
    const n = accessSummary(nginx, 1, true) as {
      requestTime: ReturnType<typeof summarize>;
      upstreamTime: ReturnType<typeof summarize>;
    };
    expect(n.requestTime.byEndpoint["health"]?.meanSec).toBe(0.003);
    expect(n.upstreamTime.meanSec).toBe(0.002);
  });
});
