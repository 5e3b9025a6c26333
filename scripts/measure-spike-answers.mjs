// node scripts/measure-spike-answers.mjs (after npm run build): measures evaluateDeployment's
// answers past capacity (`overload`) against simulateOverload run on the station the answer
// names — the spike's refusals, late responses and recovery against 10 replications, and the
// share gunicorn's worker --timeout kills against a steady run — and prints the table that
// docs/queueing.md quotes and test/deploy/overloadAnswer.test.ts takes its tolerances from.
// Seeded: the output is the same on every run.
import { evaluateDeployment, GiB } from "../dist/index.js";
import { replaySpike, steadyRun } from "../dist/sim/overloadExperiments.js";

/** @param {number} x @param {number} [d] */
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
/** @param {number[]} xs */
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** @param {number[]} xs */
const sd = (xs) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
/** 95 % half-width of 10 replications (t quantile 2.262). @param {number[]} xs */
const half = (xs) => (2.262 * sd(xs)) / Math.sqrt(xs.length);

const app = { cpuTimeSec: 0.1, ioTimeSec: 0 };
const machine = { cores: 16, memoryBytes: GiB(32) };
/** @type {[string, import("../dist/index.js").AnyDeploymentInput, number, { factor: number; durationSec: number }, number | undefined][]} */
const cases = [
  ["gunicorn -w 4", { server: "gunicorn", workers: 4 }, 30, { factor: 5, durationSec: 30 }, 5],
  [
    "gunicorn -w 8 --backlog 64",
    { server: "gunicorn", workers: 8, backlog: 64 },
    60,
    { factor: 2, durationSec: 60 },
    2,
  ],
  ["uwsgi --processes 4", { server: "uwsgi", processes: 4 }, 30, { factor: 3, durationSec: 30 }, 5],
  [
    "uvicorn --limit-concurrency 8, 2 workers",
    { server: "uvicorn", workers: 2, limitConcurrency: 8 },
    15,
    { factor: 5, durationSec: 20 },
    undefined,
  ],
];

console.log("## evaluateDeployment's spike answer against 10 replications of simulateOverload\n");
console.log(
  "| deployment | λ | spike | timeout | refused: answer | sim | late: answer | sim | recovery (s): answer | sim |",
);
console.log("| - | - | - | - | - | - | - | - | - | - |");
let worstRecovery = 0;
for (const [label, deployment, rate, spike, timeout] of cases) {
  const e = evaluateDeployment({
    deployment,
    app,
    machine,
    load: { arrivalRatePerSec: rate },
    overload: { spike, ...(timeout === undefined ? {} : { clientTimeoutSec: timeout }) },
  });
  const o = e.overload;
  const a = o?.spike;
  if (o === undefined || a === undefined) throw new Error(`no spike answer for ${label}`);
  const st = o.station;
  const station = {
    serviceTimeSec: st.serviceTimeSec,
    servers: st.servers,
    backlog: st.backlog,
    ...(st.concurrencyLimit === undefined ? {} : { concurrencyLimit: st.concurrencyLimit }),
    ...(timeout === undefined ? {} : { clientTimeoutSec: timeout }),
  };
  const runs = replaySpike(
    station,
    { arrivalRatePerSec: rate, spikeFactor: spike.factor, spikeDurationSec: spike.durationSec },
    a.recoverySec + 100,
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  const refused = runs.map((r) => r.counts.refused + r.counts.shed);
  const late = runs.map((r) => r.counts.timedOut);
  const recovery = runs.map((r) => r.recoverySec);
  worstRecovery = Math.max(worstRecovery, Math.abs(mean(recovery) / a.recoverySec - 1));
  console.log(
    `| ${label} | ${rate} | ${spike.factor}× for ${spike.durationSec} s | ${timeout ?? "—"} | ${fmt(a.refused, 0)} | ${fmt(mean(refused), 0)} ± ${fmt(half(refused), 0)} | ${fmt(a.timedOut, 0)} | ${fmt(mean(late), 0)} ± ${fmt(half(late), 0)} | ${fmt(a.recoverySec)} | ${fmt(mean(recovery))} ± ${fmt(half(recovery))} |`,
  );
}
console.log(`\nWorst recovery gap: ${fmt(100 * worstRecovery)} %.\n`);

// gunicorn's worker --timeout: the answer's killed share e^(−T/h)·h·(1 − e^(−1/h)) of the served
// (killed at the arbiter's first look, 0–1 s after T) against a
// steady run (4000 s, the first 200 s left out) at 70 % and 150 % of the capacity.
console.log("## The killed share of gunicorn --timeout 1 with a 0.5 s hold (4 sync workers)\n");
console.log("| load | killed: answer | sim ± half | goodput: answer | sim ± half |");
console.log("| - | - | - | - | - |");
for (const load of [0.7, 1.5]) {
  const rate = (load * 4) / 0.5;
  const e = evaluateDeployment({
    deployment: { server: "gunicorn", workers: 4, timeout: 1 },
    app: { cpuTimeSec: 0.5, ioTimeSec: 0 },
    machine,
    load: { arrivalRatePerSec: rate },
    overload: {},
  });
  const o = e.overload;
  if (o === undefined) throw new Error("no overload answer");
  const st = o.station;
  // The hold itself: the station's service time is the hold cut at the timeout.
  const hold = {
    serviceTimeSec: st.servers / e.capacityPerSec,
    workerTimeoutSec: 1,
    workerTimeoutCheckSec: st.workerTimeoutCheckSec,
  };
  const sim = steadyRun({ ...hold, servers: st.servers, backlog: st.backlog }, rate);
  /** @param {{ low: number; high: number }} x */
  const h = (x) => (x.high - x.low) / 2;
  console.log(
    `| ${load}× | ${fmt(o.steady.killedShare, 4)} | ${fmt(sim.shares.killed.mean, 4)} ± ${fmt(h(sim.shares.killed), 4)} | ${fmt(o.steady.goodputPerSec, 2)} | ${fmt(sim.goodputPerSec.mean, 2)} ± ${fmt(h(sim.goodputPerSec), 2)} |`,
  );
}
