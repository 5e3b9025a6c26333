// npm run bench: speed of the kernels and models on this machine (built dist/). Prints one line
// per case with the median of several timed batches, and the targets from issue 2.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { cpus } from "node:os";
import { buildBrowser } from "../scripts/browser-build.mjs";
import { fileURLToPath } from "node:url";
import {
  closedNetwork,
  erlangC,
  evaluateDeployment,
  GiB,
  sizeDeployment,
  evaluateStack,
  planCapacity,
  CLASSIC_STACK,
  finiteSource,
  mmc,
  mmck,
  multiclassClosedNetwork,
} from "../dist/index.js";

/**
 * Times `fn(batch)` nine times after three warm-ups and prints the median per call.
 * @param {string} label
 * @param {number} batch
 * @param {(n: number) => void} fn calls the case `n` times
 * @param {string} target
 */
function timeIt(label, batch, fn, target) {
  for (let i = 0; i < 3; i++) fn(batch); // warm-up
  const perCall = [];
  for (let r = 0; r < 9; r++) {
    const t0 = process.hrtime.bigint();
    fn(batch);
    perCall.push(Number(process.hrtime.bigint() - t0) / 1e9 / batch);
  }
  perCall.sort((a, b) => a - b);
  const median = /** @type {number} */ (perCall[4]);
  const rate = 1 / median;
  const shown =
    median < 1e-3 ? `${(median * 1e6).toFixed(3)} µs/call` : `${(median * 1e3).toFixed(3)} ms/call`;
  console.log(
    `${label.padEnd(52)} ${shown.padStart(16)} ${Math.round(rate).toLocaleString("en-US").padStart(14)} /s   ${target}`,
  );
}

// Inputs drawn once, so the loops measure the models, not the random numbers.
const N = 4096;
/** @type {[servers: number, offeredLoad: number][]} */
const small = Array.from({ length: N }, (_, i) => {
  const c = 1 + (i % 64);
  return [c, c * ((i * 0.618034) % 1)];
});
let sink = 0;

console.log(
  `pywebperf benchmark — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`,
);
timeIt(
  "erlangC(1e6, 999000)",
  200,
  (n) => {
    for (let i = 0; i < n; i++) sink += erlangC(1_000_000, 999_000);
  },
  "target < 100 µs",
);
timeIt(
  "erlangC(1e6, 999999.999)  (ρ = 1 − 1e-9)",
  200,
  (n) => {
    for (let i = 0; i < n; i++) sink += erlangC(1_000_000, 999_999.999);
  },
  "",
);
timeIt(
  "erlangC, servers 1…64, random load",
  200_000,
  (n) => {
    for (let i = 0; i < n; i++) {
      const [c, a] = /** @type {[number, number]} */ (small[i % N]);
      sink += erlangC(c, a);
    }
  },
  "target >= 2,000,000 /s",
);
timeIt(
  "mmc full result, servers 1…64",
  100_000,
  (n) => {
    for (let i = 0; i < n; i++) {
      const [c, a] = /** @type {[number, number]} */ (small[i % N]);
      sink += mmc({ arrivalRatePerSec: a, serviceTimeSec: 1, servers: c }).meanResponseTimeSec;
    }
  },
  "target >= 500,000 /s",
);
/** @typedef {ReturnType<typeof mmc>} Model */
const models = small
  .slice(0, 256)
  .map(([c, a]) => mmc({ arrivalRatePerSec: a, serviceTimeSec: 1, servers: c }));
