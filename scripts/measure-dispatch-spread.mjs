// Checks evaluateDeployment's `spread` against the discrete-event simulation: for each case the
// urn's splits (the same draws the model uses with `connectionAffinity` alone) are each simulated with their process weights
// (simulateDeployment, pinned clients), and the 10th, 50th and 90th percentiles of the simulated
// throughput and mean response time over the splits are compared with the model's. The urn's own
// law is exact (largestCountCdf against a sum over every split, test/dispatch); this measures
// what the model does with each split. Prints one line per case and the error summary.
//   npm run build && node scripts/measure-dispatch-spread.mjs [requests]
import { drawRaceSplits, urnOnly } from "../dist/dispatch/acceptRace.js";
import { weightedQuantiles } from "../dist/dispatch/splitSpread.js";
import { evaluateDeployment, GiB, simulateDeployment } from "../dist/index.js";

const requests = Number(process.argv[2] ?? 20000);
const app = { cpuTimeSec: 0.005, ioTimeSec: 0.015, burstsPerRequest: 3 };
const machine = { cores: 2, memoryBytes: GiB(16) };
/** @type {[string, import("../dist/index.js").DeploymentInput][]} */
const deployments = [
  ["daemon 2 × 4", { kind: "daemon", processes: 2, threads: 4, hopTimeSec: 0, dispatch: "pinned" }],
  ["daemon 4 × 4", { kind: "daemon", processes: 4, threads: 4, hopTimeSec: 0, dispatch: "pinned" }],
  ["async 2 × 100", { kind: "async", processes: 2, concurrency: 100, dispatch: "pinned" }],
  ["async 4 × 100", { kind: "async", processes: 4, concurrency: 100, dispatch: "pinned" }],
];
/** @type {{ x: number[]; r: number[] }} */
const errors = { x: [], r: [] };
const pct = (/** @type {number} */ v) => `${(100 * v).toFixed(1)} %`;
for (const [name, deployment] of deployments) {
  for (const clients of [4, 16, 64]) {
    for (const affinity of [0.33, 2.4, 18]) {
      const load = { clients, thinkTimeSec: 0 };
      const model = evaluateDeployment({
        deployment: { ...deployment, connectionAffinity: affinity },
        app,
        machine,
        load,
      }).spread;
      if (!model) continue;
      const draws = drawRaceSplits(deployment.processes ?? 1, clients, urnOnly(affinity));
      const simulated = draws.map((s, i) => {
        const sim = simulateDeployment({
          deployment: { ...deployment, processWeights: s.counts.map((n) => n / clients) },
          app,
          machine,
          load,
          requests,
          seed: 1 + i,
        });
        return { x: sim.throughputPerSec, r: sim.meanResponseTimeSec.mean, p: s.probability };
      });
      const simX = weightedQuantiles(simulated.map((s) => ({ value: s.x, probability: s.p })));
      const simR = weightedQuantiles(simulated.map((s) => ({ value: s.r, probability: s.p })));
      const line = [];
      for (const q of /** @type {const} */ (["p10", "p50", "p90"])) {
        const ex = model.throughputPerSec[q] / simX[q] - 1;
        const er = model.meanResponseTimeSec[q] / simR[q] - 1;
        errors.x.push(Math.abs(ex));
        errors.r.push(Math.abs(er));
        line.push(
          `${q} X ${model.throughputPerSec[q].toFixed(0)}/${simX[q].toFixed(0)} R ${(1000 * model.meanResponseTimeSec[q]).toFixed(1)}/${(1000 * simR[q]).toFixed(1)} ms`,
        );
      }
      console.log(
        `${name.padEnd(14)} c=${String(clients).padStart(2)} A=${String(affinity).padEnd(4)} ${draws.length} splits  ${line.join("  ")}  (model/sim)`,
      );
    }
  }
}
/** @param {number[]} xs */
const summary = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${pct(s[Math.floor(s.length / 2)] ?? NaN)}  p90 ${pct(s[Math.floor(0.9 * s.length)] ?? NaN)}  max ${pct(s[s.length - 1] ?? NaN)}`;
};
console.log(
  `\n${errors.x.length / 3} cases × p10, p50, p90; ${requests} simulated requests per split`,
);
console.log(`throughput (rel)   ${summary(errors.x)}`);
console.log(`mean response (rel) ${summary(errors.r)}`);
