import type { OverloadSetup } from "./overloadInput.js";
import { empiricalQuantile, type Estimate } from "./statistics.js";

/** What became of an attempt: served, refused, shed (503), abandoned, timedOut or killed. */
export type Outcome = "served" | "refused" | "shed" | "abandoned" | "timedOut" | "killed";

/** Every outcome, in the order of the counts. */
export const OUTCOMES: readonly Outcome[] = [
  "served",
  "refused",
  "shed",
  "abandoned",
  "timedOut",
  "killed",
];

/** Counts of a {@link simulateOverload} run, of what arrived after the warm-up. */
export interface OverloadCounts {
  /** New requests (first attempts). */
  requests: number;
  /** Attempts: the new requests and the retries. */
  attempts: number;
  /** Attempts that were retries. */
  retries: number;
  /** Answered within the client's timeout. */
  served: number;
  /** Refused: the backlog was full. */
  refused: number;
  /** Answered 503 at once: the concurrency limit was reached. */
  shed: number;
  /** Left the queue unserved when the patience ran out. */
  abandoned: number;
  /** The client's timeout on the response ran out (the server may still do the work). */
  timedOut: number;
  /** Killed by the worker timeout while in service. */
  killed: number;
}

/** Per bin of a {@link simulateOverload} run's time series, from time 0. */
export interface OverloadSeries {
  /** Width of each bin, seconds; bin i covers [i·binSec, (i + 1)·binSec). */
  binSec: number;
  /** Time-average number in the system (waiting or in service), including dead requests. */
  meanInSystem: number[];
  /** Time-average number waiting (the backlog's length). */
  meanWaiting: number[];
  /** Attempts arriving (new requests and retries). */
  arrivals: number[];
  /** Of the arrivals, the retries. */
  retries: number[];
  /** Attempts refused or shed, at their arrival. */
  refusals: number[];
  /** Attempts abandoned, timed out or killed, when their client saw it. */
  timeouts: number[];
  /** Attempts served, at their completion. */
  completions: number[];
}

/** Batches of the measured window whose spread gives the confidence intervals. */
const BATCHES = 20;

