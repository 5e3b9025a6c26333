import { ModelInputError } from "../errors.js";
import type { Calibration } from "./calibration.js";
import { calibratedProfile } from "./calibratedProfile.js";
import { readCalibrateOptions, type CalibrateOptions } from "./calibrateOptions.js";
import { noteUse, startNotes } from "./calibrationNotes.js";
import type { CalibrationSource } from "./calibrationSource.js";
import { DATA_FORMAT_NAMES } from "./detectFormat.js";
import { measuredCpu } from "./measuredCpu.js";
import { measuredFigures } from "./measuredFigures.js";
import { measuredStages, pickStage } from "./measuredStages.js";
import { measureSources } from "./measureSources.js";
import { responseTimeAlone } from "./responseTimeAlone.js";
import { scrapeSeries } from "./scrapeSeries.js";

/**
 * An application profile from the files a team has — a load test's results, access logs,
 * Prometheus scrapes, OpenTelemetry metrics, `ps` snapshots (read by
 * {@link readCalibrationSource}) — with intervals, and a plain list of what the data could not
 * identify.
 *
 * The profile needs the time of a request alone (nothing queued: `cpuTimeSec + ioTimeSec`), the
 * CPU time per request, and the spread. They are taken over a calibration window: a locust
 * history's single-user stage when there is one (else its lowest), otherwise the whole data.
 * - Time alone: the load generator's mean in the window (the whole round trip: time outside
 *   the worker counts as I/O), else the server's (a histogram's `_sum/_count`, an access log),
 *   with standard error sd/√n.
 * - CPU time: the growth of `process_cpu_seconds_total` per request in the window (or two
 *   `ps` snapshots); without it, the whole time is taken as CPU (the least capacity) and said.
 * - Spread: a gamma fitted to histogram buckets by maximum likelihood (interval from the
 *   likelihood), else the moments of logged or k6 times; it gives one SCV for the CPU and I/O
 *   bursts, Var R₁ = s·(cpu² + io²)/B, as {@link fitAppProfile}. B (bursts per request) is not
 *   in any of these files: 1 unless `burstsPerRequest` is given.
 * - Memory: `process_resident_memory_bytes` as the worker's size.
 *
 * @param sources - The files, in the order given (two `ps` snapshots: before, then after).
 * @param options - {@link CalibrateOptions}.
 * @returns The profile, its uncertainty, the measured figures, the sources, what was not
 * identified, warnings, and the load test's stages.
 * @throws {@link DataFormatError} naming the file when no file has response times, or a mean
 * response time is under 10 µs or over an hour (a wrong unit); {@link ModelInputError} for bad
 * options.
 * @example
 * ```ts
 * const log = ['h - - [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 3 0.010', 'h - - [02/Dec/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 3 0.030'].join("\n");
 * calibrate([readCalibrationSource("access.log", log)]).measured.meanResponseTimeSec; // => 0.02
 * ```
 */
export function calibrate(
  sources: readonly CalibrationSource[],
  options: CalibrateOptions = {},
): Calibration {
  if (!Array.isArray(sources as unknown) || sources.length === 0) {
    throw new ModelInputError("calibrate", "sources", sources, "a non-empty array of read files");
  }
  const { level, bursts, scrapeOptions } = readCalibrateOptions(options);
  const notes = startNotes(sources);
  const series = scrapeSeries(sources);

  // The load test's stages and the calibration window.
  const stages = measuredStages(sources, series, scrapeOptions);
  const calibrationStage = pickStage(stages);
  if (calibrationStage && calibrationStage.users > 1) {
    notes.warnings.push(
      `no single-user stage in the load test: calibrated from the ${calibrationStage.users}-user stage, whose times include queueing`,
    );
  }
  const window = calibrationStage?.window;

  // Every file's measurement over the window, the stage's own first.
  const { measurements, psSources } = measureSources(sources, series, scrapeOptions, window);
  if (calibrationStage) measurements.unshift(calibrationStage.client);

  const alone = responseTimeAlone(sources, measurements);
  noteUse(notes, alone.meanFrom, "mean response time");
  const cpu = measuredCpu(measurements, psSources, alone.meanFrom, notes);
  const { app, uncertainty } = calibratedProfile(
    { alone, cpu, bursts, level, measurements },
    notes,
  );
  const measured = measuredFigures(measurements, alone, cpu, calibrationStage, notes);
  if (stages.length > 0) {
    for (const s of sources.filter((s) => s.format === "locust-history")) {
      noteUse(notes, s, `${stages.length} stages`);
    }
  }

  return {
    app,
    uncertainty,
    level,
    measured,
    sources: sources.map((s) => ({
      file: s.source,
      format: DATA_FORMAT_NAMES[s.format],
      used: notes.used.get(s.source) ?? [],
    })),
    notIdentified: notes.notIdentified,
    warnings: notes.warnings,
    stages,
  };
}
