import { describe, expect, it } from "vitest";
import { retryFixedPoints } from "../../src/index.js";
import { calmAndSpiked } from "../../src/sim/overloadExperiments.js";
import { agrees } from "../helpers.js";

// retryFixedPoints against simulateOverload: the healthy run (1000 s at λ₀, the first 100 s
// left out) sits at the good point; a 3× spike for 30 s after 100 s tips the run into the bad
// point, measured from 300 s to the end (1130 s). Seed 3; each attempt rate within twice its
// 95 % batch-means half-width of the fixed point (the simulated retries come 1, 2, 4 s after
// each failure, so they are not the Poisson stream the fixed point assumes; the measured gaps
// are in docs/queueing.md).
const CASES = [
  // 4 workers of 100 ms, gunicorn's backlog, a 5 s client timeout, 3 retries; 30 req/s new.
  [{ serviceTimeSec: 0.1, servers: 4, backlog: 2049, clientTimeoutSec: 5, maxRetries: 3 }, 30],
  // 8 workers, Linux's old backlog cap (128 + 1), a 1 s timeout, 2 retries 80 % of the time.
  [
    {
      serviceTimeSec: 0.1,
      servers: 8,
      backlog: 129,
      clientTimeoutSec: 1,
      maxRetries: 2,
      retryProbability: 0.8,
    },
    60,
  ],
] as const;

describe("retryFixedPoints against simulateOverload", () => {
  it.each(CASES)(
    "%j at %d req/s: the good point, and the bad one after a spike",
    (station, base) => {
      const model = retryFixedPoints({ ...station, newRequestRatePerSec: base });
      expect(model.metastable).toBe(true);
      const { calm, spiked } = calmAndSpiked(station, base);
      agrees(calm.attemptRatePerSec, model.good.attemptRatePerSec);
      agrees(calm.goodputPerSec, model.good.goodputPerSec);
      agrees(spiked.attemptRatePerSec, model.bad.attemptRatePerSec);
      // Both say next to nothing is served in time: the attempts wait past the timeout.
      expect(model.bad.goodputPerSec).toBeLessThan(1e-3 * base);
      expect(spiked.goodputPerSec.mean).toBeLessThan(1e-3 * base);
    },
  );
});
