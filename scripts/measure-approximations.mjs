// npm run accuracy: measures the approximations of pywebperf against simulation (src/sim/) —
// Allen–Cunneen's mean wait (ggc) and the two-moment p95/p99 of mg1/ggc — on a grid of servers,
// utilizations and variabilities. Prints a table and the worst errors; the figures quoted in
// docs/queueing.md come from this script (seeded: the output is the same on every run).
import { ggc, simulateQueue } from "../dist/index.js";

const requests = Number(process.env.REQUESTS ?? 1_000_000);
/**
 * Relative error of a model value against a simulated one; 0 when both are 0 (no waiting).
 * @param {number} model
 * @param {number} sim
 */
const rel = (model, sim) => (sim === 0 ? (model === 0 ? 0 : Infinity) : model / sim - 1);
/**
 * @typedef {"wait" | "response" | "p95" | "p99"} Figure
 * @typedef {{ servers: number; rho: number; arrivalScv: number; serviceTimeScv: number; ciHalf: number } & Record<Figure, number>} Row
 * @type {Row[]}
 */
const rows = [];
for (const servers of [1, 2, 4, 8]) {
  for (const rho of [0.5, 0.8, 0.9]) {
    for (const arrivalScv of [0, 0.5, 1, 2]) {
      for (const serviceTimeScv of [0, 0.5, 1, 2, 4]) {
        const input = {
          arrivalRatePerSec: (rho * servers) / 0.01,
          serviceTimeSec: 0.01,
          servers,
          arrivalScv,
          serviceTimeScv,
        };
        const model = ggc(input);
        const sim = simulateQueue({ ...input, requests, seed: 7 });
        rows.push({
          servers,
          rho,
          arrivalScv,
          serviceTimeScv,
          wait: rel(model.meanWaitSec, sim.meanWaitSec.mean),
          response: rel(model.meanResponseTimeSec, sim.meanResponseTimeSec.mean),
          p95: rel(model.responseTimeQuantileSec(0.95), sim.responseTimeQuantileSec(0.95)),
          p99: rel(model.responseTimeQuantileSec(0.99), sim.responseTimeQuantileSec(0.99)),
          ciHalf:
            sim.meanWaitSec.mean === 0
              ? 0
              : (sim.meanWaitSec.high - sim.meanWaitSec.low) / 2 / sim.meanWaitSec.mean,
        });
      }
    }
  }
}
/** @param {number} x */
const pct = (x) => `${(100 * x).toFixed(1)} %`.padStart(9);
console.log(`ggc against simulation (${requests} requests per point, seed 7)`);
console.log("  c    ρ   SCVa SCVs   mean wait      p95      p99   (sim CI ±)");
for (const r of rows) {
  console.log(
    `${String(r.servers).padStart(3)} ${r.rho.toFixed(1).padStart(4)} ${String(r.arrivalScv).padStart(5)} ${String(r.serviceTimeScv).padStart(4)} ${pct(r.wait)} ${pct(r.p95)} ${pct(r.p99)}   ${pct(r.ciHalf)}`,
  );
}
/**
 * @param {Figure} key
 * @param {(r: Row) => boolean} filter
 */
const worst = (key, filter = () => true) => {
  const list = rows.filter(filter);
  const w = list.reduce((a, b) => (Math.abs(b[key]) > Math.abs(a[key]) ? b : a));
  return `${pct(w[key]).trim()} (c=${w.servers}, ρ=${w.rho}, SCVa=${w.arrivalScv}, SCVs=${w.serviceTimeScv})`;
};
/** @param {Figure} key */
const median = (key) => {
  const v = rows
    .map((r) => Math.abs(r[key]))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  return pct(/** @type {number} */ (v[Math.floor(v.length / 2)])).trim();
};
console.log(`worst mean wait error: ${worst("wait")}; median |error| ${median("wait")}`);
console.log(
  `worst mean wait error with Poisson arrivals (SCVa = 1): ${worst("wait", (r) => r.arrivalScv === 1)}`,
);
console.log(
  `worst mean wait error with SCVa >= 1 and ρ >= 0.8: ${worst("wait", (r) => r.arrivalScv >= 1 && r.rho >= 0.8)}`,
);
console.log(
  `worst mean wait error with SCVa < 1 and ρ >= 0.8: ${worst("wait", (r) => r.arrivalScv < 1 && r.rho >= 0.8)}`,
);
console.log(
  `worst mean response time error: ${worst("response")}; median |error| ${median("response")}`,
);
console.log(`worst p95 error: ${worst("p95")}; median |error| ${median("p95")}`);
console.log(`worst p99 error: ${worst("p99")}; median |error| ${median("p99")}`);
