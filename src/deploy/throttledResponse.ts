import { invertSurvival } from "../math/solve.js";
import type { ServerModelInput } from "../python/serverModelInput.js";
import type { ResponseComponent } from "../python/serverSolution.js";
import type { CfsThrottling } from "../queueing/cfsThrottling.js";
import { cpuBins, cpuLaw, firstPauseAfter, stretchedVariance } from "./cpuTimeBins.js";

/**
 * The response-time law of a server whose threads meet CFS pauses, as a mixture of gamma laws.
 *
 * ```text
 * R = B + C + 1{C > δ₁}·V₁ + Σᵢ₌₁ᴺ Vᵢ + 1{enters in a pause}·E
 * P(C > δ₁) = n_o     N | C ∈ {⌊x⌋, ⌊x⌋ + 1} with mean x = (C − δ)⁺ / g     E[(C − δ)⁺] = n_h·g
 * ```
 * A request's time is its time without the throttle, B + C (C its CPU time, a gamma law of mean
 * S; B the rest: hop, I/O, the waits for a thread, the GIL and the cores), plus the pauses it
 * meets while it holds a thread, each lasting to its period's end ({@link cfsThrottling} gives
 * their number per request and their lengths' moments from where in the period the quota ran
 * out). A request meets pauses while it needs the CPU, so their number grows with C: the first
 * (V₁, `openingPauses`, n_o per request) if it still runs when its arrival period's quota runs
 * out — the n_o longest requests, C > δ₁; then one (V, `holdingPauses`, n_h per request) per g =
 * `cpuPerPauseSec` of CPU it gets in a throttled period, after the δ of CPU it gets before them
 * (δ solves the mean; E[(C − δ)⁺; C > x] = E[C; C > x'] − δ·P(C > x'), x' = max(x, δ)). The
 * share `enteringPauses.perRequest` arrives in a pause and waits out its rest E. C is cut into
 * bins at its quantiles (exact conditional moments from the size-biased gamma laws, see
 * cpuTimeBins.ts); for each bin and each value of the three counts, means and variances add up.
 * B's mean and variance are those of `stalled` (the server solved with the mean stall as extra
 * I/O, whose SCV gives the hold the variance of C + pauses) less the mean and variance of C +
 * pauses. The mixture's mean is `stalled`'s; the tail comes from the long requests that meet
 * many pauses.
 */
export function throttledComponents(
  stalled: readonly ResponseComponent[],
  hold: readonly ResponseComponent[],
  m: ServerModelInput,
  stallSec: number,
  extraWaitSec: number,
): ResponseComponent[] {
  // What the stalled server's hold variance holds of C and of the stall taken as I/O.
  const removed = holdMoments(hold).varianceSec2;
  const out: ResponseComponent[] = [];
  for (const c of stalled) {
    const baseMean = c.meanSec - m.cpuSec - stallSec + extraWaitSec;
    const baseVariance = Math.max(0, c.varianceSec2 - removed) + extraWaitSec ** 2;
    for (const piece of hold) {
      out.push({
        weight: c.weight * piece.weight,
        meanSec: baseMean + piece.meanSec,
        varianceSec2: baseVariance + piece.varianceSec2,
      });
    }
  }
  return out;
}

/** Mean and variance of a mixture of laws given by their weights, means and variances (a hold's or a response time's). */
export function holdMoments(pieces: readonly ResponseComponent[]): {
  meanSec: number;
  varianceSec2: number;
} {
  let mean = 0;
  let second = 0;
  for (const c of pieces) {
    mean += c.weight * c.meanSec;
    second += c.weight * (c.varianceSec2 + c.meanSec * c.meanSec);
  }
  return { meanSec: mean, varianceSec2: Math.max(0, second - mean * mean) };
}

/**
 * The law of C + D, a request's CPU time and the pauses it meets, as a mixture: one piece per
 * CPU bin, number of later pauses N, opening pause or not, entering pause or not.
 */
export function throttledHold(
  t: CfsThrottling,
  cpuSec: number,
  cpuScv: number,
): ResponseComponent[] {
  const s = cpuSec;
  const h = t.holdingPauses;
  const o = t.openingPauses;
  const openVariance = Math.max(0, o.secondMomentSec2 - o.meanSec ** 2);
  const e = t.enteringPauses;
  const pauseVariance = Math.max(0, h.secondMomentSec2 - h.meanSec ** 2);
  const enterShare = Math.min(1, e.perRequest);
  const enterVariance = Math.max(0, e.secondMomentSec2 - e.meanSec ** 2);
  const law = cpuLaw(s, cpuScv);
  const between = t.cpuPerPauseSec;
  const opensAfter =
    o.perRequest >= 1 || law.scv === 0 ? 0 : invertSurvival(law.survival, o.perRequest, s);
  const delta = firstPauseAfter(law, h.perRequest * between);
  const bins = cpuBins(law, delta, opensAfter);
  const out: ResponseComponent[] = [];
  for (const bin of bins) {
    const pauses = bin.beyondSec / between;
    const fewer = Math.floor(pauses);
    // Within the bin a longer request meets more pauses: past δ its time grows by 1 + V/g.
    const spread = stretchedVariance(law, bin, delta, h.meanSec / between);
    const opened = law.scv === 0 ? Math.min(1, o.perRequest) : bin.opening;
    for (const [n, pn] of [
      [fewer, 1 - (pauses - fewer)],
      [fewer + 1, pauses - fewer],
    ] as const) {
      for (const [first, pf] of [
        [0, 1 - opened],
        [1, opened],
      ] as const) {
        for (const [entered, pe] of [
          [0, 1 - enterShare],
          [1, enterShare],
        ] as const) {
          const weight = bin.weight * pn * pf * pe;
          if (!(weight > 1e-12)) continue;
          out.push({
            weight,
            meanSec: bin.meanSec + first * o.meanSec + n * h.meanSec + entered * e.meanSec,
            varianceSec2:
              spread + first * openVariance + n * pauseVariance + entered * enterVariance,
          });
        }
      }
    }
  }
  return out;
}
