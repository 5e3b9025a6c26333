import { drawRaceSplits, type AcceptRace, type SplitDraw } from "./acceptRace.js";

/** Three quantiles of a figure over the splits the dispatch model allows. */
export interface SpreadQuantiles {
  p10: number;
  p50: number;
  p90: number;
}

/** What a deployment does over the ways its keep-alive connections can land on its processes. */
export interface DispatchSpread {
  /** Keep-alive connections spread over the processes (the clients', or a proxy's to the server). */
  connections: number;
  /** The Pólya urn's total weight of the idle processes (`connectionAffinity`, the race's `affinity`). */
  connectionAffinity: number;
  /** The accept race the splits are drawn from (its urn's `affinity` is `connectionAffinity`). */
  acceptRace: AcceptRace;
  throughputPerSec: SpreadQuantiles;
  meanResponseTimeSec: SpreadQuantiles;
  p99ResponseTimeSec: SpreadQuantiles;
  /** Connections held by the busiest process, as a share of all of them. */
  largestShare: SpreadQuantiles;
  /** The split that comes out most often: connections per process, largest first. */
  likelySplit: number[];
  /** Its probability among the sorted splits. */
  likelySplitProbability: number;
}

/** What the spread reads of one split's evaluation (the deployment with those process shares). */
export interface SplitFigures {
  stable: boolean;
  throughputPerSec: number;
  meanResponseTimeSec: number;
  responseTimeQuantileSec(p: number): number;
}

/** One of the race's splits with the caller's result for it. */
export interface EvaluatedSplit<T> extends SplitDraw {
  result: T;
}

/**
 * The accept race's splits of `connections` over `processes` (`drawRaceSplits`), each with
 * `evaluate`'s result for the processes' shares of the connections.
 */
export function evaluateSplits<T>(
  processes: number,
  connections: number,
  race: AcceptRace,
  evaluate: (shares: number[]) => T,
): EvaluatedSplit<T>[] {
  return drawRaceSplits(processes, connections, race).map((s) => ({
    ...s,
    result: evaluate(s.counts.map((n) => n / connections)),
  }));
}

/**
 * The spread of a deployment's figures over the splits of its keep-alive connections: the accept
 * race's splits, each evaluated by `evaluate` ({@link evaluateSplits}), and the 10th, 50th and 90th
 * percentiles of each figure over them.
 */
export function splitSpread(
  processes: number,
  connections: number,
  race: AcceptRace,
  evaluate: (shares: number[]) => SplitFigures,
): DispatchSpread {
  const rows = evaluateSplits(processes, connections, race, evaluate).map((s) => ({
    ...s,
    figures: s.result,
    largest: s.counts[0]! / connections,
  }));
  const spread = (value: (r: (typeof rows)[number]) => number): SpreadQuantiles =>
    weightedQuantiles(rows.map((r) => ({ value: value(r), probability: r.probability })));
  const likely = rows[0]!;
  return {
    connections,
    connectionAffinity: race.affinity,
    acceptRace: race,
    throughputPerSec: spread((r) => r.figures.throughputPerSec),
    meanResponseTimeSec: spread((r) => r.figures.meanResponseTimeSec),
    p99ResponseTimeSec: spread((r) =>
      r.figures.stable ? r.figures.responseTimeQuantileSec(0.99) : Infinity,
    ),
    largestShare: spread((r) => r.largest),
    likelySplit: likely.counts,
    likelySplitProbability: likely.probability,
  };
}

/** The 10th, 50th and 90th percentiles of values given with their probabilities (the lower quantile). */
export function weightedQuantiles(
  values: readonly { value: number; probability: number }[],
): SpreadQuantiles {
  const sorted = [...values].sort((x, y) => x.value - y.value);
  const at = (q: number): number => {
    let cumulative = 0;
    for (const s of sorted) {
      cumulative += s.probability;
      if (cumulative >= q - 1e-12) return s.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}
