// The headline figures of a real-application data set (lab/apps/run.mjs): per configuration
// and load, each repetition's throughput, p50 and p99 (the load generator's), the workers' CPU,
// PostgreSQL's CPU (/proc) and execution time (pg_stat_statements) per request and memcached's
// hit ratio, as a Markdown table; then the noise between repetitions (relative difference of
// throughput, p50 and CPU per request, median and largest) and the runs other load spoiled.
//
//   node lab/apps/summary.mjs data/realapp-2026-12-03.jsonl
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (!file) throw new Error("usage: node lab/apps/summary.mjs data/realapp-<date>.jsonl");
/** @type {any[]} */
const runs = readFileSync(file, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l));

/** @param {any} r */
const key = (r) => `${r.config.name}|${r.role === "locust" ? "locust" : `c=${r.load.connections}`}`;
/** @type {Map<string, any[]>} */
const groups = new Map();
for (const r of runs) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);

/** @param {number} x */
const ms = (x) => (x * 1000).toFixed(x < 0.01 ? 2 : 1);
/** @param {any[]} list @param {(r: any) => string} f */
const each = (list, f) => list.map(f).join(" / ");
console.log(
  "| configuration | load | req/s | p50 ms | p99 ms | worker CPU ms/req | pg CPU ms/req | pg exec ms/req | hit ratio | other cores |",
);
console.log("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
for (const [k, list] of groups) {
  const [name, load] = k.split("|");
  console.log(
    `| ${name} | ${load} | ${each(list, (r) => r.throughputPerSec.toFixed(0))} | ${each(list, (r) => ms(r.client.p50Sec))} | ` +
      `${each(list, (r) => ms(r.client.p99Sec))} | ${each(list, (r) => ms(r.server.workerCpuSecPerRequest))} | ` +
      `${each(list, (r) => ms(r.postgres.cpuSecPerRequest))} | ${each(list, (r) => ms(r.postgres.execTimeMsPerRequest / 1000))} | ` +
      `${each(list, (r) => (r.memcached.hitRatio ?? NaN).toFixed(2))} | ${each(list, (r) => `${r.otherCores.toFixed(2)}${r.spoiled ? "*" : ""}`)} |`,
  );
}

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] ?? 0) + (s[s.length >> 1] ?? 0)) / 2 : NaN;
};
/** @type {Record<string, (r: any) => number>} */
const measures = {
  throughput: (r) => r.throughputPerSec,
  p50: (r) => r.client.p50Sec,
  p99: (r) => r.client.p99Sec,
  "worker CPU/req": (r) => r.server.workerCpuSecPerRequest,
  "pg CPU/req": (r) => r.postgres.cpuSecPerRequest,
  "hit ratio": (r) => r.memcached.hitRatio,
};
console.log("\nNoise between repetitions: |a − b| / mean(a, b) over the groups with two runs");
for (const [name, f] of Object.entries(measures)) {
  const d = [...groups.values()]
    .filter((l) => l.length >= 2)
    .map((l) => {
      const [a, b] = [f(l[0]), f(l[1])];
      return Math.abs(a - b) / ((a + b) / 2);
    })
    .filter(Number.isFinite);
  console.log(
    `- ${name}: median ${(median(d) * 100).toFixed(0)} %, largest ${(Math.max(...d) * 100).toFixed(0)} % (${d.length} pairs)`,
  );
}
const spoiled = runs.filter((r) => r.spoiled).length;
const other = runs.map((r) => r.otherCores);
console.log(
  `\n${runs.length} runs, ${spoiled} spoiled (other load > 0.2 cores); other load median ${median(other).toFixed(2)} cores, largest ${Math.max(...other).toFixed(2)}`,
);
