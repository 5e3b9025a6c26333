// Measures evaluateStack on co-located tiers (stack.hosts) against simulateStack, whose host
// machines share one pool of cores between their tiers (each app CPU burst, memcache lookup and
// database query takes a free core of its machine, first come first served). Prints, per stack
// and host load, model vs simulation for the mean and p99 end-to-end response time, the database
// tier's mean query time and the host's utilization, with the relative errors
// (model − simulation)/simulation, then their median and largest absolute values.
// Run: npm run build && node scripts/measure-host-model.mjs   (about 2 min; REQUESTS=… SEED=… change the run)
// The stacks: the app (prefork, thread-switch costs off: the simulator has none) with memcache
// and PostgreSQL on one machine as in docs/scenarios/small.yaml, a 2-core box with the app and
// the database, a database-heavy box, a host of two machines, and a host behind a web tier of
// its own; each at 30, 60, 75 and 90 % of its host's capacity.
import { evaluateStack, simulateStack } from "../dist/index.js";

/** @param {number} u */
const requestsAt = (u) =>
  process.env.REQUESTS
    ? Number(process.env.REQUESTS)
    : u >= 0.9
      ? 1_000_000
      : u >= 0.75
        ? 500_000
        : 300_000;
const seed = Number(process.env.SEED ?? 1);
const loads = [0.3, 0.6, 0.75, 0.9];

/**
 * A stack on one host of `cores` cores and `machines` machines.
 * @param {{ cores: number; machines?: number; processes: number; front?: any[]; below: any[]; app: any }} s
 * @returns {import("../dist/index.js").EvaluateStackInput}
 */
function hosted(s) {
  return {
    stack: {
      hosts: [
        { name: "box", cores: s.cores, memoryBytes: 16 * 2 ** 30, machines: s.machines ?? 1 },
      ],
      tiers: [
        ...(s.front ?? []),
        { kind: "app", host: "box", deployment: { kind: "prefork", processes: s.processes } },
        ...s.below.map((t) => ({ ...t, host: "box" })),
      ],
    },
    app: { ...s.app, contextSwitchSec: 0 },
    machine: { cores: s.cores, memoryBytes: 16 * 2 ** 30 },
    load: { arrivalRatePerSec: 1 },
  };
}
const memcache = {
  kind: "memcache",
  hitRatio: 0.8,
  lookupsPerRequest: 2,
  cpuTimeSec: 10e-6,
  nonCpuTimeSec: 100e-6,
};
/** @param {number} queries @param {number} cpuSec */
const database = (queries, cpuSec) => ({
  kind: "database",
  queriesPerRequest: queries,
  writeFraction: 0.1,
  cpuTimeSec: cpuSec,
  nonCpuTimeSec: 500e-6,
});
const stacks = {
  "small.yaml (4 cores)": hosted({
    cores: 4,
    processes: 9,
    below: [memcache, database(6, 1e-3)],
    app: { cpuTimeSec: 0.015, ioTimeSec: 0.002, burstsPerRequest: 4 },
  }),
  "2-core box, app + db": hosted({
    cores: 2,
    processes: 5,
    below: [database(4, 1e-3)],
    app: { cpuTimeSec: 0.008, ioTimeSec: 0.002 },
  }),
  "db-heavy (4 cores)": hosted({
    cores: 4,
    processes: 12,
    below: [memcache, database(20, 0.5e-3)],
    app: { cpuTimeSec: 0.006, ioTimeSec: 0.001, burstsPerRequest: 2 },
  }),
  "2 machines × 4 cores": hosted({
    cores: 4,
    machines: 2,
    processes: 8,
    below: [memcache, database(6, 1e-3)],
    app: { cpuTimeSec: 0.012, ioTimeSec: 0.003, burstsPerRequest: 3 },
  }),
  "web tier + host": hosted({
    cores: 4,
    processes: 10,
    front: [{ kind: "web", proxyTimeSec: 0.3e-3, coresPerServer: 2 }],
    below: [database(8, 0.8e-3)],
    app: { cpuTimeSec: 0.01, ioTimeSec: 0.002, burstsPerRequest: 2 },
  }),
};

