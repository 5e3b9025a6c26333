// npm run bench:r: pywebperf against R's `queueing` package, side by side on this machine. Each
// job runs in R and in Node alternately, ROUNDS times (default 7), a batch of calls at a time;
// the table shows the median time per call of each and how many times faster pywebperf is.
// R is optional: without `Rscript` (or RSCRIPT=path) or the package (R_LIBS=its library) the
// script says so and prints pywebperf's figures alone.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { closedNetwork, erlangB, erlangC, mmc } from "../dist/index.js";

const rounds = Number(process.env.ROUNDS ?? 7);
const tenStations = Array.from({ length: 10 }, (_, i) => ({
  name: `s${i}`,
  serviceTimeSec: 0.001 * (1 + i),
  visits: 1 + (i % 3),
}));
/** @type {import("../dist/index.js").ClosedNetworkInput} */
const network = { stations: tenStations, population: 10_000, thinkTimeSec: 1, method: "exact" };
/** @param {{ throughputPerSec: number }[]} curve */
const sumCurve = (curve) => {
  let s = 0;
  for (const p of curve) s += p.throughputPerSec;
  return s;
};

// name (as in compare-r.R), label, calls per batch in R and in Node, pywebperf's call.
/** @type {[name: string, label: string, rReps: number, ourReps: number, fn: () => number][]} */
const jobs = [
  ["erlangC_10", "erlangC(10, 8)", 20_000, 200_000, () => erlangC(10, 8)],
  ["erlangC_1000", "erlangC(1000, 950)", 20_000, 50_000, () => erlangC(1000, 950)],
  ["erlangC_1e5", "erlangC(1e5, 99000)", 20_000, 20_000, () => erlangC(1e5, 99_000)],
  ["erlangC_1e6", "erlangC(1e6, 999000)", 20_000, 20_000, () => erlangC(1e6, 999_000)],
  ["erlangC_1e6_rho1", "erlangC(1e6, 999999.999)", 20_000, 20_000, () => erlangC(1e6, 999_999.999)],
  ["erlangB_1e6_over", "erlangB(1e6, 1001000)", 20_000, 20_000, () => erlangB(1e6, 1_001_000)],
  [
    "mmc_full",
    "mmc full result, c = 48, a = 40",
    2000,
    100_000,
    () => mmc({ arrivalRatePerSec: 40, serviceTimeSec: 1, servers: 48 }).meanResponseTimeSec,
  ],
  [
    "mva_all",
    "exact MVA, 10 stations, N = 10,000, every population",
    1,
    10,
    () => {
      const q = closedNetwork(network);
      return q.throughputPerSec + 0 * sumCurve(q.byPopulation);
    },
  ],
  [
    "mva_final",
    "exact MVA, 10 stations, N = 10,000, final population",
    1,
    20,
    () => closedNetwork(network).throughputPerSec,
  ],
];

/**
 * @param {number} reps
 * @param {() => number} fn
 */
function timeOurs(reps, fn) {
  let value = fn(); // warm-up
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < reps; r++) value = fn();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9 / reps, value };
}

/** Starts compare-r.R; resolves to a function that runs one job in R, or to a reason why not. */
async function startR() {
  const rscript = process.env.RSCRIPT ?? "Rscript";
  const script = fileURLToPath(new URL("./compare-r.R", import.meta.url));
  const child = spawn(rscript, ["--vanilla", script], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const failed = new Promise((resolve) => child.on("error", (e) => resolve(e)));
  const first = await Promise.race([lines.next(), failed]);
  if (first instanceof Error) {
    return `${rscript} not found (${/** @type {NodeJS.ErrnoException} */ (first).code ?? first.message})`;
  }
  if (first.done || !first.value.startsWith("ready")) {
    child.stdin.end();
    return "R's queueing package is not installed (set R_LIBS to the library that holds it)";
  }
  const version = first.value.slice("ready ".length);
  return {
    version,
    /**
     * @param {string} name
     * @param {number} reps
     */
    async run(name, reps) {
      child.stdin.write(`${name} ${reps}\n`);
      const { value: line } = await lines.next();
      const [seconds, value] = line.split(" ").map(Number);
      return { seconds, value };
    },
    stop: () => child.stdin.end("quit\n"),
  };
}

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const at = (/** @type {number} */ i) => /** @type {number} */ (s[i]);
  return s.length % 2 ? at(m) : (at(m - 1) + at(m)) / 2;
};
/** @param {number} sec */
const show = (sec) =>
  sec >= 1
    ? `${sec.toPrecision(3)} s`
    : sec >= 1e-3
      ? `${(sec * 1e3).toPrecision(3)} ms`
      : `${(sec * 1e6).toPrecision(3)} µs`;

const r = await startR();
const haveR = typeof r === "object";
console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}; ` +
    (haveR ? r.version : `R skipped: ${r}`) +
    `; ${rounds} interleaved rounds, medians per call`,
);
/** @type {{ r: number[]; ours: number[]; rValue: number; ourValue: number }[]} */
const times = jobs.map(() => ({ r: [], ours: [], rValue: NaN, ourValue: NaN }));
for (let round = 0; round < rounds; round++) {
  for (const [i, [name, , rReps, ourReps, fn]] of jobs.entries()) {
    const t = /** @type {(typeof times)[number]} */ (times[i]);
    const ours = () => {
      const { seconds, value } = timeOurs(ourReps, fn);
      t.ours.push(seconds);
      t.ourValue = value;
    };
    // Alternate which side goes first, so neither always runs on a warmer machine.
    if (round % 2 === 1) ours();
    if (haveR) {
      const { seconds, value } = await r.run(name, rReps);
      t.r.push(seconds);
      t.rValue = value;
    }
    if (round % 2 === 0) ours();
  }
}
if (haveR) r.stop();

const header = ["job", "R queueing", "pywebperf", "ratio", "same value"];
const rows = jobs.map(([, label], i) => {
  const t = /** @type {(typeof times)[number]} */ (times[i]);
  const ours = median(t.ours);
  if (!haveR) return [label, "—", show(ours), "—", "—"];
  const theirs = median(t.r);
  const rel = Math.abs(t.ourValue - t.rValue) / Math.abs(t.ourValue);
  return [
    label,
    show(theirs),
    show(ours),
    `${(theirs / ours).toFixed(theirs / ours < 10 ? 1 : 0)}×`,
    rel < 1e-9 ? "yes" : `rel. diff ${rel.toExponential(1)}`,
  ];
});
const widths = header.map((h, j) =>
  Math.max(h.length, ...rows.map((row) => /** @type {string} */ (row[j]).length)),
);
/** @param {string[]} cells */
const line = (cells) =>
  `| ${cells.map((c, j) => c.padEnd(/** @type {number} */ (widths[j]))).join(" | ")} |`;
console.log(line(header));
console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
for (const row of rows) console.log(line(row));
if (haveR) {
  console.log(
    "R's exact MVA (QueueingModel of NewInput3.CJN) always solves every population and returns " +
      "the throughput curve: both MVA rows time that same R call.",
  );
}
