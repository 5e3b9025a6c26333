// The dispatch lab's report (docs/dispatch-accuracy.md): how keep-alive connections landed on the
// workers in the lab (data/dispatch-2026-12-03.jsonl, `npm run lab:dispatch`), the Pólya urn's
// affinity and the accept race fitted per way of accepting, the largest worker's share against
// each one's law, and each run's throughput against the spread evaluateDeployment predicts with
// the race fitted to the other data set's runs. Every number of the page
// is printed here; the page is this script's output and is not edited by hand.
//
//   npm run build && node scripts/dispatch-report.mjs [data.jsonl …] > docs/dispatch-accuracy.md
//
// Several data sets are read as one (the urn does not depend on the workload); the throughput
// check is also summed up per workload.
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "simple-statistics";
import { labDeployment } from "../dist/fit/labDeployment.js";
import { largestCountCdf, splitLogProbability } from "../dist/dispatch/connectionSplit.js";
import { evaluateDeployment } from "../dist/index.js";
import { fitRace, largestBounds, largestLogLikelihood } from "./dispatch-fit.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [join(root, "data", "dispatch-2026-12-03.jsonl")];

/**
 * @typedef {{ kind: string; processes: number; threads: number; reusePort?: boolean }} Server
 * @typedef {{ server: Server; connections: number; repetition: number; spoiled: boolean;
 *   throughputPerSec: number; workerCpuSecPerRequest: number; connectionsPerWorker: Record<string, number>;
 *   workload: { name: string; cpuTimeSec: number; ioTimeSec: number; bursts: number; dist: string } }} Run
 */
/** @type {Run[]} */
const runs = files.flatMap((f) =>
  readFileSync(f, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l)),
);
const workloadNames = [...new Set(runs.map((r) => r.workload.name))];

/**
 * How a run's workers accept: gunicorn's --reuse-port sets SO_REUSEPORT on the one socket the
 * arbiter shares with every worker, so it accepts as without it.
 * @param {Server} s
 */
const style = (s) => s.kind;
/** @param {Run} r */
const counts = (r) => {
  const c = Object.values(r.connectionsPerWorker).sort((a, b) => b - a);
  while (c.length < r.server.processes) c.push(0);
  return c;
};
// nginx without upstream keep-alive opens a connection per request: nothing stays with a worker.
const pinned = runs.filter((r) => !r.server.kind.startsWith("nginx+"));
const styles = [...new Set(pinned.map((r) => style(r.server)))];

/** Affinities tried: 0.05 … 200 on a log grid, and Infinity (an even hash). */
const GRID = [...Array.from({ length: 161 }, (_, i) => 0.05 * 10 ** (i / 40)), Infinity];
/**
 * The maximum-likelihood total affinity A (a = A ÷ W per worker) of a set of splits.
 * @param {number[][]} splits
 */
function fitAffinity(splits) {
  let best = GRID[0] ?? 1;
  let bestLog = -Infinity;
  for (const A of GRID) {
    const log = splits.reduce((s, c) => s + splitLogProbability(c, A / c.length), 0);
    if (log > bestLog) [best, bestLog] = [A, log];
  }
  return { affinity: best, logLikelihood: bestLog };
}

/** @param {number} x */
const fmt = (x) => (x === Infinity ? "∞" : x >= 10 ? x.toFixed(0) : x.toPrecision(2));
/** @param {number} x */
const pct = (x) => `${(100 * x).toFixed(0)} %`;

