import type { OverloadCounts } from "./overloadRecord.js";
import type { SimulateOverloadInput } from "./overloadInput.js";
import { recoverySec } from "./recoverySec.js";
import { simulateOverload, type SimulatedOverload } from "./simulateOverload.js";
import { spikePhases } from "./spikePhases.js";

// The two simulation experiments that check the closed forms past capacity, run the same way
// by their tests (test/sim/) and by the measuring script (scripts/measure-overload.mjs).

/** A station of {@link simulateOverload}: everything but its phases, warm-up, bins and seed. */
export type OverloadStation = Omit<
  SimulateOverloadInput,
  "phases" | "warmUpSec" | "binSec" | "seed"
>;

/** Seconds of the base load before a replayed spike, to reach the random steady state. */
const BEFORE_SPIKE_SEC = 200;

/**
 * A spike replayed by {@link simulateOverload}, once per seed: 200 s at the base rate (left
 * out as warm-up), `spikeFactor` times it for `spikeDurationSec`, then the base rate for
 * `afterSec`, binned by the second. For each seed: the counts from the spike's start, and the
 * recovery time — from the spike's end to the first second with under half a request waiting
 * on average ({@link recoverySec}; `Infinity` when the run never gets there).
 * @internal
 */
export function replaySpike(
  station: OverloadStation,
  spike: { arrivalRatePerSec: number; spikeFactor: number; spikeDurationSec: number },
  afterSec: number,
  seeds: readonly number[],
): { counts: OverloadCounts; recoverySec: number }[] {
  const end = BEFORE_SPIKE_SEC + spike.spikeDurationSec;
  return seeds.map((seed) => {
    const sim = simulateOverload({
      ...station,
      phases: spikePhases({ ...spike, beforeSec: BEFORE_SPIKE_SEC, afterSec }),
      warmUpSec: BEFORE_SPIKE_SEC,
      binSec: 1,
      seed,
    });
    return { counts: sim.counts, recoverySec: recoverySec(sim.series.meanWaiting, end, 0.5) };
  });
}

/**
 * A retrying station at `newRequestRatePerSec`, simulated twice with retries 1 s apart (seed
 * 3): calm (1000 s, the first 100 s left out) and spiked (3× for 30 s after 100 s, then
 * 1000 s, measured from 300 s) — the runs whose attempt rates retryFixedPoints' good and bad
 * points are checked against.
 * @internal
 */
export function calmAndSpiked(
  station: OverloadStation,
  newRequestRatePerSec: number,
): { calm: SimulatedOverload; spiked: SimulatedOverload } {
  const run = { ...station, retryDelaySec: 1, seed: 3 };
  const calm = simulateOverload({
    ...run,
    phases: [{ durationSec: 1000, arrivalRatePerSec: newRequestRatePerSec }],
    warmUpSec: 100,
  });
  const spiked = simulateOverload({
    ...run,
    phases: spikePhases({
      arrivalRatePerSec: newRequestRatePerSec,
      spikeFactor: 3,
      spikeDurationSec: 30,
      beforeSec: 100,
      afterSec: 1000,
    }),
    warmUpSec: 300,
  });
  return { calm, spiked };
}

/**
 * A station at a constant rate, simulated for 4000 s with the first 200 s left out (seed 7):
 * the steady run the closed forms' shares are checked against.
 * @internal
 */
export function steadyRun(station: OverloadStation, arrivalRatePerSec: number): SimulatedOverload {
  return simulateOverload({
    ...station,
    phases: [{ durationSec: 4000, arrivalRatePerSec }],
    warmUpSec: 200,
    seed: 7,
  });
}
