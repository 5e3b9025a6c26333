// Measures the CFS throttling model (evaluateDeployment with machine.cpuLimitCores) against the
// discrete-event simulation of the kernel's quota (simulateDeployment), on a grid: limits 0.25,
// 0.5, 1 and 1.5 cores; periods 100 ms and 10 ms; loads 30–90 % of the limit; 1–8 workers or
// threads. Prints one line per case and the error summary (median and 90th percentile of the
// absolute errors): throttled-period fraction (absolute), mean and p99 (relative).
//   npm run build && node scripts/measure-throttling.mjs [requests]
import { evaluateDeployment, simulateDeployment, GiB } from "../dist/index.js";

const requests = Number(process.argv[2] ?? 40000);
const cpuTimeSec = 0.02;
/** @type {{ limit: number, periodMs: number, share: number, name: string, fModel: number, fSim: number, meanModel: number, meanSim: number, p99Model: number, p99Sim: number }[]} */
const rows = [];
let skipped = 0;
/** @type {[string, import("../dist/index.js").DeploymentInput][]} */
const deployments = [
  ["1 worker", { kind: "prefork", processes: 1 }],
  ["2 workers", { kind: "prefork", processes: 2 }],
  ["4 workers", { kind: "prefork", processes: 4 }],
  ["8 workers", { kind: "prefork", processes: 8 }],
  ["1×4 threads", { kind: "threaded", threads: 4 }],
  ["2×2 threads", { kind: "daemon", processes: 2, threads: 2, hopTimeSec: 0 }],
];
for (const limit of [0.25, 0.5, 1, 1.5]) {
  for (const period of [0.1, 0.01]) {
    for (const share of [0.3, 0.6, 0.9]) {
      for (const [name, deployment] of deployments) {
        const question = {
          deployment,
          app: { cpuTimeSec, ioTimeSec: 0.01 },
          machine: { cores: 8, memoryBytes: GiB(64), cpuLimitCores: limit, cpuPeriodSec: period },
          load: { arrivalRatePerSec: (share * limit) / cpuTimeSec },
        };
        // Cases the threads alone cannot serve (90 % of their capacity without the limit) measure
        // the thread count, not the limit: left out.
        const { cpuLimitCores: _l, cpuPeriodSec: _p, ...host } = question.machine;
        const free = evaluateDeployment({ ...question, machine: host });
        if (!(free.utilization.threads < 0.9)) {
          skipped++;
          continue;
        }
        const e = evaluateDeployment(question);
        const s = simulateDeployment({ ...question, requests, seed: 7 });
        const row = {
          limit,
          periodMs: period * 1000,
          share,
          name,
          fModel: e.throttling?.throttledPeriodFraction ?? 0,
          fSim: s.throttling?.throttledPeriodFraction ?? 0,
          meanModel: e.meanResponseTimeSec,
          meanSim: s.meanResponseTimeSec.mean,
          p99Model: e.responseTimeQuantileSec(0.99),
          p99Sim: s.responseTimeQuantileSec(0.99),
        };
        rows.push(row);
        const ms = (/** @type {number} */ x) => (x * 1000).toFixed(1).padStart(7);
        console.log(
          `${String(limit).padEnd(4)} ${String(row.periodMs).padStart(3)}ms ${String(share).padEnd(3)} ${name.padEnd(12)}` +
            ` f ${row.fModel.toFixed(3)} / ${row.fSim.toFixed(3)}` +
            `  mean ${ms(row.meanModel)} / ${ms(row.meanSim)}  p99 ${ms(row.p99Model)} / ${ms(row.p99Sim)} (model / sim, ms)`,
        );
      }
    }
  }
}
/**
 * @param {number[]} xs
 * @param {number} p
 */
const quantile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? NaN;
};
/**
 * @param {string} label
 * @param {number[]} errors
 */
const summary = (label, errors) =>
  console.log(
    `${label.padEnd(34)} median ${quantile(errors, 0.5).toFixed(3)}  p90 ${quantile(errors, 0.9).toFixed(3)}  max ${Math.max(...errors).toFixed(3)}`,
  );
console.log(
  `\n${rows.length} cases (${skipped} left out: the threads alone at ≥ 90 %), ${requests} simulated requests each`,
);
const finite = rows.filter((r) => Number.isFinite(r.meanModel));
console.log(
  `${rows.length - finite.length} cases where the model says unstable and the simulation ends (left out of the times below)`,
);
summary(
  "throttled-period fraction (abs)",
  rows.map((r) => Math.abs(r.fModel - r.fSim)),
);
summary(
  "mean response time (rel)",
  finite.map((r) => Math.abs(r.meanModel / r.meanSim - 1)),
);
summary(
  "p99 response time (rel)",
  finite.map((r) => Math.abs(r.p99Model / r.p99Sim - 1)),
);
for (const period of [100, 10]) {
  const sub = finite.filter((r) => r.periodMs === period);
  summary(
    `  ${period} ms: mean (rel)`,
    sub.map((r) => Math.abs(r.meanModel / r.meanSim - 1)),
  );
  summary(
    `  ${period} ms: p99 (rel)`,
    sub.map((r) => Math.abs(r.p99Model / r.p99Sim - 1)),
  );
}
