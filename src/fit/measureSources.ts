import type { ScrapeOptions } from "./calibrateOptions.js";
import type { CalibrationSource } from "./calibrationSource.js";
import type { ScrapeSeries } from "./scrapeSeries.js";
import {
  measureAccessLog,
  measureK6Points,
  measureK6Summary,
  measureLocustStats,
  measureOtlp,
  measureScrapes,
  type TimeWindow,
  type WindowMeasurement,
} from "./windowMeasurement.js";

/** A `ps` snapshot among the files, kept for the CPU time. */
export type PsSource = Extract<CalibrationSource, { format: "ps" }>;

/**
 * Every file's measurement over the calibration window (the whole data without one), in the
 * order of the files: the scrapes once, as one series; a locust history's stages are measured
 * apart ({@link measuredStages}), `ps` snapshots are returned as they are.
 */
export function measureSources(
  sources: readonly CalibrationSource[],
  series: ScrapeSeries,
  scrapeOptions: ScrapeOptions,
  window: TimeWindow | undefined,
): { measurements: WindowMeasurement[]; psSources: PsSource[] } {
  const level = scrapeOptions.level;
  const measurements: WindowMeasurement[] = [];
  const psSources: PsSource[] = [];
  for (const s of sources) {
    const w = window === undefined ? {} : { window };
    switch (s.format) {
      case "prometheus":
        if (s === series.sources[0]) {
          measurements.push(
            measureScrapes(series.name, series.scrapes, { ...scrapeOptions, ...w }),
          );
        }
        break;
      case "access-log":
        measurements.push(measureAccessLog(s.source, s.digest, { level, ...w }));
        break;
      case "k6-json":
        measurements.push(measureK6Points(s.source, s.metrics, { level, ...w }));
        break;
      case "k6-summary":
        measurements.push(measureK6Summary(s.source, s.summary));
        break;
      case "otlp-json":
        measurements.push(measureOtlp(s.source, s.metrics, { level }));
        break;
      case "locust-stats":
        measurements.push(measureLocustStats(s.source, s.rows));
        break;
      case "ps":
        psSources.push(s);
        break;
      case "locust-history":
        break;
    }
  }
  return { measurements, psSources };
}