const out = [];
out.push("---", "title: Background — uneven dispatch, measured", "group: Guides", "---", "");
out.push("# Uneven dispatch, measured");
out.push("");
out.push(
  `How the kernel spread wrk's keep-alive connections over the workers in the lab, and how well the accept race and the Pólya urn alone (docs/servers.md, “How connections land on the workers”) and the spread of \`evaluateDeployment\` predict it. Data: ${files.map((f) => `\`${relative(root, f)}\``).join(" and ")} (${runs.length} runs of the ${workloadNames.map((w) => `\`${w}\``).join(" and ")} workload; made by \`npm run lab:dispatch\`${workloadNames.length > 1 ? " and its `--grid dispatch-exp`" : ""}, described in \`data/README.md\`). This page is the output of \`node scripts/dispatch-report.mjs\`.`,
);
out.push("");
out.push("## The urn fitted per way of accepting");
out.push("");
out.push(
  "Each new connection goes to worker k with probability (nₖ + a) ÷ (n + W·a), a = A ÷ W: A is the weight of all idle workers together. The table gives A fitted by maximum likelihood to every run's split (nginx without upstream keep-alive left out: it opens a connection per request), and how much likelier the splits are under it than under an even hash (A = ∞).",
);
out.push("");
out.push("| server | runs | A fitted | log-likelihood | even hash | ratio |");
out.push("| --- | --- | --- | --- | --- | --- |");
/** @type {Map<string, number>} */
const fitted = new Map();
for (const s of styles) {
  const splits = pinned.filter((r) => style(r.server) === s).map(counts);
  const f = fitAffinity(splits);
  const even = splits.reduce((sum, c) => sum + splitLogProbability(c, Infinity), 0);
  fitted.set(s, f.affinity);
  out.push(
    `| ${s} | ${splits.length} | ${fmt(f.affinity)} | ${f.logLikelihood.toFixed(1)} | ${even.toFixed(1)} | e^${(f.logLikelihood - even).toFixed(0)} |`,
  );
}
out.push("");

// The accept race per way of accepting: on all runs (the library's values, src/dispatch/labRaces.ts)
// and on each data set's runs alone, to predict the other's (the runs of a workload are predicted
// by the race fitted without them).
/** @param {Run} r */
const observed = (r) => {
  const c = counts(r);
  return { workers: c.length, connections: c.reduce((a, b) => a + b, 0), largest: c[0] ?? 0 };
};
/** @type {Map<string, import("../dist/dispatch/acceptRace.js").AcceptRace>} */
const raceOf = new Map();
/** @type {Map<Run, import("../dist/dispatch/acceptRace.js").AcceptRace>} */
const heldOutRace = new Map();
out.push("## The accept race fitted per way of accepting");
out.push("");
out.push(
  "The accept race (docs/servers.md, “How connections land on the workers”): with probability π the first worker awake takes the whole burst; otherwise it takes a run of 1 + G connections, G geometric with mean h, and each later connection goes to the worker holding the fewest with probability b, else to the urn with affinity A (counting the run). Fitted by maximum likelihood to the busiest worker's count of every run (the law from 2000 draws of the race per size); the log-likelihoods of the same counts under the race and under the urn alone (A above) compare them.",
);
out.push("");
out.push("| server | runs | π | h | A | b | log-likelihood race | urn |");
out.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const s of styles) {
  const mine = pinned.filter((r) => style(r.server) === s);
  const f = fitRace(mine.map(observed));
  raceOf.set(s, f.race);
  const urnLog = largestLogLikelihood(
    { takeAllProbability: 0, headStartConnections: 0, affinity: fitted.get(s) ?? 1, balance: 0 },
    mine.map(observed),
  );
  const { takeAllProbability: p, headStartConnections: h, affinity: A, balance: b } = f.race;
  out.push(
    `| ${s} | ${mine.length} | ${p} | ${h} | ${fmt(A)} | ${b} | ${f.logLikelihood.toFixed(1)} | ${urnLog.toFixed(1)} |`,
  );
  for (const w of workloadNames) {
    const others = mine.filter((r) => r.workload.name !== w);
    if (others.length === 0) continue;
    const race = fitRace(others.map(observed)).race;
    for (const r of mine) if (r.workload.name === w) heldOutRace.set(r, race);
  }
}
out.push("");

