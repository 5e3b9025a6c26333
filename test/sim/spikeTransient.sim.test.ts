import { describe, expect, it } from "vitest";
import { simulateOverload, spikePhases, spikeTransient } from "../../src/index.js";

/** Mean and 95 % half-width (t quantile 2.262 at 9 degrees of freedom) of 10 replications. */
function replicated(values: number[]): { mean: number; half: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, half: 2.262 * Math.sqrt(variance / values.length) };
}

// The fluid against 10 replications of simulateOverload (seeds 1–10): 200 s at λ to reach the
// random steady state, the spike, then λ until well past the fluid's recovery; counted from the
// spike's start, binned by the second. Refusals and timeouts within twice the replications' 95 %
// half-width; the recovery time (the first second after the spike with under half a request
// waiting on average) within 25 % (the target) plus that: the random queue's last
// stretch drains slower than the fluid's straight line.
describe("spikeTransient against simulateOverload", () => {
  it.each([
    [8, 60, 3, 30, 2049, 10], // a 3× spike for 30 s into gunicorn's backlog, 10 s timeout
    [4, 30, 5, 20, 129, 5], // 5× for 20 s into Linux's old cap of 128 (+ 1)
  ])("%d workers at %d req/s, %d× for %d s, backlog %d, timeout %d s", (c, lambda, h, L, b, d) => {
    const station = { serviceTimeSec: 0.1, servers: c, backlog: b, clientTimeoutSec: d };
    const fluid = spikeTransient({
      ...station,
      arrivalRatePerSec: lambda,
      spikeFactor: h,
      spikeDurationSec: L,
    });
    const before = 200;
    const runs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seed) => {
      const sim = simulateOverload({
        ...station,
        phases: spikePhases({
          arrivalRatePerSec: lambda,
          spikeFactor: h,
          spikeDurationSec: L,
          beforeSec: before,
          afterSec: fluid.recoverySec + 100,
        }),
        warmUpSec: before,
        binSec: 1,
        seed,
      });
      const waiting = sim.series.meanWaiting;
      const recovered = waiting.findIndex((w, i) => i >= before + L && w < 0.5);
      return { sim, recovery: recovered - before - L };
    });
    const refused = replicated(runs.map((r) => r.sim.counts.refused));
    const late = replicated(runs.map((r) => r.sim.counts.timedOut));
    const recovery = replicated(runs.map((r) => r.recovery));
    expect(Math.abs(refused.mean - fluid.refused)).toBeLessThan(2 * refused.half);
    expect(Math.abs(late.mean - fluid.timedOut)).toBeLessThanOrEqual(2 * late.half);
    expect(Math.abs(recovery.mean - fluid.recoverySec)).toBeLessThan(
      0.25 * fluid.recoverySec + 2 * recovery.half,
    );
  });
});
