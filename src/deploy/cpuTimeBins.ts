import { gammaSurvival } from "../math/gamma.js";
import { invertSurvival } from "../math/solve.js";

// The CPU time per request as a gamma law cut into bins, with what the throttle mixture of
// throttledResponse.ts needs of each bin.

/** Where the CPU time's law is cut into bins: fine in the tail, where the p99 lives. */
const CPU_QUANTILES = [0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999];

/** One bin of the CPU time: its probability, conditional mean and variance, and E[(C − δ)⁺ | bin]. */
export interface CpuBin {
  /** The bin's range of CPU time, seconds (`toSec` is `Infinity` for the last). */
  fromSec: number;
  toSec: number;
  weight: number;
  meanSec: number;
  varianceSec2: number;
  beyondSec: number;
  /** P(C > δ₁ | bin): the request is still running when its period's quota first runs out. */
  opening: number;
}

/** The gamma law of the CPU time: survival G₀ and partial first moment E[C; C > x]. */
export interface CpuLaw {
  meanSec: number;
  scv: number;
  survival(x: number): number;
  firstBeyond(x: number): number;
  secondBeyond(x: number): number;
}

/**
 * The gamma law of the CPU time (mean S, SCV c²; α = 1/c²): E[C; C > x] = S·G₁(x) and
 * E[C²; C > x] = S²(1 + c²)·G₂(x), G_j the survival of the gamma law of shape α + j and the same
 * scale (the size-biased laws).
 */
export function cpuLaw(s: number, scv: number): CpuLaw {
  const variance = scv * s * s;
  if (!(scv > 1e-9)) {
    const step = (x: number) => (x < s ? 1 : 0);
    return {
      meanSec: s,
      scv: 0,
      survival: step,
      firstBeyond: (x) => s * step(x),
      secondBeyond: (x) => s * s * step(x),
    };
  }
  return {
    meanSec: s,
    scv,
    survival: (x) => (x > 0 ? gammaSurvival(s, variance, x) : 1),
    firstBeyond: (x) => (x > 0 ? s * gammaSurvival(s * (1 + scv), variance * (1 + scv), x) : s),
    secondBeyond: (x) =>
      s *
      s *
      (1 + scv) *
      (x > 0 ? gammaSurvival(s * (1 + 2 * scv), variance * (1 + 2 * scv), x) : 1),
  };
}

/** f(a) − f(b) for a tail function f (survival, partial moments): the part of it in [a, b). */
function between(f: (x: number) => number, a: number, b: number): number {
  return f(a) - (b < Infinity ? f(b) : 0);
}

/** E[(C − δ)⁺; C > x] for x ≥ 0 (δ may be negative). */
function beyond(law: CpuLaw, delta: number, x: number): number {
  const from = Math.max(x, delta);
  return law.firstBeyond(from) - delta * law.survival(from);
}

/**
 * The CPU δ a request uses before its first pause, such that N = (C − δ)⁺ ÷ g has the mean the
 * periods give: E[(C − δ)⁺] = n_h·g (`target`). δ < 0 when pauses come more often than g.
 */
export function firstPauseAfter(law: CpuLaw, target: number): number {
  if (!(target < law.meanSec)) return law.meanSec - target;
  let lo = 0;
  let hi = law.meanSec;
  while (beyond(law, hi, 0) > target) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (beyond(law, mid, 0) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** The CPU time's law cut at {@link CPU_QUANTILES} (one bin when it is fixed). */
export function cpuBins(law: CpuLaw, delta: number, opensAfter: number): CpuBin[] {
  const s = law.meanSec;
  if (law.scv === 0) {
    return [
      {
        fromSec: s,
        toSec: s,
        weight: 1,
        meanSec: s,
        varianceSec2: 0,
        beyondSec: Math.max(0, s - delta),
        opening: 0,
      },
    ];
  }
  const cuts = [0, ...CPU_QUANTILES.map((q) => invertSurvival(law.survival, 1 - q, s)), Infinity];
  const levels = [0, ...CPU_QUANTILES, 1];
  const bins: CpuBin[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i]!, cuts[i + 1]!];
    const weight = levels[i + 1]! - levels[i]!;
    const first = between(law.firstBeyond, a, b);
    const second = between(law.secondBeyond, a, b);
    const mean = first / weight;
    const past = between((x) => beyond(law, delta, x), a, b);
    bins.push({
      fromSec: a,
      toSec: b,
      weight,
      meanSec: mean,
      varianceSec2: Math.max(0, second / weight - mean * mean),
      beyondSec: Math.max(0, past / weight),
      opening: Math.min(
        1,
        Math.max(
          0,
          between(law.survival, Math.max(a, opensAfter), Math.max(b, opensAfter)) / weight,
        ),
      ),
    });
  }
  return bins;
}

/**
 * Var(C + r·(C − δ)⁺ | C in the bin): the spread of a bin's CPU time with the pauses that grow
 * with it, r = pause ÷ CPU between pauses. Below δ a request meets none (Y = C), above it
 * Y = (1 + r)·C − r·δ; the moments come from the partial moments of the gamma law, so the
 * figure moves smoothly as δ crosses the bin.
 */
export function stretchedVariance(law: CpuLaw, bin: CpuBin, delta: number, r: number): number {
  if (!(bin.toSec > bin.fromSec)) return 0;
  const split = Math.min(bin.toSec, Math.max(bin.fromSec, delta));
  const p = between(law.survival, split, bin.toSec);
  const m1 = between(law.firstBeyond, split, bin.toSec);
  const m2 = between(law.secondBeyond, split, bin.toSec);
  const all1 = between(law.firstBeyond, bin.fromSec, bin.toSec);
  const all2 = between(law.secondBeyond, bin.fromSec, bin.toSec);
  const g = 1 + r;
  // Past δ: (1 + r)·C − r·δ; written out only where the bin has a part past δ (δ may be far).
  const shift = p > 0 ? r * delta : 0;
  const mean = (all1 - m1 + g * m1 - shift * p) / bin.weight;
  const second = (all2 - m2 + g * g * m2 - 2 * g * shift * m1 + shift * shift * p) / bin.weight;
  return Math.max(0, second - mean * mean);
}
