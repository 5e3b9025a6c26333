import { describe, expect, it } from "vitest";
import { mg1 } from "../../src/index.js";
import { relErr } from "../helpers.js";

describe("published examples", () => {
  // M/D/1 (Kleinrock vol. 1, §5.6): W = ρS/(2(1 − ρ)), half the M/M/1 wait; at ρ = 0.5, S = 1:
  // W = 0.5, and by Takács Var W = W² + λS³/(3(1 − ρ)) = 0.25 + 1/3.
  it("M/D/1 by Pollaczek–Khinchine and Takács", () => {
    const q = mg1({ arrivalRatePerSec: 0.5, serviceTimeSec: 1, serviceTimeScv: 0 });
    expect(relErr(q.meanWaitSec, 0.5)).toBeLessThan(1e-15);
    expect(relErr(q.responseTimeVarianceSec2, 0.25 + 1 / 3)).toBeLessThan(1e-15);
  });
});
