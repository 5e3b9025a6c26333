// The latency knee of a load sweep: the arrival rate at which the p99 latency reaches twice its
// value at light load (issue 18's definition), by linear interpolation between the loads measured
// or computed. Pure: used by scripts/cgroup-accuracy.mjs for the lab's runs and the model alike.

/**
 * The first rate at which `p99` reaches `2 × baseSec`, interpolated between neighbouring points
 * (sorted by rate); undefined when no point reaches it (the knee lies beyond the last load).
 * A point whose p99 is infinite (an overloaded model) counts as reaching it at that rate.
 * @param {Array<{ ratePerSec: number; p99Sec: number }>} points
 * @param {number} baseSec  the p99 at light load
 */
export function kneeRatePerSec(points, baseSec) {
  if (!(baseSec > 0)) throw new RangeError(`baseSec must be > 0 (got ${baseSec})`);
  const target = 2 * baseSec;
  const sorted = [...points].sort((a, b) => a.ratePerSec - b.ratePerSec);
  let previous = { ratePerSec: 0, p99Sec: baseSec };
  for (const p of sorted) {
    if (p.p99Sec >= target) {
      if (!Number.isFinite(p.p99Sec) || p.p99Sec === previous.p99Sec) return p.ratePerSec;
      const share = (target - previous.p99Sec) / (p.p99Sec - previous.p99Sec);
      return previous.ratePerSec + Math.max(0, share) * (p.ratePerSec - previous.ratePerSec);
    }
    previous = p;
  }
  return undefined;
}
