// node scripts/measure-overload.mjs (after npm run build): measures the models past capacity
// (issue 20) against simulateOverload — finiteBacklog (exact, so the gaps should sit within the
// simulation's interval), retryFixedPoints (an approximation: the retries are not a Poisson
// stream) and spikeTransient (a fluid approximation) — and prints the tables that
// docs/queueing.md quotes. Seeded: the output is the same on every run.
import {
  finiteBacklog,
  retryFixedPoints,
  simulateOverload,
  spikePhases,
  spikeTransient,
} from "../dist/index.js";
import { calmAndSpiked, replaySpike } from "../dist/sim/overloadExperiments.js";

const S = 0.1;
/** @typedef {{ mean: number; low: number; high: number }} Estimate */
/** @param {number} x @param {number} [d] */
const fmt = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
/** @param {Estimate} e */
const half = (e) => (e.high - e.low) / 2;
/** @param {number[]} xs */
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** @param {number[]} xs */
const sd = (xs) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

// 1. finiteBacklog: the shares and goodput against 4000 s of simulation (the first 200 s left
//    out), in units of the simulation's 95 % half-width.
console.log("## finiteBacklog against simulateOverload (4000 s, seed 7)\n");
console.log(
  "| c | load | backlog | clients | failed share: model | sim ± half | goodput: model | sim ± half | worst gap / half |",
);
console.log("| - | - | - | - | - | - | - | - | - |");
let worstBacklog = 0;
for (const servers of [4, 16]) {
  for (const load of [0.9, 1.5, 3]) {
    for (const backlog of [10, 101]) {
      for (const clients of [{}, { patienceSec: 2 }, { clientTimeoutSec: 1 }]) {
        const lambda = (load * servers) / S;
        const station = { serviceTimeSec: S, servers, backlog, ...clients };
        const model = finiteBacklog({ ...station, arrivalRatePerSec: lambda });
        const sim = simulateOverload({
          ...station,
          phases: [{ durationSec: 4000, arrivalRatePerSec: lambda }],
          warmUpSec: 200,
          seed: 7,
        });
        /** @type {[number, Estimate][]} */
        const pairs = [
          [model.failedShare, sim.failedShare],
          [model.goodputPerSec, sim.goodputPerSec],
          [model.refusedShare, sim.shares.refused],
        ];
        const gaps = pairs.map(([m, e]) => {
          // With no event seen the interval is 0 wide: the rule of three bounds the share by
          // 3/n at 95 %, so that is the least half-width counted.
          const floor = m <= 1 ? 3 / sim.counts.attempts : 0;
          return Math.abs(e.mean - m) / Math.max(half(e), floor, 1e-12);
        });
        const worst = Math.max(...gaps);
        worstBacklog = Math.max(worstBacklog, worst);
        const who =
          "patienceSec" in clients
            ? "patience 2 s"
            : "clientTimeoutSec" in clients
              ? "timeout 1 s"
              : "—";
        console.log(
          `| ${servers} | ${load}× | ${backlog} | ${who} | ${fmt(model.failedShare, 4)} | ${fmt(sim.failedShare.mean, 4)} ± ${fmt(half(sim.failedShare), 4)} | ${fmt(model.goodputPerSec, 2)} | ${fmt(sim.goodputPerSec.mean, 2)} ± ${fmt(half(sim.goodputPerSec), 2)} | ${fmt(worst, 2)} |`,
        );
      }
    }
  }
}
console.log(`\nWorst gap: ${fmt(worstBacklog, 2)} half-widths.\n`);

// 2. retryFixedPoints: the good point against a calm run (1000 s at λ₀, the first 100 s left
//    out), the bad one against a run tipped by a 3× spike for 30 s (measured from 300 s).
console.log(
  "## retryFixedPoints against simulateOverload (retries 1, 2, 4 s after a failure; seed 3)\n",
);
console.log("| station | λ₀ | good: model | sim | bad: model | sim | bad goodput: model | sim |");
console.log("| - | - | - | - | - | - | - | - |");
/** @type {[{ servers: number; backlog: number; clientTimeoutSec: number; maxRetries: number; retryProbability?: number }, number, string][]} */
const stations = [
  [
    { servers: 4, backlog: 2049, clientTimeoutSec: 5, maxRetries: 3 },
    30,
    "4 workers, backlog 2049, timeout 5 s, 3 retries",
  ],
  [
    { servers: 4, backlog: 101, clientTimeoutSec: 2, maxRetries: 3 },
    30,
    "4 workers, backlog 101, timeout 2 s, 3 retries",
  ],
  [
    { servers: 8, backlog: 129, clientTimeoutSec: 1, maxRetries: 2, retryProbability: 0.8 },
    60,
    "8 workers, backlog 129, timeout 1 s, 2 retries at 80 %",
  ],
  [
    { servers: 16, backlog: 500, clientTimeoutSec: 2, maxRetries: 2 },
    120,
    "16 workers, backlog 500, timeout 2 s, 2 retries",
  ],
];
let worstRetry = 0;
for (const [st, base, label] of stations) {
  const station = { serviceTimeSec: S, ...st };
  const model = retryFixedPoints({ ...station, newRequestRatePerSec: base });
  const { calm, spiked } = calmAndSpiked(station, base);
  worstRetry = Math.max(
    worstRetry,
    Math.abs(calm.attemptRatePerSec.mean / model.good.attemptRatePerSec - 1),
    Math.abs(spiked.attemptRatePerSec.mean / model.bad.attemptRatePerSec - 1),
  );
  console.log(
    `| ${label} | ${base} | ${fmt(model.good.attemptRatePerSec, 1)} | ${fmt(calm.attemptRatePerSec.mean, 1)} ± ${fmt(half(calm.attemptRatePerSec), 1)} | ${fmt(model.bad.attemptRatePerSec, 1)} | ${fmt(spiked.attemptRatePerSec.mean, 1)} ± ${fmt(half(spiked.attemptRatePerSec), 1)} | ${fmt(model.bad.goodputPerSec, 3)} | ${fmt(spiked.goodputPerSec.mean, 3)} |`,
  );
}
console.log(`\nWorst attempt-rate gap: ${fmt(100 * worstRetry, 1)} %.\n`);

