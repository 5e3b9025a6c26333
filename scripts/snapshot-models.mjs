// Prints every figure of the models on a fixed set of inputs, as JSON with every digit: run it
// before and after a change that should not move any result (a restructuring) and compare the
// two outputs byte for byte.
//   npm run build && node scripts/snapshot-models.mjs > before.json
//   (change, build) node scripts/snapshot-models.mjs > after.json && cmp before.json after.json
import { readFileSync } from "node:fs";
import * as api from "../dist/index.js";

const { GiB, MiB } = api;
/** @type {Record<string, unknown>} */
const out = {};

/**
 * The figures of a result: functions named `…Quantile…` evaluated at p50/p95/p99/p99.9.
 * @param {unknown} value
 * @returns {unknown}
 */
function figures(value, depth = 0) {
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value !== "object" || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => figures(v, depth + 1));
  /** @type {Record<string, unknown>} */
  const o = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "function") {
      if (/Quantile|Cdf|Survival/i.test(k)) {
        o[k] = [0.5, 0.95, 0.99, 0.999].map((p) => {
          try {
            return figures(/Cdf|Survival/i.test(k) ? v(p / 10) : v(p));
          } catch (e) {
            return `throws ${/** @type {Error} */ (e).message}`;
          }
        });
      }
      continue;
    }
    o[k] = figures(v, depth + 1);
  }
  return o;
}

/**
 * @param {string} name
 * @param {() => unknown} run
 */
function record(name, run) {
  try {
    out[name] = figures(run());
  } catch (e) {
    out[name] = `throws ${/** @type {Error} */ (e).message}`;
  }
}

// Queueing and laws.
for (const rho of [0.3, 0.8, 0.97]) {
  record(`mmc ${rho}`, () =>
    api.mmc({ arrivalRatePerSec: (rho * 4) / 0.02, serviceTimeSec: 0.02, servers: 4 }),
  );
  record(`mmck ${rho}`, () =>
    api.mmck({
      arrivalRatePerSec: (rho * 4) / 0.02,
      serviceTimeSec: 0.02,
      servers: 4,
      capacity: 12,
    }),
  );
  record(`ggc ${rho}`, () =>
    api.ggc({
      arrivalRatePerSec: (rho * 4) / 0.02,
      serviceTimeSec: 0.02,
      servers: 4,
      arrivalScv: 2,
      serviceTimeScv: 0.5,
    }),
  );
  record(`mg1 ${rho}`, () =>
    api.mg1({ arrivalRatePerSec: rho / 0.02, serviceTimeSec: 0.02, serviceTimeScv: 3 }),
  );
}
record("finiteSource", () =>
  api.finiteSource({ population: 50, thinkTimeSec: 0.5, serviceTimeSec: 0.02, servers: 3 }),
);
record("closedBounds", () =>
  api.closedBounds({ demandsSec: [0.01, 0.02, 0.005], thinkTimeSec: 1, population: 80 }),
);
const network = {
  stations: [
    { name: "cpu", serviceTimeSec: 0.01, servers: 2 },
    { name: "disk", serviceTimeSec: 0.02 },
    { name: "net", serviceTimeSec: 0.005, servers: 3 },
  ],
};
for (const n of [1, 10, 80]) {
  record(`closedNetwork ${n}`, () =>
    api.closedNetwork({ ...network, population: n, thinkTimeSec: 0.5 }),
  );
  record(`closedNetworkBounds ${n}`, () =>
    api.closedNetworkBounds({ ...network, population: n, thinkTimeSec: 0.5 }),
  );
}
record("openNetwork", () => api.openNetwork({ ...network, arrivalRatePerSec: 40 }));

