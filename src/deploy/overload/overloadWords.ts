import { wholePercent } from "../planWords.js";
import type { SpikeAnswer } from "./overloadAnswer.js";

// The answers past capacity in the words a user reads: rates and seconds to three significant
// digits, shares in whole percents (one decimal under 10 %), ∞ for what never ends.

/** A rate, a count or seconds to three significant digits (0 under 0.005): `"38.5"`, `"1250"`, `"∞"`. @internal */
export function figure(x: number): string {
  if (x === Infinity) return "∞";
  if (Math.abs(x) < 0.005) return "0";
  if (Math.abs(x) >= 100) return String(Math.round(x));
  return String(Number(x.toPrecision(3)));
}

/** A share: `"12 %"`, `"0.4 %"`, `"0 %"`. @internal */
export function share(x: number): string {
  if (x > 0 && x < 0.1) return `${Number((x * 100).toFixed(1))} %`;
  return wholePercent(x);
}

/** `"a 5× 30 s spike (150 req/s)"`. @internal */
export function spikeName(s: Pick<SpikeAnswer, "factor" | "durationSec" | "arrivalRatePerSec">) {
  return `a ${figure(s.factor)}× ${figure(s.durationSec)} s spike (${figure(s.arrivalRatePerSec)} req/s)`;
}

/**
 * What a spike does, in a line: `"goodput 38.5 of 40 req/s during a 5× 30 s spike (150 req/s),
 * 66 % refused, 0 % late, recovered 10 s after it"`. @internal
 */
export function spikeWords(s: SpikeAnswer, capacityPerSec: number): string {
  const parts = [
    `goodput ${figure(s.goodputPerSec)} of ${figure(capacityPerSec)} req/s during ${spikeName(s)}`,
    `${share(s.refusedShare)} refused${s.refusedBy === "concurrencyLimit" ? " (503)" : ""}`,
    `${share(s.timedOutShare)} late`,
  ];
  if (s.killedShare >= 0.001) parts.push(`${share(s.killedShare)} killed by the worker timeout`);
  parts.push(
    s.recoverySec === Infinity
      ? "never recovers (the load itself is past capacity)"
      : `the queue drained ${figure(s.recoverySec)} s after it (longest response ${figure(s.longestResponseSec)} s)`,
  );
  return parts.join(", ");
}