// The largest worker's share: each run's probability integral transform under the race fitted
// to the other data set's runs, and under the urn fitted without that run (leave one out),
// randomized over the tie at the observed count by its midpoint.
out.push("## The largest worker's share against the race and the urn");
out.push("");
out.push(
  "For each run, the race fitted to the other data set's runs of its server, and the urn fitted to the other runs of its server (leave one out), give the law of the busiest worker's connections (the race's from 2000 draws; the urn's exact, `largestCountCdf`). If a law is right, the runs' positions in it (the midpoint of P(largest < observed) and P(largest ≤ observed)) are uniform on (0, 1): the table counts the race's positions in fifths and gives the Kolmogorov–Smirnov distance from the uniform law of both; below the 5 % critical value the law is not rejected.",
);
out.push("");
out.push(
  "| server | runs | 0–0.2 | 0.2–0.4 | 0.4–0.6 | 0.6–0.8 | 0.8–1 | KS race | KS urn | 5 % critical |",
);
out.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
/** @param {number[]} pit */
const ksDistance = (pit) => {
  const sorted = [...pit].sort((a, b) => a - b);
  return Math.max(
    ...sorted.map((u, i) => Math.max((i + 1) / sorted.length - u, u - i / sorted.length)),
  );
};
/** @type {{ server: string; ks: number; critical: number }[]} */
const ksRows = [];
for (const s of styles) {
  const mine = pinned.filter((r) => style(r.server) === s);
  const urnPit = mine.map((r) => {
    const others = mine.filter((o) => o !== r).map(counts);
    const A = fitAffinity(others).affinity;
    const W = r.server.processes;
    const c = counts(r);
    const total = c.reduce((a, b) => a + b, 0);
    const cdf = largestCountCdf(W, total, A / W);
    const m = c[0] ?? 0;
    return ((m > 0 ? (cdf[m - 1] ?? 0) : 0) + (cdf[m] ?? 1)) / 2;
  });
  const racePit = mine.map((r) => {
    const race = heldOutRace.get(r) ?? raceOf.get(s);
    if (race === undefined) return 0.5;
    const [b] = largestBounds(race, [observed(r)]);
    return b === undefined ? 0.5 : (b.below + b.upTo) / 2;
  });
  const bins = [0, 0, 0, 0, 0];
  for (const u of racePit) {
    const k = Math.min(4, Math.floor(u * 5));
    bins[k] = (bins[k] ?? 0) + 1;
  }
  const critical = 1.36 / Math.sqrt(racePit.length);
  const ks = ksDistance(racePit);
  ksRows.push({ server: s, ks, critical });
  out.push(
    `| ${s} | ${racePit.length} | ${bins.join(" | ")} | ${ks.toFixed(2)} | ${ksDistance(urnPit).toFixed(2)} | ${critical.toFixed(2)} |`,
  );
}
out.push("");

// Throughput: each run predicted with its own CPU per request (the dispatch question alone) and
// its server's race fitted to the other data set.
out.push("## Throughput inside the predicted range");
out.push("");
out.push(
  "Each run is predicted by `evaluateDeployment` with the accept race fitted to the other data set's runs of its server, the workload's I/O and bursts, and the CPU per request the run's workers used (so that the question is the dispatch alone; wrk's and nginx's own CPU on the same two cores is not taken out, which makes the predictions high where the cores are saturated). The spread's 10th–90th percentile range is compared with the measured throughput, and its median with the measured value; the even split (the model without the dispatch spread) is given for comparison. Spoiled runs are left out.",
);
out.push("");
out.push(
  "| server | workload | workers | connections | measured split | measured req/s | p10 | p50 | p90 | inside | p50 error | even split error |",
);
out.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
/**
 * @type {{ r: Run; inside: boolean; error: number; evenError: number; split: number[];
 *   range: { p10: number; p90: number }; atSplit: number }[]}
 */
