// keepAliveLimit's chain against simulateKeepAlive (a deterministic keep-alive timer, connections
// dealt to workers at random): the 503 share over a grid of clients, timeouts and workers, each
// simulated for 20,000 think times. The gaps test/sim/simulateKeepAlive.test.ts allows come from
// this table (docs/queueing.md, "Idle keep-alive connections against uvicorn's limit").
//
//   npm run build && node scripts/measure-keepalive.mjs
import { keepAliveLimit, simulateKeepAlive } from "../dist/index.js";

const rows = [];
for (const workers of [1, 2, 4]) {
  for (const perWorker of [8, 10, 12, 16]) {
    for (const keepAliveTimeoutSec of [0, 0.2, 0.5, 1, 5]) {
      const c = {
        clients: perWorker * workers,
        thinkTimeSec: 0.5,
        serviceTimeSec: 0.1,
        limitConcurrency: 9,
        keepAliveTimeoutSec,
        workers,
      };
      const model = keepAliveLimit(c).refusedShare;
      const sim = simulateKeepAlive({ ...c, durationSec: 10_000, seed: 11 }).refusedShare;
      rows.push({ ...c, model, sim: sim.mean, half: sim.high - sim.mean });
    }
  }
}
console.log(
  "| workers | clients | --timeout-keep-alive | 503 share: chain | simulation (± 95 %) | gap |",
);
console.log("| --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  const gap = r.model - r.sim;
  console.log(
    `| ${r.workers} | ${r.clients} | ${r.keepAliveTimeoutSec} | ${r.model.toFixed(4)} | ${r.sim.toFixed(4)} ± ${r.half.toFixed(4)} | ${gap >= 0 ? "+" : ""}${gap.toFixed(4)} |`,
  );
}
for (const w of [1, 2, 4]) {
  const gaps = rows.filter((r) => r.workers === w).map((r) => Math.abs(r.model - r.sim));
  console.log(`\nworkers ${w}: largest gap ${Math.max(...gaps).toFixed(4)}`);
}