/** The running tallies of a run; `advance` integrates the levels up to each event. */
export function overloadRecorder(setup: OverloadSetup) {
  const { warmUpSec: from, endSec: end, binSec } = setup;
  const batchSec = (end - from) / BATCHES;
  const bins = Math.max(1, Math.ceil(end / binSec - 1e-9));
  const zeros = (n: number): number[] => new Array<number>(n).fill(0);
  const series: OverloadSeries = {
    binSec,
    meanInSystem: zeros(bins),
    meanWaiting: zeros(bins),
    arrivals: zeros(bins),
    retries: zeros(bins),
    refusals: zeros(bins),
    timeouts: zeros(bins),
    completions: zeros(bins),
  };
  const outcomes = OUTCOMES.map(() => zeros(BATCHES));
  const attempts = zeros(BATCHES);
  const busy = zeros(BATCHES);
  const inSystem = zeros(BATCHES);
  const responseSum = zeros(BATCHES);
  const responses: number[] = [];
  const counts = { requests: 0, retries: 0, busySec: 0, wastedSec: 0 };
  let last = 0;
  const bin = (t: number): number => Math.min(bins - 1, Math.floor(t / binSec));
  const batch = (t: number): number =>
    t < from || t >= end ? -1 : Math.min(BATCHES - 1, Math.floor((t - from) / batchSec));
  return {
    /** Integrates the levels (in service, waiting) from the last event up to `t`. */
    advance(t: number, serving: number, waiting: number): void {
      const to = Math.min(t, end);
      integrate(last, to, 0, binSec, (i, dt) => {
        series.meanInSystem[Math.min(bins - 1, i)]! += (serving + waiting) * dt;
        series.meanWaiting[Math.min(bins - 1, i)]! += waiting * dt;
      });
      integrate(Math.max(last, from), to, from, batchSec, (i, dt) => {
        const b = Math.min(BATCHES - 1, i);
        busy[b]! += serving * dt;
        inSystem[b]! += (serving + waiting) * dt;
      });
      last = Math.max(last, to);
    },
    arrival(t: number, retry: boolean): void {
      if (t < end) {
        series.arrivals[bin(t)]! += 1;
        if (retry) series.retries[bin(t)]! += 1;
      }
      const b = batch(t);
      if (b < 0) return;
      attempts[b]! += 1;
      if (retry) counts.retries++;
      else counts.requests++;
    },
    /** The client's verdict at `t` on an attempt that arrived at `arrivalSec`. */
    outcome(arrivalSec: number, t: number, outcome: Outcome): void {
      if (t < end) {
        if (outcome === "served") series.completions[bin(t)]! += 1;
        else if (outcome === "refused" || outcome === "shed") series.refusals[bin(t)]! += 1;
        else series.timeouts[bin(t)]! += 1;
      }
      const b = batch(arrivalSec);
      if (b < 0) return;
      outcomes[OUTCOMES.indexOf(outcome)]![b]! += 1;
      if (outcome === "served") {
        responseSum[b]! += t - arrivalSec;
        responses.push(t - arrivalSec);
      }
    },
    /** A server worked `sec` on an attempt that arrived at `arrivalSec`; wasted if its client had gone. */
    work(arrivalSec: number, sec: number, wasted: boolean): void {
      if (batch(arrivalSec) < 0) return;
      counts.busySec += sec;
      if (wasted) counts.wastedSec += sec;
    },
    result() {
      // The areas become time averages over each bin (the last may be shorter).
      for (let i = 0; i < bins; i++) {
        const length = Math.min(binSec, end - i * binSec);
        series.meanInSystem[i]! /= length;
        series.meanWaiting[i]! /= length;
      }
      const windowSec = end - from;
      const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
      const share = (i: number): Estimate => ratioEstimate(outcomes[i]!, attempts);
      const served = outcomes[0]!;
      const failed = attempts.map((n, b) => n - served[b]!);
      const perSec = BATCHES / windowSec;
      const sorted = Float64Array.from(responses).sort();
      const counted = Object.fromEntries(OUTCOMES.map((o, i) => [o, total(outcomes[i]!)]));
      return {
        windowSec,
        counts: {
          requests: counts.requests,
          retries: counts.retries,
          attempts: total(attempts),
          ...counted,
        } as OverloadCounts,
        shares: Object.fromEntries(OUTCOMES.map((o, i) => [o, share(i)])) as Record<
          Outcome,
          Estimate
        >,
        failedShare: ratioEstimate(failed, attempts),
        attemptRatePerSec: scaledEstimate(attempts, perSec),
        goodputPerSec: scaledEstimate(served, perSec),
        utilization: scaledEstimate(busy, perSec / setup.servers),
        meanInSystem: scaledEstimate(inSystem, perSec),
        wastedWorkShare: counts.busySec > 0 ? counts.wastedSec / counts.busySec : 0,
        meanResponseTimeSec: ratioEstimate(responseSum, served),
        responseTimeQuantileSec: (p: number): number => empiricalQuantile(sorted)(p),
        series,
      };
    },
  };
}

/** Calls `f(i, dt)` for each piece of [a, b) inside bin i of width `width` from `origin`. */
function integrate(
  a: number,
  b: number,
  origin: number,
  width: number,
  f: (i: number, dt: number) => void,
): void {
  let t = a;
  let i = Math.floor((t - origin) / width);
  while (t < b) {
    const edge = origin + (i + 1) * width;
    if (edge > t) {
      const to = Math.min(b, edge);
      f(i, to - t);
      t = to;
    }
    i++;
  }
}

/**
 * The ratio Σnum/Σden with a 95 % interval from the batches' ratios (t quantile 2.093 at 19
 * degrees of freedom; a batch with nothing in its denominator counts as the overall ratio).
 * 0 when the denominator is empty.
 */
function ratioEstimate(num: number[], den: number[]): Estimate {
  const sumDen = den.reduce((a, b) => a + b, 0);
  if (sumDen === 0) return { mean: 0, low: 0, high: 0 };
  const mean = num.reduce((a, b) => a + b, 0) / sumDen;
  const ratios = den.map((d, b) => (d > 0 ? num[b]! / d : mean));
  return withHalfWidth(mean, ratios);
}

/** The mean of the batches' totals times `scale`, with its 95 % interval. */
function scaledEstimate(totals: number[], scale: number): Estimate {
  const values = totals.map((x) => x * scale);
  return withHalfWidth(values.reduce((a, b) => a + b, 0) / values.length, values);
}

function withHalfWidth(mean: number, values: number[]): Estimate {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1);
  const half = 2.093 * Math.sqrt(variance / values.length);
  return { mean, low: mean - half, high: mean + half };
}
