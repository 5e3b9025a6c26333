// Measures evaluateStack against simulateStack (the seeded discrete-event simulation of the same
// stack) on a grid of stacks and loads, and prints model vs simulation for the mean, p95 and p99
// end-to-end response time with the relative errors (model − simulation)/simulation, then their
// median and largest absolute values, and the largest error of any tier's utilization.
// Run: npm run build && node scripts/measure-stack-model.mjs   (about 1 min; REQUESTS=… SEED=… change the run)
// The stacks: the CLASSIC_STACK with its app deployment made prefork with one process per core
// (the only kind the simulator takes) and thread-switch costs off (the simulator has none), its
// HTTP cache answering 0 or 50 % of the requests, with and without memcache, and a
// database-heavy variant; each at 30, 60, 80 and 90 % of its capacity as evaluateStack gives it.
import { CLASSIC_STACK, evaluateStack, simulateStack } from "../dist/index.js";

// Requests per case: more near saturation, where the response times are more correlated, for a
// 95 % interval of about ±1–2 % on the mean everywhere. REQUESTS=n runs n in every case.
/** @param {number} u */
const requestsAt = (u) =>
  process.env.REQUESTS
    ? Number(process.env.REQUESTS)
    : u >= 0.9
      ? 2_000_000
      : u >= 0.8
        ? 800_000
        : 300_000;
const seed = Number(process.env.SEED ?? 1);
const loads = [0.3, 0.6, 0.8, 0.9];

/**
 * The tiers of a scenario as plain JSON, edited in place: untyped, as a scenario file is before
 * evaluateStack reads and checks it.
 * @typedef {any[]} Tiers
 */

/**
 * The classic stack, prefork with processes = cores, changed by `edit`.
 * @param {(tiers: Tiers) => void} edit
 * @returns {import("../dist/index.js").EvaluateStackInput}
 */
function variant(edit) {
  /** @type {any} the scenario, made into an evaluateStack input by deleting what it does not read */
  const s = structuredClone(CLASSIC_STACK);
  delete s.description;
  delete s.prices;
  delete s.slo;
  delete s.load;
  delete s.maxUtilization;
  delete s.appMachines;
  const app = s.stack.tiers.find((/** @type {{ kind: string }} */ t) => t.kind === "app");
  app.deployment = { kind: "prefork", processes: s.machine.cores };
  s.app = { ...s.app, contextSwitchSec: 0 };
  edit(s.stack.tiers);
  return s;
}
/** @param {number} h */
const cacheHits = (h) => (/** @type {Tiers} */ tiers) => {
  tiers.find((t) => t.kind === "http-cache").hitRatio = h;
};
/** @param {Tiers} tiers */
const withoutMemcache = (tiers) => {
  tiers.splice(
    tiers.findIndex((t) => t.kind === "memcache"),
    1,
  );
};
const stacks = {
  "cache 0, memcache": variant(cacheHits(0)),
  "cache 0.5, memcache": variant(cacheHits(0.5)),
  "cache 0, no memcache": variant((t) => (cacheHits(0)(t), withoutMemcache(t))),
  "cache 0.5, no memcache": variant((t) => (cacheHits(0.5)(t), withoutMemcache(t))),
  // 30 queries (20 % writes), a read replica replaying writes at half cost, 8 app servers: the
  // database is at 85 % when the app servers, waiting on it, saturate.
  "db-heavy": variant((tiers) => {
    tiers.find((t) => t.kind === "app").servers = 8;
    Object.assign(
      tiers.find((t) => t.kind === "database"),
      { queriesPerRequest: 30, writeFraction: 0.2, readReplicas: 1, replicationCostFraction: 0.5 },
    );
  }),
};

