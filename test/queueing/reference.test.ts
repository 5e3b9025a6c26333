import { describe, expect, it } from "vitest";
import { finiteSource, mmc, mmck } from "../../src/index.js";
import reference from "../fixtures/reference.json" with { type: "json" };
import { relErr } from "../helpers.js";

// Reference values from test/fixtures/make_reference.py (mpmath, 60 digits): M/M/c from Erlang C
// and state sums, M/M/c/K and M/M/c/K/K term by term, FIFO response-time survival by quadrature.

describe("mmc against the mpmath reference (servers 1…100,000, utilization to 1 − 1e-9)", () => {
  it.each(reference.mmc.map((r) => [r.servers, r.arrivalRatePerSec, r] as const))(
    "c = %d, λ = %d",
    (servers, arrivalRatePerSec, ref) => {
      const q = mmc({ arrivalRatePerSec, serviceTimeSec: ref.serviceTimeSec, servers });
      expect(q.stable).toBe(true);
      expect(relErr(q.probabilityOfWaiting, Number(ref.probabilityOfWaiting))).toBeLessThan(1e-12);
      expect(relErr(q.meanWaitSec, Number(ref.meanWaitSec))).toBeLessThan(1e-12);
      expect(relErr(q.meanResponseTimeSec, Number(ref.meanResponseTimeSec))).toBeLessThan(1e-12);
      expect(relErr(q.meanInSystem, Number(ref.meanInSystem))).toBeLessThan(1e-12);
      expect(relErr(q.varianceInSystem, Number(ref.varianceInSystem))).toBeLessThan(1e-12);
      expect(relErr(q.responseTimeVarianceSec2, Number(ref.responseTimeVarianceSec2))).toBeLessThan(
        1e-12,
      );
      expect(
        relErr(q.stateProbability(servers - 1), Number(ref.stateProbabilityAtServersMinus1)),
      ).toBeLessThan(1e-11);
      for (const [p, t] of Object.entries(ref.responseTimeQuantileSec)) {
        expect(relErr(q.responseTimeQuantileSec(Number(p)), Number(t)), `p = ${p}`).toBeLessThan(
          1e-11,
        );
      }
    },
  );
});

function checkStation(
  q: ReturnType<typeof mmck>,
  ref: (typeof reference.mmck)[number] | (typeof reference.finiteSource)[number],
): void {
  expect(relErr(q.throughputPerSec, Number(ref.throughputPerSec))).toBeLessThan(1e-13);
  expect(relErr(q.blockingProbability, Number(ref.blockingProbability))).toBeLessThan(1e-13);
  expect(relErr(q.meanInSystem, Number(ref.meanInSystem))).toBeLessThan(1e-13);
  expect(relErr(q.meanQueueLength, Number(ref.meanQueueLength))).toBeLessThan(1e-13);
  expect(relErr(q.varianceInSystem, Number(ref.varianceInSystem))).toBeLessThan(1e-12);
  expect(relErr(q.meanWaitSec, Number(ref.meanWaitSec))).toBeLessThan(1e-13);
  expect(relErr(q.meanResponseTimeSec, Number(ref.meanResponseTimeSec))).toBeLessThan(1e-13);
  ref.stateProbability.forEach((p, n) =>
    expect(relErr(q.stateProbability(n), Number(p)), `n = ${n}`).toBeLessThan(1e-13),
  );
  for (const [t, survival] of ref.responseTimeSurvival as [number, string][]) {
    expect(relErr(1 - q.responseTimeCdf(t), Number(survival)), `t = ${t}`).toBeLessThan(1e-12);
  }
}

describe("mmck against the mpmath reference", () => {
  it.each(reference.mmck.map((r) => [r.servers, r.capacity, r.arrivalRatePerSec, r] as const))(
    "c = %d, K = %d, λ = %d",
    (servers, capacity, arrivalRatePerSec, ref) => {
      checkStation(
        mmck({ arrivalRatePerSec, serviceTimeSec: ref.serviceTimeSec, servers, capacity }),
        ref,
      );
    },
  );
});

describe("finiteSource against the mpmath reference", () => {
  it.each(reference.finiteSource.map((r) => [r.population, r.servers, r.capacity, r] as const))(
    "N = %d, c = %d, K = %d",
    (population, servers, capacity, ref) => {
      const q = finiteSource({
        population,
        thinkTimeSec: ref.thinkTimeSec,
        serviceTimeSec: ref.serviceTimeSec,
        servers,
        capacity,
      });
      checkStation(q, ref);
    },
  );
});
