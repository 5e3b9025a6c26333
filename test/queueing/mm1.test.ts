import { describe, expect, it } from "vitest";
import { mm1 } from "../../src/index.js";
import { relErr } from "../helpers.js";

describe("published examples", () => {
  // M/M/1 closed forms (Kleinrock vol. 1, §3.2): ρ = 0.8, S = 20 ms → R = 100 ms, L = 4,
  // p99 = −ln(0.01)·R.
  it("M/M/1 closed forms", () => {
    const q = mm1({ arrivalRatePerSec: 40, serviceTimeSec: 0.02 });
    expect(relErr(q.meanResponseTimeSec, 0.1)).toBeLessThan(1e-15);
    expect(relErr(q.meanInSystem, 4)).toBeLessThan(1e-15);
    expect(relErr(q.responseTimeQuantileSec(0.99), Math.log(100) * 0.1)).toBeLessThan(1e-15);
  });
});
