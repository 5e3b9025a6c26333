// Progress of a long lab run, one line per run as it starts:
//   run 7/40  3:12 elapsed, ~15:40 left  django-gthread c=16
// The time left is the mean time of the runs done so far times the runs still to come, or, when
// the runs have expected lengths (seconds, any unit shared by all), the time per expected second
// so far times the expected seconds still to come.

/**
 * Minutes and seconds, "m:ss" (or "h:mm:ss" from an hour on).
 * @param {number} seconds
 */
export function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}

/**
 * A progress reporter for `total` runs (or for runs of the given expected lengths).
 * `next(what)` announces the next run and returns the line it printed.
 * @param {number | number[]} runs  how many, or each run's expected length
 * @param {{ log?: (line: string) => void; now?: () => number }} [options]
 */
export function progress(runs, { log = console.log, now = Date.now } = {}) {
  const weights = typeof runs === "number" ? Array.from({ length: runs }, () => 1) : runs;
  const total = weights.length;
  const allWeight = weights.reduce((a, b) => a + b, 0);
  const started = now();
  let k = 0;
  let doneWeight = 0;
  return {
    /** @param {string} what */
    next(what) {
      if (k > 0) doneWeight += weights[k - 1] ?? 0;
      k++;
      const elapsed = (now() - started) / 1000;
      const left =
        doneWeight > 0 ? `~${clock((elapsed / doneWeight) * (allWeight - doneWeight))} left` : "";
      const line = `run ${k}/${total}  ${clock(elapsed)} elapsed${left ? `, ${left}` : ""}  ${what}`;
      log(line);
      return line;
    },
  };
}
