import { describe, expect, it } from "vitest";
import { mm1, mmc } from "../../src/index.js";
import { queueRows } from "../../src/charts/format.js";

describe("queueRows", () => {
  it("labels counts of requests as requests and times in ms, so a queue length never reads as a time", () => {
    // M/M/1 at ρ = λ·S = 25/s × 20 ms = 0.5 (Kleinrock, Queueing Systems vol. 1, 1975, §3.2):
    // L = ρ/(1 − ρ) = 1, Lq = ρ²/(1 − ρ) = 0.5, R = S/(1 − ρ) = 40 ms, W = ρ·S/(1 − ρ) = 20 ms.
    const rows = new Map(queueRows(mm1({ arrivalRatePerSec: 25, serviceTimeSec: 0.02 })));
    expect(rows.get("mean number in system")).toBe("1 request");
    expect(rows.get("mean number waiting in queue")).toBe("0.5 requests");
    expect(rows.get("mean response time")).toBe("40 ms");
    expect(rows.get("mean wait in queue")).toBe("20 ms");
    expect(rows.get("offered load λ·S")).toBe("0.5 erlangs (servers' worth of work)");
  });

  it("prints an overloaded queue's counts as ∞ requests", () => {
    // λ·S = 120/s × 20 ms = 2.4 erlangs on 2 servers: ρ = 1.2 > 1, no steady state.
    const rows = new Map(
      queueRows(mmc({ arrivalRatePerSec: 120, serviceTimeSec: 0.02, servers: 2 })),
    );
    expect(rows.get("stable")).toBe("no — arrivals exceed capacity");
    expect(rows.get("mean number waiting in queue")).toBe("∞ requests");
  });
});
