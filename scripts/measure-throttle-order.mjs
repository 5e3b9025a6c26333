// node scripts/measure-throttle-order.mjs LIMIT FROM TO STEP (after npm run build): how far the
// throttled response time's mean and quantiles fall as the load grows, over the inputs of
// test/deploy/throttledResponse.test.ts's monotonicity property (20 ms of CPU and 10 ms of I/O
// per request, 2–8 sync workers, periods of 100 and 10 ms). For each case it prints the largest
// relative fall between two loads at most 10 % of the limit apart (negative: none). The
// property's slack for the quantiles comes from it:
//   node scripts/measure-throttle-order.mjs 0.25 0.1 0.45 0.0025   (p50: +0.14 % at 8 workers)
//   node scripts/measure-throttle-order.mjs 0.5 0.1 0.45 0.0025    (no fall)
//   node scripts/measure-throttle-order.mjs 1 0.1 0.85 0.01        (no fall)
import { evaluateDeployment, GiB } from "../dist/index.js";

const cpu = 0.02;
/** @param {number} limit @param {number} period @param {number} processes @param {number} share */
const question = (limit, period, processes, share) => ({
  deployment: { kind: /** @type {const} */ ("prefork"), processes },
  app: { cpuTimeSec: cpu, ioTimeSec: 0.01 },
  machine: { cores: 8, memoryBytes: GiB(64), cpuLimitCores: limit, cpuPeriodSec: period },
  load: { arrivalRatePerSec: (share * limit) / cpu },
});
const [limit, from, to, step] = process.argv.slice(2).map(Number);
if (![limit, from, to, step].every((x) => x !== undefined && x > 0)) {
  throw new Error("usage: node scripts/measure-throttle-order.mjs LIMIT FROM TO STEP");
}
const figures = /** @type {const} */ (["mean", "p50", "p90", "p99"]);
for (const period of [0.1, 0.01]) {
  for (const processes of [2, 4, 6, 8]) {
    /** @type {{ share: number; mean: number; p50: number; p90: number; p99: number }[]} */
    const rows = [];
    for (
      let share = /** @type {number} */ (from);
      share <= /** @type {number} */ (to);
      share += /** @type {number} */ (step)
    ) {
      const e = evaluateDeployment(
        question(/** @type {number} */ (limit), period, processes, share),
      );
      if (!e.stable) break;
      const q = (/** @type {number} */ p) => e.responseTimeQuantileSec(p);
      rows.push({ share, mean: e.meanResponseTimeSec, p50: q(0.5), p90: q(0.9), p99: q(0.99) });
    }
    const worst = figures.map((k) => {
      let fall = -Infinity;
      let at = "";
      for (const [i, a] of rows.entries()) {
        for (const b of rows.slice(i + 1)) {
          if (b.share - a.share > 0.1 + 1e-9) break;
          const f = (a[k] - b[k]) / b[k];
          if (f > fall) [fall, at] = [f, `${a.share.toFixed(4)} → ${b.share.toFixed(4)}`];
        }
      }
      return `${k} ${(100 * fall).toFixed(3)} % (${at})`;
    });
    console.log(
      `limit ${limit}, period ${period * 1000} ms, ${processes} workers: ${worst.join("; ")}`,
    );
  }
}