// Python deployments.
/** @typedef {import("../dist/index.js").AppProfileInput} AppProfileInput */
/** @type {[AppProfileInput, AppProfileInput, AppProfileInput]} */
const apps = [
  { cpuTimeSec: 0.02, ioTimeSec: 0.002 },
  { cpuTimeSec: 0.01, ioTimeSec: 0.03, burstsPerRequest: 3, cpuTimeScv: 2, ioTimeScv: 0.5 },
  { cpuTimeSec: 0.004, ioTimeSec: 0.08 },
];
/** @type {import("../dist/index.js").EvaluateDeploymentInput["deployment"][]} */
const deployments = [
  { kind: "prefork", processes: 5 },
  { kind: "threaded", threads: 8 },
  { kind: "daemon", processes: 2, threads: 4 },
  { kind: "daemon", processes: 5, threads: 4, hopTimeSec: 0, preload: true },
  { kind: "daemon", processes: 12, threads: 8, hopTimeSec: 0 },
  { kind: "async", processes: 2, concurrency: 50 },
  { kind: "daemon", processes: 2, threads: 4, gil: "free-threaded", hopTimeSec: 0 },
  { kind: "daemon", processes: 4, threads: 2, hopTimeSec: 0, dispatch: "pinned" },
  { kind: "daemon", processes: 3, threads: 2, processWeights: [3, 2, 1], dispatch: "pinned" },
  { kind: "prefork", processes: 4, maxRequestsPerProcess: 500 },
  { server: "gunicorn", workerClass: "gthread", workers: 4, threads: 4 },
  { server: "uvicorn", workers: 2 },
];
const machine = { cores: 4, memoryBytes: GiB(4) };
deployments.forEach((deployment, d) =>
  apps.forEach((app, a) => {
    for (const rate of [20, 120, 260]) {
      record(`evaluateDeployment d${d} a${a} ${rate}/s`, () =>
        api.evaluateDeployment({ deployment, app, machine, load: { arrivalRatePerSec: rate } }),
      );
    }
    record(`evaluateDeployment d${d} a${a} 30 clients`, () =>
      api.evaluateDeployment({
        deployment,
        app,
        machine,
        load: { clients: 30, thinkTimeSec: 0.1 },
      }),
    );
  }),
);
deployments.slice(0, 8).forEach((deployment, d) =>
  record(`simulateDeployment d${d}`, () =>
    api.simulateDeployment({
      deployment,
      app: apps[1],
      machine,
      load: { arrivalRatePerSec: 150 },
      requests: 3000,
      seed: 7,
    }),
  ),
);
for (const prefer of /** @type {import("../dist/index.js").SizingPreference[]} */ ([
  "memory",
  "latency",
  "headroom",
  "cost",
])) {
  record(`sizeDeployment ${prefer}`, () =>
    api.sizeDeployment({
      app: apps[1],
      machine: { cores: 8, memoryBytes: GiB(8) },
      load: { arrivalRatePerSec: 300 },
      slo: { responseTimeSec: 0.25 },
      prefer,
    }),
  );
}
record("sizeDeployment gunicorn", () =>
  api.sizeDeployment({
    app: apps[1],
    machine,
    load: { arrivalRatePerSec: 150 },
    slo: { responseTimeSec: 0.3 },
    server: "gunicorn",
  }),
);
record("sizeDeployment nothing fits", () =>
  api.sizeDeployment({
    app: { cpuTimeSec: 0.02, ioTimeSec: 0 },
    machine,
    load: { arrivalRatePerSec: 375 },
    slo: { responseTimeSec: 0.5 },
  }),
);
record("memoryBudget", () =>
  api.memoryBudget({
    machine: { memoryBytes: GiB(4) },
    processes: 4,
    threadsPerProcess: 8,
    preload: true,
  }),
);

// The stack.
const { description: _about, slo, ...classic } = api.CLASSIC_STACK;
for (const rate of [100, 300, 600]) {
  record(`evaluateStack ${rate}`, () =>
    api.evaluateStack({ ...classic, load: { arrivalRatePerSec: rate } }),
  );
}
for (const rate of [300, 3000]) {
  record(`planCapacity ${rate}`, () =>
    api.planCapacity({ ...classic, slo, load: { arrivalRatePerSec: rate } }),
  );
}
for (const file of ["docs/scenarios/shop.yaml", "docs/scenarios/shop-ha.yaml"]) {
  record(`planCapacity ${file}`, () =>
    api.planCapacity(api.parseScenario(readFileSync(file, "utf8"), "yaml")),
  );
}
record("simulateStack", () =>
  api.simulateStack(
    {
      ...classic,
      stack: {
        ...classic.stack,
        tiers: classic.stack.tiers.map((t) =>
          t.kind === "app" ? { ...t, deployment: { kind: "prefork", processes: 4 } } : t,
        ),
      },
      load: { arrivalRatePerSec: 200 },
    },
    { requests: 4000, seed: 3 },
  ),
);
record("MiB", () => MiB(3));

process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
