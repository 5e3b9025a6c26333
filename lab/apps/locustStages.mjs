// Issue 17, part 4: the locust runs predicted stage by stage. A locust run (locustfile.py) starts
// its users in stages ("6:4,6:16,6:48": 6 s of 4 users, then 16, then 48), each user waiting a
// think time drawn uniformly between two bounds; locust's `_stats_history.csv` has, every second,
// the users, the requests so far and their running mean. Each stage is a closed loop of its users
// with the think time's mean, predicted by the same stack as the wrk runs (predict.mjs), the hit
// ratio following the pages every earlier stage (and the wrk warm-up after the flush) has asked for.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { distinctPages, predictRun } from "./predict.mjs";

/** The connections of the wrk warm-up that run.mjs sends before a locust run, after the flush. */
export const LOCUST_WARMUP_CONNECTIONS = 4;

/**
 * locust's stages as run.mjs passes them: "seconds:users,...".
 * @param {string} text
 * @returns {Array<{ seconds: number; users: number }>}
 */
export function parseStages(text) {
  return text.split(",").map((stage) => {
    const [seconds, users] = stage.split(":").map(Number);
    if (!(Number(seconds) > 0) || !(Number(users) > 0))
      throw new Error(`locust stage "${stage}" is not "seconds:users"`);
    return { seconds: Number(seconds), users: Number(users) };
  });
}

/**
 * Each stage's throughput and mean from locust's `_stats_history.csv` (its Aggregated rows: unix
 * seconds, "User Count", "Total Request Count", "Total Average Response Time" in ms, running over
 * the whole run). A stage's figures span its seconds after the first, whose row mixes the stage
 * before (locust starts a stage's users at once). Debian's locust 2.12 wrote the file in batches
 * and lost its last seconds at the end of the run, so a stage the file does not cover has no
 * figures (`undefined`); the run's whole figures are in its `_stats.csv` (run.client).
 * @param {string} dataDir the folder the data set's .jsonl is in
 * @param {any} run a locust run
 * @returns {Array<{ users: number; seconds: number; requests: number; throughputPerSec: number; meanSec: number } | undefined>}
 */
export function measuredStages(dataDir, run) {
  const [header, ...lines] = readFileSync(join(dataDir, run.files.stats_history), "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(","));
  const column = (/** @type {string} */ name) => {
    const i = (header ?? []).indexOf(name);
    if (i < 0) throw new Error(`${run.files.stats_history}: no column "${name}"`);
    return i;
  };
  const [time, users, count, mean] = [
    "Timestamp",
    "User Count",
    "Total Request Count",
    "Total Average Response Time",
  ].map(column);
  const rows = lines
    .filter((l) => l[3] === "Aggregated")
    .map((l) => ({
      time: Number(l[Number(time)]),
      users: Number(l[Number(users)]),
      count: Number(l[Number(count)]),
      totalMs: Number(l[Number(count)]) * Number(l[Number(mean)]),
    }));
  return parseStages(run.load.stages).map(({ users: n, seconds }) => {
    const mine = rows.filter((r) => r.users === n);
    const first = mine[1];
    const last = mine[mine.length - 1];
    if (!first || !last || last.count <= first.count) return undefined;
    const requests = last.count - first.count;
    return {
      users: n,
      seconds,
      requests,
      throughputPerSec: requests / (last.time - first.time),
      meanSec: (last.totalMs - first.totalMs) / requests / 1000,
    };
  });
}

/**
 * A closed loop of `clients` for `seconds` after `detailBefore` detail pages were asked for
 * since memcached's flush: the throughput and the window's hit ratio found together.
 * @param {import("./predict.mjs").Calibration} cal
 * @param {{ kind: string; processes: number; threads: number }} config
 * @param {{ clients: number; thinkTimeSec: number; seconds: number; detailBefore: number }} window
 */
function predictWindow(cal, config, window) {
  const seen = (/** @type {number} */ n) => distinctPages(n, cal.hotShare);
  let hitRatio = cal.calibrationHitRatio;
  /** @type {ReturnType<typeof predictRun> | undefined} */
  let p;
  for (let round = 0; round < 20; round++) {
    p = predictRun(cal, {
      config,
      connections: window.clients,
      windowSec: window.seconds,
      thinkTimeSec: window.thinkTimeSec,
      hitRatio,
    });
    const asked = p.throughputPerSec * cal.detailShare * window.seconds;
    const misses = seen(window.detailBefore + asked) - seen(window.detailBefore);
    const next = asked > 0 ? Math.max(0, 1 - misses / asked) : 0;
    if (Math.abs(next - hitRatio) < 1e-4) break;
    hitRatio = next;
  }
  return /** @type {ReturnType<typeof predictRun>} */ (p);
}

/**
 * A locust run predicted stage by stage from a calibration, with the CPU locust itself spent per
 * request on the same cores (a co-located load generator a team knows from its host's monitoring)
 * in place of wrk's.
 * @param {import("./predict.mjs").Calibration} cal
 * @param {any} run a locust run
 */
export function predictStages(cal, run) {
  const [low, high] = run.load.waitSec;
  const thinkTimeSec = (low + high) / 2;
  const withLocust = {
    ...cal,
    otherCpuSecPerRequest:
      cal.otherCpuSecPerRequest -
      cal.loadGeneratorCpuSecPerRequest +
      run.loadGenerator.cpuSec / run.requests,
  };
  const warmup = predictWindow(cal, run.config, {
    clients: LOCUST_WARMUP_CONNECTIONS,
    thinkTimeSec: 0,
    seconds: run.warmupSec,
    detailBefore: 0,
  });
  let detailBefore = warmup.throughputPerSec * cal.detailShare * run.warmupSec;
  return parseStages(run.load.stages).map(({ users, seconds }) => {
    const p = predictWindow(withLocust, run.config, {
      clients: users,
      thinkTimeSec,
      seconds,
      detailBefore,
    });
    detailBefore += p.throughputPerSec * cal.detailShare * seconds;
    return { users, seconds, thinkTimeSec, ...p };
  });
}

/**
 * The whole run from its predicted stages: the requests (Σ throughput × seconds), their mean,
 * and a quantile of the mixture of the stages' response times, each weighted by its requests:
 * the t at which Σ wᵢ Fᵢ(t) = p, with Fᵢ(t) found from stage i's quantile function by bisection.
 * @param {ReturnType<typeof predictStages>} stages
 * @param {number} p
 */
export function wholeRun(stages, p) {
  const weights = stages.map((s) => s.throughputPerSec * s.seconds);
  const requests = weights.reduce((a, b) => a + b, 0);
  const w = weights.map((x) => x / requests);
  const meanSec = stages.reduce((a, s, i) => a + (w[i] ?? 0) * s.meanSec, 0);
  const bisect = (/** @type {(x: number) => boolean} */ below, lo = 0, hi = 1) => {
    for (let k = 0; k < 40; k++) {
      const mid = (lo + hi) / 2;
      if (below(mid)) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const quantile = stages.map((s) => s.quantileSec);
  const cdf = (/** @type {number} */ i, /** @type {number} */ t) =>
    bisect((q) => /** @type {any} */ (quantile[i])(q) < t, 0, 1 - 1e-9);
  const mixed = (/** @type {number} */ t) => w.reduce((a, wi, i) => a + wi * cdf(i, t), 0);
  const top = Math.max(...quantile.map((f) => f(p)));
  return { requests, meanSec, quantileSec: bisect((t) => mixed(t) < p, 0, top) };
}