timeIt(
  "mmc responseTimeQuantileSec(0.99)",
  20_000,
  (n) => {
    for (let i = 0; i < n; i++)
      sink += /** @type {Model} */ (models[i % 256]).responseTimeQuantileSec(0.99);
  },
  "target < 10 µs",
);
timeIt(
  "mmc waitTimeQuantileSec(0.99)",
  200_000,
  (n) => {
    for (let i = 0; i < n; i++)
      sink += /** @type {Model} */ (models[i % 256]).waitTimeQuantileSec(0.99);
  },
  "",
);
timeIt(
  "mmck full result, c = 8, K = 100",
  5_000,
  (n) => {
    for (let i = 0; i < n; i++) {
      sink += mmck({
        arrivalRatePerSec: 300 + (i % 100),
        serviceTimeSec: 0.02,
        servers: 8,
        capacity: 100,
      }).meanResponseTimeSec;
    }
  },
  "",
);
const mmckModel = mmck({ arrivalRatePerSec: 390, serviceTimeSec: 0.02, servers: 8, capacity: 100 });
timeIt(
  "mmck responseTimeQuantileSec(0.99), K = 100",
  2_000,
  (n) => {
    for (let i = 0; i < n; i++) sink += mmckModel.responseTimeQuantileSec(0.99 - (i % 7) * 1e-3);
  },
  "",
);
timeIt(
  "finiteSource full result, N = 1000, c = 16",
  500,
  (n) => {
    for (let i = 0; i < n; i++) {
      sink += finiteSource({
        population: 1000,
        thinkTimeSec: 1,
        serviceTimeSec: 0.02,
        servers: 16,
      }).meanResponseTimeSec;
    }
  },
  "",
);
const tenStations = Array.from({ length: 10 }, (_, i) => ({
  name: `s${i}`,
  serviceTimeSec: 0.001 * (1 + i),
  visits: 1 + (i % 3),
}));
timeIt(
  "exact MVA, 10 stations, N = 10,000, all populations",
  3,
  (n) => {
    for (let i = 0; i < n; i++) {
      const q = closedNetwork({
        stations: tenStations,
        population: 10_000,
        thinkTimeSec: 1,
        method: "exact",
      });
      sink += q.byPopulation.length + q.throughputPerSec;
    }
  },
  "target < 50 ms",
);
timeIt(
  "exact MVA with 8 servers at one of 10 stations, N = 10,000",
  3,
  (n) => {
    const stations = tenStations.map((s, i) => (i === 0 ? { ...s, servers: 8 } : s));
    for (let i = 0; i < n; i++) {
      sink += closedNetwork({
        stations,
        population: 10_000,
        thinkTimeSec: 1,
        method: "exact",
      }).throughputPerSec;
    }
  },
  "",
);
timeIt(
  "exact 2-class MVA, 100 × 100 customers, 10 stations",
  3,
  (n) => {
    const classes = [0, 1].map((r) => ({
      name: `c${r}`,
      population: 100,
      thinkTimeSec: 1,
      demandsSec: tenStations.map((s, i) => s.serviceTimeSec * (1 + ((i + r) % 2))),
    }));
    for (let i = 0; i < n; i++) {
      const result = multiclassClosedNetwork({
        stations: tenStations.map((s) => ({ name: s.name })),
        classes,
        method: "exact",
      });
      sink += /** @type {{ throughputPerSec: number }} */ (result.classes[0]).throughputPerSec;
    }
  },
  "target < 500 ms",
);
timeIt(
  "Schweitzer, 10 stations, N = 1,000,000",
  20,
  (n) => {
    for (let i = 0; i < n; i++) {
      sink += closedNetwork({
        stations: tenStations,
        population: 1_000_000,
        thinkTimeSec: 1,
        method: "schweitzer",
      }).throughputPerSec;
    }
  },
  "target < 10 ms",
);

// Issue 5: the Python deployment model. Typical questions: a gunicorn/mod_wsgi deployment on a
// 4-core machine at 60 % of its capacity, every kind; then a whole sizing sweep.
/** @typedef {import("../dist/index.js").EvaluateDeploymentInput} EvaluateDeploymentInput */
const deploymentCases = /** @type {import("../dist/index.js").DeploymentInput[]} */ ([
  { kind: "prefork", processes: 9 },
  { kind: "threaded", threads: 16 },
  { kind: "daemon", processes: 4, threads: 8 },
  { kind: "daemon", processes: 9, threads: 4 },
  { kind: "async", processes: 4, concurrency: 100 },
]).map((deployment, i) => {
  const app = { cpuTimeSec: 0.01, ioTimeSec: 0.03, burstsPerRequest: 1 + (i % 3), cpuTimeScv: 0.5 };
  const machine = { cores: 4, memoryBytes: GiB(8) };
  const capacity = evaluateDeployment({
    deployment,
    app,
    machine,
    load: { arrivalRatePerSec: 0 },
  }).capacityPerSec;
  return { deployment, app, machine, load: { arrivalRatePerSec: 0.6 * capacity } };
});
timeIt(
  "evaluateDeployment, 4 cores, 5 kinds, ρ = 0.6",
  5_000,
  (n) => {
    for (let i = 0; i < n; i++) {
      sink += evaluateDeployment(
        /** @type {EvaluateDeploymentInput} */ (deploymentCases[i % deploymentCases.length]),
      ).meanResponseTimeSec;
    }
  },
  "target < 50 µs",
);
timeIt(
  "evaluateDeployment + p99, 4 cores, 5 kinds",
  2_000,
  (n) => {
    for (let i = 0; i < n; i++) {
      sink += evaluateDeployment(
        /** @type {EvaluateDeploymentInput} */ (deploymentCases[i % deploymentCases.length]),
      ).responseTimeQuantileSec(0.99);
    }
  },
  "",
);
// Issue 14: every machine size up to 256 cores sizes in under 50 ms (10 ms CPU + 40 ms I/O per
// request, 40 req/s per core, 2 GiB per core, p99 <= 250 ms), for each ranking.
for (const prefer of /** @type {import("../dist/index.js").SizingPreference[]} */ ([
  "memory",
  "latency",
  "headroom",
  "cost",
])) {
  for (const cores of [1, 2, 4, 8, 16, 32, 64, 128, 256]) {
    timeIt(
      `sizeDeployment ${prefer}, ${cores} cores`,
      cores >= 64 ? 1 : 3,
      (n) => {
        for (let i = 0; i < n; i++) {
          sink += sizeDeployment({
            app: { cpuTimeSec: 0.01, ioTimeSec: 0.04 },
            machine: { cores, memoryBytes: GiB(2 * cores) },
            load: { arrivalRatePerSec: 40 * cores },
            slo: { responseTimeSec: 0.25 },
            prefer,
          }).feasible.length;
        }
      },
      prefer === "memory" ? "target < 50 ms" : "",
    );
  }
}
// Part of the figure above at 256 cores: the rules of thumb every sizing evaluates, gunicorn's
// 513 sync workers and 513 gthread workers × 1–4 and 512–1,024 threads.
timeIt(
  "sizeDeployment's rules of thumb alone, 256 cores",
  1,
  (n) => {
    for (let i = 0; i < n; i++) {
      for (const [kind, threads] of /** @type {["prefork" | "daemon", number][]} */ ([
        ["prefork", 1],
        ...[1, 2, 3, 4, 512, 1024].map((t) => ["daemon", t]),
      ])) {
        sink += evaluateDeployment({
          deployment:
            kind === "prefork"
              ? { kind, processes: 513 }
              : { kind, processes: 513, threads, hopTimeSec: 0 },
          app: { cpuTimeSec: 0.01, ioTimeSec: 0.04 },
          machine: { cores: 256, memoryBytes: GiB(512) },
          load: { arrivalRatePerSec: 40 * 256 },
        }).responseTimeQuantileSec(0.99);
      }
    }
  },
  "",
);
// The issue's machine: 7.5 cores of load on 4 — nothing fits, and the explanation's searches.
timeIt(
  "sizeDeployment, nothing fits (7.5 cores on 4)",
  3,
  (n) => {
    for (let i = 0; i < n; i++) {
      sink += sizeDeployment({
        app: { cpuTimeSec: 0.02, ioTimeSec: 0 },
        machine: { cores: 4, memoryBytes: GiB(8) },
        load: { arrivalRatePerSec: 375 },
        slo: { responseTimeSec: 0.5 },
      }).explanation.suggestions.length;
    }
  },
  "",
);
// evaluateStack takes the stack, not the scenario's words around it (description, SLO).
const { description: _description, slo: _slo, ...classicStack } = CLASSIC_STACK;
timeIt(
  "evaluateStack, the classic stack (6 tiers) + p99",
  500,
  (n) => {
    for (let i = 0; i < n; i++) {
      sink += evaluateStack({
        ...classicStack,
        load: { arrivalRatePerSec: 300 + (i % 7) },
      }).responseTimeQuantileSec(0.99);
    }
  },
  "",
);
timeIt(
  "planCapacity, the classic stack (plan, trace, 3 app machines)",
  5,
  (n) => {
    for (let i = 0; i < n; i++) sink += planCapacity(CLASSIC_STACK).costPerMonth;
  },
  "target < 1 s",
);
timeIt(
  "planCapacity, the classic stack at 10× the load",
  3,
  (n) => {
    for (let i = 0; i < n; i++) {
      sink += planCapacity({
        ...CLASSIC_STACK,
        load: { arrivalRatePerSec: 4000, peakFactor: 3 },
      }).costPerMonth;
    }
  },
  "target < 1 s",
);