const rows = [];
for (const r of pinned) {
  if (r.spoiled || !(r.server.processes > 1)) continue;
  const race = heldOutRace.get(r) ?? raceOf.get(style(r.server));
  if (race === undefined) continue;
  const { affinity, ...acceptRace } = race;
  const question = {
    app: {
      cpuTimeSec: r.workerCpuSecPerRequest,
      ioTimeSec: r.workload.ioTimeSec,
      burstsPerRequest: r.workload.bursts,
      // The workload's bursts: fixed lengths, or exponential ones.
      cpuTimeScv: r.workload.dist === "exp" ? 1 : 0,
      ioTimeScv: r.workload.dist === "exp" ? 1 : 0,
      contextSwitchSec: 0,
    },
    machine: { cores: 2, memoryBytes: 64 * 2 ** 30 },
    load: { clients: r.connections, thinkTimeSec: 0 },
  };
  const deployment = { ...labDeployment(r.server), connectionAffinity: affinity, acceptRace };
  const e = evaluateDeployment({ deployment, ...question });
  const spread = e.spread;
  if (!spread) continue;
  // The model at the split the run had: its own error, the dispatch left out.
  const atSplit = evaluateDeployment({
    deployment: { ...labDeployment(r.server), processWeights: counts(r) },
    ...question,
  }).throughputPerSec;
  const x = spread.throughputPerSec;
  const inside = r.throughputPerSec >= x.p10 * 0.999 && r.throughputPerSec <= x.p90 * 1.001;
  const error = x.p50 / r.throughputPerSec - 1;
  const evenError = e.throughputPerSec / r.throughputPerSec - 1;
  rows.push({ r, inside, error, evenError, split: counts(r), range: x, atSplit });
  out.push(
    `| ${r.server.kind} | ${r.workload.name} | ${r.server.processes} | ${r.connections} | ${counts(r).join(":")} | ${r.throughputPerSec.toFixed(0)} | ${x.p10.toFixed(0)} | ${x.p50.toFixed(0)} | ${x.p90.toFixed(0)} | ${inside ? "yes" : "no"} | ${pct(error)} | ${pct(evenError)} |`,
  );
}
out.push("");
const insideShare = rows.filter((x) => x.inside).length / rows.length;
const medianError = median(rows.map((x) => Math.abs(x.error)));
const medianEven = median(rows.map((x) => Math.abs(x.evenError)));
// What nginx with upstream keep-alive does for each server, as the model predicts it with the
// fitted affinities, beside the lab's runs (4 workers, 16 connections).
out.push("## nginx with `keepalive 32` in front, predicted and measured");
out.push("");
out.push(
  "4 workers, 16 wrk connections, the mixed workload with 6 ms of CPU per request: the spread the model predicts with each way's fitted accept race, and the throughput of the three runs of each in the lab (spoiled ones marked *).",
);
out.push("");
out.push("| server | in front | predicted p10 | p50 | p90 | measured |");
out.push("| --- | --- | --- | --- | --- | --- |");
for (const kind of ["gunicorn-gthread", "gunicorn-gevent", "uvicorn"]) {
  for (const front of ["", "nginx-keepalive+"]) {
    const server = {
      kind: `${front}${kind}`,
      processes: 4,
      threads: kind === "gunicorn-gevent" ? 100 : kind === "uvicorn" ? 1 : 4,
    };
    const race = raceOf.get(server.kind);
    if (race === undefined) continue;
    const { affinity, ...acceptRace } = race;
    const e = evaluateDeployment({
      deployment: { ...labDeployment(server), connectionAffinity: affinity, acceptRace },
      app: {
        cpuTimeSec: 0.006,
        ioTimeSec: 0.015,
        burstsPerRequest: 3,
        cpuTimeScv: 0,
        ioTimeScv: 0,
        contextSwitchSec: 0,
      },
      machine: { cores: 2, memoryBytes: 64 * 2 ** 30 },
      load: { clients: 16, thinkTimeSec: 0 },
    });
    const x = e.spread?.throughputPerSec;
    const measured = pinned
      .filter(
        (r) =>
          r.server.kind === server.kind &&
          r.server.processes === 4 &&
          r.connections === 16 &&
          r.workload.name === "mixed",
      )
      .map((r) => `${r.throughputPerSec.toFixed(0)}${r.spoiled ? "*" : ""}`)
      .join(", ");
    out.push(
      `| ${kind} | ${front ? "nginx keepalive 32" : "—"} | ${x?.p10.toFixed(0)} | ${x?.p50.toFixed(0)} | ${x?.p90.toFixed(0)} | ${measured} |`,
    );
  }
}
out.push("");
out.push("## Against the issue's targets");
out.push("");
out.push(
  `- Runs inside the predicted 10th–90th percentile range: ${pct(insideShare)} of ${rows.length} (target ≥ 80 %)${
    workloadNames.length > 1
      ? `; by workload: ${workloadNames
          .map((w) => {
            const mine = rows.filter((x) => x.r.workload.name === w);
            return `\`${w}\` ${pct(mine.filter((x) => x.inside).length / mine.length)} of ${mine.length} (median error ${(100 * median(mine.map((x) => Math.abs(x.error)))).toFixed(1)} %)`;
          })
          .join(", ")}`
      : ""
  }.`,
);
out.push(
  `- Median error of the spread's median: ${(100 * medianError).toFixed(1)} % (target ≤ 10 %); of the even split: ${(100 * medianEven).toFixed(1)} %.`,
);
// The runs where the split mattered: the busiest worker held over 1.5 times its even share.
const uneven = rows.filter((x) => (x.split[0] ?? 0) / x.r.connections > 1.5 / x.r.server.processes);
const worst = (/** @type {number[]} */ xs) => `${(100 * Math.max(...xs)).toFixed(0)} %`;
out.push(
  `- On the ${uneven.length} runs whose busiest worker held more than 1.5 times its even share of the connections: the spread's median is off by ${(100 * median(uneven.map((x) => Math.abs(x.error)))).toFixed(1)} % in the median (at worst ${worst(uneven.map((x) => Math.abs(x.error)))}), the even split by ${(100 * median(uneven.map((x) => Math.abs(x.evenError)))).toFixed(1)} % (at worst ${worst(uneven.map((x) => Math.abs(x.evenError)))}); ${pct(uneven.filter((x) => x.inside).length / uneven.length)} are inside the range.`,
);
out.push(
  `- The busiest worker's share against the race fitted to the other data set: KS distance below the 5 % critical value for ${ksRows.filter((k) => k.ks < k.critical).length} of ${ksRows.length} servers (${ksRows.map((k) => `${k.server} ${k.ks.toFixed(2)} < ${k.critical.toFixed(2)}`.replace("<", k.ks < k.critical ? "<" : "≥")).join(", ")}).`,
);
// The model's own error at the measured split (measured ÷ predicted at that split), and the range
// widened by its 10th and 90th percentiles on the other data set's runs: a prediction's range
// with both the dispatch and the throughput model's own error in it.
/** @param {number[]} xs @param {number} q */
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 1;
};
const ratio = (/** @type {(typeof rows)[number]} */ x) => x.r.throughputPerSec / x.atSplit;
const widenedInside = rows.filter((x) => {
  const others = rows.filter((o) => o.r.workload.name !== x.r.workload.name).map(ratio);
  const [low, high] = others.length > 0 ? [quantile(others, 0.1), quantile(others, 0.9)] : [1, 1];
  const t = x.r.throughputPerSec;
  return (
    t >= x.range.p10 * Math.min(1, low) * 0.999 && t <= x.range.p90 * Math.max(1, high) * 1.001
  );
});
const splitErrors = rows.map((x) => Math.abs(1 / ratio(x) - 1));
out.push(
  `- The model at the split each run had (its shares given, the dispatch left out) is off by ${(100 * median(splitErrors)).toFixed(1)} % in the median and ${(100 * quantile(splitErrors, 0.9)).toFixed(1)} % at the 90th percentile: the throughput model's own error, which a range over the splits alone cannot hold. With the range widened by that error's 10th and 90th percentiles (measured ÷ predicted at the measured split, on the other data set's runs), ${pct(widenedInside.length / rows.length)} of the runs are inside.`,
);
const near = rows.filter((x) => x.inside || Math.abs(x.error) <= 0.05);
out.push(
  `- Inside the range or within 5 % (the lab's noise between repeats) of its median: ${pct(near.length / rows.length)}. Where the split changes little (many connections per worker, the cores saturated) the range shrinks to a point and the model's own error on the saturated throughput decides.`,
);
out.push("");
process.stdout.write(`${out.join("\n")}\n`);
