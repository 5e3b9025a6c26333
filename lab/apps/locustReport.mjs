// Issue 17, part 4: the real application's locust runs in the accuracy report
// (lab/apps/accuracy.mjs): each predicted stage by stage, and the section that shows them.
import { measuredStages, predictStages, wholeRun } from "./locustStages.mjs";

/** @param {number} predicted @param {number} measured */
const err = (predicted, measured) => predicted / measured - 1;
/** @param {number} x */
const pct = (x) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;
/** @param {number} x */
const p1 = (x) => `${(x * 100).toFixed(1)} %`;
/** @param {number} x */
const ms = (x) => (x * 1000).toFixed(x < 0.01 ? 2 : 1);

/**
 * Each locust run predicted stage by stage (locustStages.mjs) from its configuration's calibration,
 * beside locust's own figures.
 * @param {any[]} runs the data set's runs
 * @param {Map<string, any>} calibrations by "config|repetition"
 * @param {Set<string>} spoiledCalibrations
 * @param {string} dataDir the folder of the data set
 */
export function locustRows(runs, calibrations, spoiledCalibrations, dataDir) {
  return runs
    .filter((r) => r.role === "locust" && calibrations.has(`${r.config.name}|${r.repetition}`))
    .map((r) => {
      const cal = calibrations.get(`${r.config.name}|${r.repetition}`);
      const stages = predictStages(cal, r);
      const whole = wholeRun(stages, 0.99);
      const measured = measuredStages(dataDir, r);
      return {
        config: r.config.name,
        repetition: r.repetition,
        spoiled: r.spoiled || spoiledCalibrations.has(`${r.config.name}|${r.repetition}`),
        stages: stages.map((s, i) => ({
          users: s.users,
          thinkTimeSec: s.thinkTimeSec,
          predicted: {
            throughputPerSec: s.throughputPerSec,
            meanSec: s.meanSec,
            hitRatio: s.hitRatio,
          },
          measured: measured[i] ?? null,
        })),
        measured: { requests: r.requests, meanSec: r.client.meanSec, p99Sec: r.client.p99Sec },
        predicted: { requests: whole.requests, meanSec: whole.meanSec, p99Sec: whole.quantileSec },
        error: {
          requests: err(whole.requests, r.requests),
          mean: err(whole.meanSec, r.client.meanSec),
          p99: err(whole.quantileSec, r.client.p99Sec),
        },
      };
    });
}

/**
 * The report's section on the locust runs, as Markdown lines.
 * @param {ReturnType<typeof locustRows>} locust
 */
export function locustSection(locust) {
  /** @type {string[]} */
  const lines = [];
  /** @param {(l: any) => boolean} which @param {(s: any) => number[]} f */
  const stageFigures = (which, f) =>
    locust
      .filter((l) => which(l) && !l.spoiled)
      .flatMap((l) => l.stages.filter((s) => s.measured).flatMap(f));
  const djangoErrors = [
    ...locust
      .filter((l) => l.config.startsWith("django") && !l.spoiled)
      .map((l) => Math.abs(l.error.requests)),
    ...stageFigures(
      (l) => l.config.startsWith("django"),
      (s) => [Math.abs(err(s.predicted.throughputPerSec, s.measured.throughputPerSec))],
    ),
  ];
  const fastapiMeans = stageFigures(
    (l) => l.config.startsWith("fastapi"),
    (s) => [s.measured.meanSec],
  );
  lines.push("## The locust runs", "");
  lines.push(
    "locust's shoppers (`lab/apps/locustfile.py`: the same mix, a think time drawn between 50 and 250 ms) come in stages of 4, 16 and 48 users. Each stage is predicted as a closed loop of its users with the think time's mean, from the same single-connection calibration; the hit ratio follows the pages asked since memcached's flush, stage after stage; locust's own CPU per request on the same cores replaces wrk's. Measured stages come from locust's `_stats_history.csv` (the seconds after each stage's first); Debian's locust 2.12 lost the file's last seconds, so the last stage has no figures of its own (—). The whole run is locust's `_stats.csv` (its percentiles are rounded).",
    "",
    "| configuration | rep | stage: req/s measured / predicted, mean ms | whole run: requests | mean ms | p99 ms |",
    "|---|--:|---|--:|--:|--:|",
  );
  for (const l of locust) {
    const stages = l.stages
      .map(
        (s) =>
          `${s.users} users: ${s.measured ? s.measured.throughputPerSec.toFixed(0) : "—"} / ${s.predicted.throughputPerSec.toFixed(0)}, ${s.measured ? ms(s.measured.meanSec) : "—"} / ${ms(s.predicted.meanSec)}`,
      )
      .join("; ");
    lines.push(
      `| ${l.config}${l.spoiled ? " (spoiled)" : ""} | ${l.repetition} | ${stages} | ` +
        `${l.measured.requests} / ${l.predicted.requests.toFixed(0)} (${pct(l.error.requests)}) | ` +
        `${ms(l.measured.meanSec)} / ${ms(l.predicted.meanSec)} (${pct(l.error.mean)}) | ` +
        `${ms(l.measured.p99Sec)} / ${ms(l.predicted.p99Sec)} (${pct(l.error.p99)}) |`,
    );
  }
  lines.push(
    "",
    `Django's requests are predicted within ${p1(Math.max(...djangoErrors))}, stage by stage and over the run. FastAPI under uvicorn \`--workers\` is not: its single-connection calibration carries the 40 ms that wrk's keep-alive requests wait for the delayed ACK (Nagle's algorithm, above), which locust's client does not meet (its stages' requests take ${ms(Math.min(...fastapiMeans))}–${ms(Math.max(...fastapiMeans))} ms). The calibration measures that delay as time outside the server, which is right for wrk, but it belongs to wrk's way of sending: the model adds it to every locust request and to each user's cycle, so it predicts each request about 40 ms too slow and too few requests from the first stages' users. The time outside a server is the client's and the path's; a prediction for another client needs that client's.`,
    "",
  );
  return lines;
}
