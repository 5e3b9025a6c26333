/**
 * The recovery time after a spike, read from a queue's length over time: from the spike's end to
 * the start of the first bin whose mean number waiting is below `threshold`.
 *
 * The threshold says when the queue counts as gone. Half a request suits a station that rarely
 * has anyone waiting at its base load; a busier one has some waiting in its steady state, and a
 * bin below half a request then comes by chance before or long after the spike's queue is gone —
 * the overload lab takes half its workers (the queue then adds under half a service time to a
 * request's wait).
 *
 * @param meanWaiting - The mean number waiting per bin, as {@link simulateOverload}'s
 *   `series.meanWaiting` or a measured queue rebuilt from timestamps.
 * @param spikeEndSec - When the spike ends, seconds from the series' start.
 * @param threshold - The mean number waiting below which the queue counts as gone. @defaultValue 0.5
 * @param binSec - The bins' width, seconds. @defaultValue 1
 * @returns Seconds from the spike's end; `Infinity` when no bin after it is below the threshold.
 * @example
 * ```ts
 * recoverySec([0, 0, 6, 9, 4, 0.2, 0], 3); // => 2
 * Number.isFinite(recoverySec([0, 6, 9, 9], 2)); // => false
 * ```
 */
export function recoverySec(
  meanWaiting: readonly number[],
  spikeEndSec: number,
  threshold = 0.5,
  binSec = 1,
): number {
  const first = Math.ceil(spikeEndSec / binSec - 1e-9);
  for (let i = Math.max(0, first); i < meanWaiting.length; i++) {
    if (meanWaiting[i]! < threshold) return i * binSec - spikeEndSec;
  }
  return Infinity;
}