// Issue 12: start-up of a plain calculator call against node's own start-up. The two commands
// alternate so that a busy spell of the machine hits both; each figure is the median wall time.
/**
 * @param {string[][]} commands
 * @param {number} runs
 */
function wallTimes(commands, runs) {
  const times = commands.map(() => /** @type {number[]} */ ([]));
  for (let r = 0; r < runs; r++) {
    commands.forEach((args, i) => {
      const t0 = process.hrtime.bigint();
      const p = spawnSync(process.execPath, args, { stdio: "ignore" });
      /** @type {number[]} */ (times[i]).push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (p.status !== 0) throw new Error(`bench: node ${args.join(" ")} exited ${p.status}`);
    });
  }
  return times.map((t) => /** @type {number} */ (t.sort((a, b) => a - b)[Math.floor(runs / 2)]));
}
const calculator = "mmc --arrival-rate 80 --service-time 20ms --servers 2".split(" ");
const [cliMs, nodeMs] = /** @type {[number, number]} */ (
  wallTimes(
    [
      [fileURLToPath(new URL("../dist/cli/main.js", import.meta.url)), ...calculator],
      ["-e", "0"],
    ],
    21,
  )
);
console.log(
  `${"CLI start-up: pywebperf mmc … / node -e 0".padEnd(52)} ${`${cliMs.toFixed(0)} / ${nodeMs.toFixed(0)} ms`.padStart(16)} ${`${(cliMs / nodeMs).toFixed(2)}×`.padStart(14)}      target <= 2×`,
);

// The browser build (issue 21): what a page downloads, bundled afresh into a scratch folder.
const scratch = mkdtempSync(join(tmpdir(), "pywebperf-bench-"));
try {
  const b = await buildBrowser(scratch);
  const kB = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} kB`;
  const largest = Object.entries(b.packages)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 3)
    .map(([name, bytes]) => `${name} ${kB(bytes)}`)
    .join(", ");
  console.log(
    `${"browser build (scripts/browser-build.mjs), gzipped".padEnd(52)} ${kB(b.gzipBytes).padStart(16)} ${kB(b.bytes).padStart(14)} raw   largest: ${largest}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (!Number.isFinite(sink)) console.log("(sink)", sink);