// 3. spikeTransient: the fluid against 10 replications (seeds 1–10), counted from the spike.
console.log("## spikeTransient against 10 replications of simulateOverload\n");
console.log(
  "| c | λ | spike | backlog | timeout | refused: fluid | sim | late: fluid | sim | recovery (s): fluid | sim |",
);
console.log("| - | - | - | - | - | - | - | - | - | - | - |");
/** @type {[number, number, number, number, number, number][]} c, λ, h, L, backlog, timeout */
const spikes = [
  [8, 60, 3, 30, 2049, 10],
  [8, 60, 2, 60, 101, 2],
  [4, 30, 5, 20, 129, 5],
  [16, 120, 1.5, 120, 2049, 30],
  [16, 140, 2, 60, 4097, 20],
];
for (const [c, lambda, h, L, backlog, d] of spikes) {
  const station = { serviceTimeSec: S, servers: c, backlog, clientTimeoutSec: d };
  const fluid = spikeTransient({
    ...station,
    arrivalRatePerSec: lambda,
    spikeFactor: h,
    spikeDurationSec: L,
  });
  const spike = { arrivalRatePerSec: lambda, spikeFactor: h, spikeDurationSec: L };
  const runs = replaySpike(
    station,
    spike,
    fluid.recoverySec + 100,
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  ).map((r) => [r.counts.refused, r.counts.timedOut, r.recoverySec]);
  /** @param {number} i */
  const col = (i) => runs.map((r) => r[i] ?? 0);
  /** @param {number} i @param {number} dp */
  const show = (i, dp) =>
    `${fmt(mean(col(i)), dp)} ± ${fmt((2.262 * sd(col(i))) / Math.sqrt(10), dp)}`;
  console.log(
    `| ${c} | ${lambda} | ${h}× for ${L} s | ${backlog} | ${d} s | ${fmt(fluid.refused, 0)} | ${show(0, 0)} | ${fmt(fluid.timedOut, 0)} | ${show(1, 0)} | ${fmt(fluid.recoverySec, 1)} | ${show(2, 1)} |`,
  );
}

// 4. How long a spike must last to tip a retrying station over: spikes of 0.25–3 times
//    spikeTransient's lateFromSec, 5 seeds each; a run is stuck when the last 100 s of the 500
//    after the spike serve under half the new requests.
console.log("\n## A spike's length against spikeTransient's lateFromSec (runs stuck of 5)\n");
const multiples = [0.25, 0.5, 0.75, 1, 1.5, 2, 3];
console.log(
  `| station | λ₀ | spike | lateFromSec | ${multiples.map((f) => `${f}×`).join(" | ")} |`,
);
console.log(`| - | - | - | - | ${multiples.map(() => "-").join(" | ")} |`);
/** @type {[number, number][]} which station of `stations`, and the spike's height */
const tipping = [
  [0, 3],
  [2, 3],
  [3, 2],
];
for (const [which, h] of tipping) {
  const [st, base, label] = stations[which] ?? stations[0] ?? [];
  if (st === undefined || base === undefined) continue;
  const { maxRetries: _r, retryProbability: _p, ...queue } = st;
  const fluid = spikeTransient({
    ...queue,
    serviceTimeSec: S,
    arrivalRatePerSec: base,
    spikeFactor: h,
    spikeDurationSec: 1,
  });
  const stuck = multiples.map((f) => {
    let n = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const sim = simulateOverload({
        ...st,
        serviceTimeSec: S,
        retryDelaySec: 1,
        seed,
        binSec: 10,
        phases: spikePhases({
          arrivalRatePerSec: base,
          spikeFactor: h,
          spikeDurationSec: f * fluid.lateFromSec,
          beforeSec: 100,
          afterSec: 500,
        }),
      });
      const served = sim.series.completions
        .slice(-10)
        .reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0);
      if (served < 0.5 * base * 100) n++;
    }
    return n;
  });
  console.log(
    `| ${label} | ${base} | ${h}× | ${fmt(fluid.lateFromSec, 2)} | ${stuck.join(" | ")} |`,
  );
}