/** @param {number} x */
const pct = (x) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}%`;
/** @param {number} x */
const ms = (x) => (Number.isFinite(x) ? (1000 * x).toFixed(2) : "∞");
/** @param {number} model @param {number} sim */
const rel = (model, sim) => (model - sim) / sim;
/**
 * @typedef {"mean" | "p99" | "db"} Figure
 * @type {{ name: string; u: number; err: Record<Figure, number>; utilErr: number }[]}
 */
const rows = [];
const started = performance.now();
console.log(
  [
    "stack".padEnd(22),
    "host".padStart(4),
    "req/s".padStart(6),
    "mean ms model/sim ±95%".padEnd(24),
    "err".padStart(7),
    "p99 ms model/sim".padEnd(17),
    "err".padStart(7),
    "db ms model/sim".padEnd(15),
    "err".padStart(7),
    "host util model/sim",
  ].join(" "),
);
for (const [name, base] of Object.entries(stacks)) {
  const capacity = evaluateStack(base).hosts[0]?.capacityPerSec ?? NaN;
  for (const u of loads) {
    const input = { ...base, load: { arrivalRatePerSec: u * capacity } };
    const model = evaluateStack(input);
    const sim = simulateStack(input, { requests: requestsAt(u), seed });
    const dbAt = model.tiers.findIndex((t) => t.kind === "database");
    const m = {
      mean: model.meanResponseTimeSec,
      p99: model.responseTimeQuantileSec(0.99),
      db: /** @type {{ meanResponseTimeSec: number }} */ (model.tiers[dbAt]).meanResponseTimeSec,
    };
    const s = {
      mean: sim.meanResponseTimeSec.mean,
      half: (sim.meanResponseTimeSec.high - sim.meanResponseTimeSec.low) / 2,
      p99: sim.responseTimeQuantileSec(0.99),
      db: /** @type {{ meanResponseTimeSec: number }} */ (sim.tiers[dbAt]).meanResponseTimeSec,
    };
    const hostModel = /** @type {{ utilization: number }} */ (model.hosts[0]).utilization;
    const hostSim = /** @type {{ utilization: number }} */ (sim.hosts[0]).utilization;
    const row = {
      name,
      u,
      err: { mean: rel(m.mean, s.mean), p99: rel(m.p99, s.p99), db: rel(m.db, s.db) },
      utilErr: Math.abs(hostModel - hostSim),
    };
    rows.push(row);
    console.log(
      [
        name.padEnd(22),
        `${100 * u}%`.padStart(4),
        (u * capacity).toFixed(0).padStart(6),
        `${ms(m.mean)}/${ms(s.mean)} ±${((100 * s.half) / s.mean).toFixed(1)}%`.padEnd(24),
        pct(row.err.mean).padStart(7),
        `${ms(m.p99)}/${ms(s.p99)}`.padEnd(17),
        pct(row.err.p99).padStart(7),
        `${ms(m.db)}/${ms(s.db)}`.padEnd(15),
        pct(row.err.db).padStart(7),
        `${(100 * hostModel).toFixed(1)}/${(100 * hostSim).toFixed(1)} %`,
      ].join(" "),
    );
  }
}

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const at = (/** @type {number} */ i) => /** @type {number} */ (s[i]);
  return s.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
};
console.log(
  `\n${rows.length} cases, ${loads.map((u) => `${requestsAt(u)} requests at ${100 * u} %`).join(", ")} (seed ${seed}):`,
);
for (const key of /** @type {Figure[]} */ (["mean", "p99", "db"])) {
  for (const [label, pick] of /** @type {const} */ ([
    ["30–75 %", (/** @type {(typeof rows)[number]} */ r) => r.u <= 0.75],
    ["all", () => true],
  ])) {
    const chosen = rows.filter(pick);
    const abs = chosen.map((r) => Math.abs(r.err[key]));
    const worst = /** @type {(typeof rows)[number]} */ (chosen[abs.indexOf(Math.max(...abs))]);
    console.log(
      `  ${key.padEnd(4)} ${label.padEnd(8)} |error| median ${(100 * median(abs)).toFixed(1)}%, max ${(100 * Math.max(...abs)).toFixed(1)}% (${worst.name} at ${100 * worst.u}%, ${pct(worst.err[key])})`,
    );
  }
}
console.log(
  `  host utilization: max |error| ${(100 * Math.max(...rows.map((r) => r.utilErr))).toFixed(2)} points`,
);
console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
