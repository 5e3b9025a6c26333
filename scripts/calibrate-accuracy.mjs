// The accuracy of "measure, then model" on the lab's real server (issue 13): calibrate from the
// single-user stage of a locust run, predict the other stages, and report the errors against the
// targets. The data set is what a team has: locust's _stats_history.csv and a series of
// Prometheus scrapes (data/lab-2026-12-02-calibrate, made by `npm run lab:calibrate-data`).
//
//   npm run build && node scripts/calibrate-accuracy.mjs [data/lab-2026-12-02-calibrate]
//
// The server's settings, the locust wait time and the bursts per request (the application's two
// I/O calls, which a team counts in its code) come from the data set's deployment.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The targets of issue 13: median |error| per figure, and the coverage of the 90 % interval. */
export const TARGETS = {
  throughputPerSec: 0.05,
  meanResponseTimeSec: 0.08,
  p99Sec: 0.2,
  inside: 0.8,
};

/**
 * Calibrates from the data set's single-user stage and checks the other stages; `api` is the
 * library (dist/index.js, or src/index.ts in the tests).
 * @param {string} dir
 * @param {typeof import("../dist/index.js")} api
 */
export function labAccuracy(dir, api) {
  const deployment = JSON.parse(readFileSync(join(dir, "deployment.json"), "utf8"));
  /** @param {string} name */
  const read = (name) => api.readCalibrationSource(name, readFileSync(join(dir, name), "utf8"));
  const calibration = api.calibrate([read("locust_stats_history.csv"), read("metrics.prom")], {
    burstsPerRequest: deployment.app.bursts,
  });
  const check = api.checkStages({
    calibration: { ...calibration, stages: calibration.stages.slice(1) },
    deployment: api.gunicornDeployment({
      workerClass: deployment.server.workerClass,
      workers: deployment.server.workers,
      threads: deployment.server.threads,
    }),
    machine: { cores: deployment.server.cores, memoryBytes: 4 * 2 ** 30 },
    thinkTimeSec: deployment.locust.waitTimeSec,
  });
  // locust measures all three figures, so each has its errors.
  const errors = /** @type {Required<typeof check.errors>} */ (check.errors);
  const met = {
    throughputPerSec: errors.throughputPerSec.median <= TARGETS.throughputPerSec,
    meanResponseTimeSec: errors.meanResponseTimeSec.median <= TARGETS.meanResponseTimeSec,
    p99Sec: errors.p99Sec.median <= TARGETS.p99Sec,
    inside: check.insideFraction >= TARGETS.inside,
  };
  return { calibration, check, met, deployment };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const dir = process.argv[2] ?? "data/lab-2026-12-02-calibrate";
  const api = await import("../dist/index.js");
  const { calibration, check, met, deployment } = labAccuracy(dir, api);
  /** @param {number} s */
  const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
  /** @param {number} x */
  const pct = (x) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;
  const app = calibration.app;
  console.log(`Calibrated from the single-user stage of ${dir}:`);
  console.log(
    `  cpu ${ms(app.cpuTimeSec)} (the app spins ${ms(deployment.app.cpuSec)}; the rest is gunicorn's and the middleware's Python), io ${ms(app.ioTimeSec)}, SCV ${/** @type {number} */ (app.cpuTimeScv).toFixed(2)}, bursts ${app.burstsPerRequest}`,
  );
  console.log("\nusers  throughput meas/pred      mean meas/pred            p99 meas/pred");
  for (const s of check.stages) {
    /**
     * @param {keyof typeof s.measured} f
     * @param {(x: number) => string} show
     */
    const cell = (f, show) =>
      s.measured[f] === undefined
        ? "—".padEnd(26)
        : `${show(s.measured[f])} / ${show(/** @type {{ estimate: number }} */ (s.predicted[f]).estimate)} ${pct(/** @type {number} */ (s.errors[f]))}${s.inside[f] ? "" : "*"}`.padEnd(
            26,
          );
    console.log(
      `${String(s.users).padStart(5)}  ${cell("throughputPerSec", (x) => x.toFixed(1))}${cell("meanResponseTimeSec", ms)}${cell("p99Sec", ms)}`,
    );
  }
  console.log("(* outside the 90 % prediction interval)\n");
  const errors = /** @type {Required<typeof check.errors>} */ (check.errors);
  /**
   * @param {string} name
   * @param {"throughputPerSec" | "meanResponseTimeSec" | "p99Sec"} f
   */
  const line = (name, f) =>
    `${name}: median |error| ${(errors[f].median * 100).toFixed(1)} % (target ≤ ${TARGETS[f] * 100} %), largest ${(errors[f].max * 100).toFixed(1)} % — ${met[f] ? "met" : "MISSED"}`;
  console.log(line("throughput", "throughputPerSec"));
  console.log(line("mean response time", "meanResponseTimeSec"));
  console.log(line("p99 response time", "p99Sec"));
  console.log(
    `inside the 90 % prediction interval: ${(check.insideFraction * 100).toFixed(0)} % of the measured figures (target ≥ 80 %) — ${met.inside ? "met" : "MISSED"}`,
  );
  process.exitCode = Object.values(met).every(Boolean) ? 0 : 1;
}
