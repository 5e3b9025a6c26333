import { describe, expect, it } from "vitest";
import {
  retryFixedPoints,
  simulateOverload,
  spikePhases,
  spikeTransient,
} from "../../src/index.js";
import { replaySpike } from "../../src/sim/overloadExperiments.js";
import { relErr, replicated } from "../helpers.js";

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
    const spike = { arrivalRatePerSec: lambda, spikeFactor: h, spikeDurationSec: L };
    const runs = replaySpike(
      station,
      spike,
      fluid.recoverySec + 100,
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    const refused = replicated(runs.map((r) => r.counts.refused));
    const late = replicated(runs.map((r) => r.counts.timedOut));
    const recovery = replicated(runs.map((r) => r.recoverySec));
    expect(Math.abs(refused.mean - fluid.refused)).toBeLessThan(2 * refused.half);
    expect(Math.abs(late.mean - fluid.timedOut)).toBeLessThanOrEqual(2 * late.half);
    expect(Math.abs(recovery.mean - fluid.recoverySec)).toBeLessThan(
      0.25 * fluid.recoverySec + 2 * recovery.half,
    );
  });

  // With retries on a metastable station (retryFixedPoints), the spike tips it into the bad
  // state once arrivals start to be late: the backlog then holds more than the clients' timeout,
  // every attempt fails and the retries keep it full. Five seeds each: half as long recovers in
  // every run, one and a half times as long stays down in every run (the last 100 s of 500 after
  // the spike serve under half the new requests).
  it("a spike longer than lateFromSec tips a retrying station over; half as long does not", () => {
    const station = {
      serviceTimeSec: 0.1,
      servers: 4,
      backlog: 2049,
      clientTimeoutSec: 5,
      maxRetries: 3,
    };
    expect(retryFixedPoints({ ...station, newRequestRatePerSec: 30 }).metastable).toBe(true);
    const { maxRetries: _, ...queue } = station;
    const fluid = spikeTransient({
      ...queue,
      arrivalRatePerSec: 30,
      spikeFactor: 3,
      spikeDurationSec: 1,
    });
    expect(relErr(fluid.lateFromSec, (4.9 * 40) / 50)).toBeLessThan(1e-12);
    const stuck = (spikeDurationSec: number) =>
      [1, 2, 3, 4, 5].filter((seed) => {
        const sim = simulateOverload({
          ...station,
          retryDelaySec: 1,
          seed,
          binSec: 10,
          phases: spikePhases({
            arrivalRatePerSec: 30,
            spikeFactor: 3,
            spikeDurationSec,
            beforeSec: 100,
            afterSec: 500,
          }),
        });
        const served = sim.series.completions.slice(-10).reduce((a, b) => a + b, 0);
        return served < 0.5 * 30 * 100;
      }).length;
    expect(stuck(0.5 * fluid.lateFromSec)).toBe(0);
    expect(stuck(1.5 * fluid.lateFromSec)).toBe(5);
  });
});