/** @param {number} x */
const pct = (x) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}%`;
/** @param {number} x */
const ms = (x) => (1000 * x).toFixed(2);
/**
 * @param {number} model
 * @param {number} sim
 */
const rel = (model, sim) => (model - sim) / sim;
/**
 * @typedef {"mean" | "p95" | "p99"} Figure
 * @type {{ name: string; u: number; err: Record<Figure, number>; inInterval: boolean; utilErr: number }[]}
 */
const rows = [];
const started = performance.now();
console.log(
  [
    "stack".padEnd(23),
    "load".padStart(4),
    "req/s".padStart(6),
    "bottleneck(u)".padEnd(16),
    "mean ms model/sim ±95%".padEnd(26),
    "err".padStart(7),
    "p95 ms model/sim".padEnd(17),
    "err".padStart(7),
    "p99 ms model/sim".padEnd(17),
    "err".padStart(7),
    "max util err",
  ].join(" "),
);
for (const [name, base] of Object.entries(stacks)) {
  const capacity = evaluateStack({ ...base, load: { arrivalRatePerSec: 1 } }).capacityPerSec;
  for (const u of loads) {
    const input = { ...base, load: { arrivalRatePerSec: u * capacity } };
    const model = evaluateStack(input);
    const sim = simulateStack(input, { requests: requestsAt(u), seed });
    const m = {
      mean: model.meanResponseTimeSec,
      p95: model.responseTimeQuantileSec(0.95),
      p99: model.responseTimeQuantileSec(0.99),
    };
    const s = {
      mean: sim.meanResponseTimeSec.mean,
      half: (sim.meanResponseTimeSec.high - sim.meanResponseTimeSec.low) / 2,
      p95: sim.responseTimeQuantileSec(0.95),
      p99: sim.responseTimeQuantileSec(0.99),
    };
    // The largest absolute error of a tier's utilization (busiest server), in points.
    let utilErr = 0;
    let utilTier = "";
    model.tiers.forEach((t, i) => {
      const e = Math.abs(
        t.utilization - /** @type {{ utilization: number }} */ (sim.tiers[i]).utilization,
      );
      if (e > utilErr) [utilErr, utilTier] = [e, t.name];
    });
    const row = {
      name,
      u,
      err: { mean: rel(m.mean, s.mean), p95: rel(m.p95, s.p95), p99: rel(m.p99, s.p99) },
      inInterval: Math.abs(m.mean - s.mean) <= s.half,
      utilErr,
    };
    rows.push(row);
    const bottleneck = /** @type {{ utilization: number }} */ (
      model.tiers.find((t) => t.name === model.bottleneck)
    );
    const db = model.tiers.find((t) => t.kind === "database");
    console.log(
      [
        name.padEnd(23),
        `${100 * u}%`.padStart(4),
        (u * capacity).toFixed(0).padStart(6),
        `${model.bottleneck} ${(100 * bottleneck.utilization).toFixed(0)}%${db ? ` db ${(100 * db.utilization).toFixed(0)}%` : ""}`.padEnd(
          16,
        ),
        `${ms(m.mean)}/${ms(s.mean)} ±${((100 * s.half) / s.mean).toFixed(1)}%`.padEnd(26),
        pct(row.err.mean).padStart(7),
        `${ms(m.p95)}/${ms(s.p95)}`.padEnd(17),
        pct(row.err.p95).padStart(7),
        `${ms(m.p99)}/${ms(s.p99)}`.padEnd(17),
        pct(row.err.p99).padStart(7),
        `${(100 * utilErr).toFixed(2)} pt (${utilTier})`,
      ].join(" "),
    );
  }
}

/** @param {number[]} xs */
const median = (xs) => {
  const s = /** @type {number[]} */ ([...xs].sort((a, b) => a - b));
  const mid = s.length >> 1;
  const at = (/** @type {number} */ i) => /** @type {number} */ (s[i]);
  return s.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
};
console.log(
  `\n${rows.length} cases, ${loads.map((u) => `${requestsAt(u)} requests at ${100 * u} %`).join(", ")} (seed ${seed}):`,
);
for (const key of /** @type {Figure[]} */ (["mean", "p95", "p99"])) {
  const abs = rows.map((r) => Math.abs(r.err[key]));
  const worst = /** @type {(typeof rows)[number]} */ (rows[abs.indexOf(Math.max(...abs))]);
  console.log(
    `  ${key.padEnd(4)} |error| median ${(100 * median(abs)).toFixed(1)}%, max ${(100 * Math.max(...abs)).toFixed(1)}% (${worst.name} at ${100 * worst.u}%, ${pct(worst.err[key])})`,
  );
}
console.log(
  `  model mean inside the simulation's 95 % interval in ${rows.filter((r) => r.inInterval).length} of ${rows.length} cases`,
);
console.log(
  `  tier utilization (busiest server): max |error| ${(100 * Math.max(...rows.map((r) => r.utilErr))).toFixed(2)} points`,
);
console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
