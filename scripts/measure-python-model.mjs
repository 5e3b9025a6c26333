// Measures evaluateDeployment against simulatePython (the seeded discrete-event simulation of the
// same mechanics) on a grid of applications, deployments and loads, and prints the relative
// errors of throughput, mean, p50 and p99 response time. Run: npm run build && node scripts/measure-python-model.mjs
// The numbers in docs/python-model.md come from this script.
import { evaluateDeployment, simulateDeployment, GiB } from "../dist/index.js";

const apps = {
  "cpu-bound": { cpuTimeSec: 0.02, ioTimeSec: 0.002 },
  mixed: { cpuTimeSec: 0.01, ioTimeSec: 0.03 },
  "io-bound": { cpuTimeSec: 0.004, ioTimeSec: 0.08 },
};
/** @type {import("../dist/index.js").DeploymentInput[]} */
const deployments = [
  { kind: "prefork", processes: 2 },
  { kind: "prefork", processes: 5 },
  { kind: "threaded", threads: 8 },
  { kind: "daemon", processes: 2, threads: 4, hopTimeSec: 0 },
  { kind: "daemon", processes: 5, threads: 4, hopTimeSec: 0 },
  { kind: "async", processes: 2, concurrency: 50 },
  { kind: "daemon", processes: 2, threads: 4, gil: "free-threaded", hopTimeSec: 0 },
  { kind: "daemon", processes: 4, threads: 2, hopTimeSec: 0, dispatch: "pinned" },
];
const shapes = [
  { label: "exp", burstsPerRequest: 1, cpuTimeScv: 1, ioTimeScv: 1 },
  { label: "fixed", burstsPerRequest: 1, cpuTimeScv: 0, ioTimeScv: 0 },
  { label: "3 bursts", burstsPerRequest: 3, cpuTimeScv: 1, ioTimeScv: 1 },
];
const cores = 2;
const requests = Number(process.env.REQUESTS ?? 60000);

/**
 * @typedef {import("../dist/index.js").SimulateDeploymentInput} SimulateDeploymentInput
 * @param {SimulateDeploymentInput["deployment"]} deployment
 * @param {SimulateDeploymentInput["app"]} app
 * @param {SimulateDeploymentInput["load"]} load
 */
const simulate = (deployment, app, load) =>
  simulateDeployment({
    deployment,
    app,
    machine: { cores, memoryBytes: GiB(16) },
    load,
    requests,
    seed: 7,
  });

/**
 * @typedef {{ app: string; shape: string; deployment: string; load: string; x: number; mean: number; ci: number; p50: number; p99: number }} Row
 * @type {Row[]}
 */
const rows = [];
for (const [appName, base] of Object.entries(apps)) {
  for (const shape of shapes) {
    // The shape's label names the row; the model takes only its times.
    const { label: _label, ...times } = shape;
    const app = { ...base, ...times, freeThreadedSlowdown: 0, contextSwitchSec: 0 };
    for (const d of deployments) {
      const machine = { cores, memoryBytes: GiB(16) };
      const capacity = evaluateDeployment({
        deployment: d,
        app,
        machine,
        load: { arrivalRatePerSec: 1e-9 },
      }).capacityPerSec;
      const loads = [
        { label: "open 50%", load: { arrivalRatePerSec: 0.5 * capacity } },
        { label: "open 80%", load: { arrivalRatePerSec: 0.8 * capacity } },
        { label: "closed N=4", load: { clients: 4, thinkTimeSec: 0 } },
        { label: "closed N=16", load: { clients: 16, thinkTimeSec: 0 } },
        { label: "closed N=16 Z", load: { clients: 16, thinkTimeSec: 0.1 } },
      ];
      for (const { label, load } of loads) {
        const m = evaluateDeployment({ deployment: d, app, machine, load });
        const s = simulate(d, app, load);
        /**
         * @param {number} a
         * @param {number} b
         */
        const err = (a, b) => a / b - 1;
        rows.push({
          app: appName,
          shape: shape.label,
          deployment: `${d.kind} ${d.processes ?? 1}×${d.threads ?? d.concurrency ?? 1}${d.gil ? " " + d.gil : ""}${d.dispatch ? " " + d.dispatch : ""}`,
          load: label,
          x: err(m.throughputPerSec, s.throughputPerSec),
          mean: err(m.meanResponseTimeSec, s.meanResponseTimeSec.mean),
          ci:
            (s.meanResponseTimeSec.high - s.meanResponseTimeSec.mean) / s.meanResponseTimeSec.mean,
          p50: err(m.responseTimeQuantileSec(0.5), s.responseTimeQuantileSec(0.5)),
          p99: err(m.responseTimeQuantileSec(0.99), s.responseTimeQuantileSec(0.99)),
        });
      }
    }
  }
}
/** @param {number} v */
const pct = (v) => `${(v * 100).toFixed(1)}%`.padStart(7);
for (const r of rows) {
  console.log(
    [
      r.app.padEnd(9),
      r.shape.padEnd(8),
      r.deployment.padEnd(32),
      r.load.padEnd(13),
      "X",
      pct(r.x),
      "mean",
      pct(r.mean),
      "±",
      pct(r.ci),
      "p50",
      pct(r.p50),
      "p99",
      pct(r.p99),
    ].join(" "),
  );
}
// Fixed times with clients that never think (Z = 0) make the simulation a deterministic
// system: it settles on one periodic schedule fixed by its start, not a steady state. Those
// cases are printed above but kept out of the summaries.
/** @param {Row} r */
const deterministic = (r) =>
  r.shape === "fixed" && r.load.startsWith("closed") && !r.load.endsWith("Z");
/**
 * @param {string} name
 * @param {(r: Row) => number} pick
 * @param {(r: Row) => boolean} filter
 */
const summary = (name, pick, filter = () => true) => {
  const v = rows
    .filter((r) => !deterministic(r))
    .filter(filter)
    .map((r) => Math.abs(pick(r)))
    .sort((a, b) => a - b);
  /** @param {number} p */
  const q = (p) => /** @type {number} */ (v[Math.min(v.length - 1, Math.floor(p * v.length))]);
  console.log(
    `${name.padEnd(28)} median ${pct(q(0.5))}  90% ${pct(q(0.9))}  max ${pct(/** @type {number} */ (v.at(-1)))}  (${v.length} cases)`,
  );
};
console.log("\n|error| over the grid");
for (const [label, f] of /** @type {[string, (r: Row) => boolean][]} */ ([
  ["all", () => true],
  ["exponential", (r) => r.shape === "exp"],
  ["fixed-length", (r) => r.shape === "fixed"],
  ["3 bursts", (r) => r.shape === "3 bursts"],
  ["open load", (r) => r.load.startsWith("open")],
  ["closed load", (r) => r.load.startsWith("closed")],
])) {
  console.log(`-- ${label}`);
  summary("throughput", (r) => r.x, f);
  summary("mean response time", (r) => r.mean, f);
  summary("p50", (r) => r.p50, f);
  summary("p99", (r) => r.p99, f);
}
