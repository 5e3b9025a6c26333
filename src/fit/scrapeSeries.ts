import type { CalibrationSource } from "./calibrationSource.js";
import type { TimedScrape } from "./prometheusScrapes.js";

/** The Prometheus scrapes among a calibration's files, as one series. */
export interface ScrapeSeries {
  /** The files of scrapes, in the order given. */
  sources: Extract<CalibrationSource, { format: "prometheus" }>[];
  /** Every scrape of those files, in time order when they all have times. */
  scrapes: TimedScrape[];
  /** The files' names, joined by ", ": what the measurements of the series name as source. */
  name: string;
}

/** Scrapes given as several files are one series, in time order when they have times. */
export function scrapeSeries(sources: readonly CalibrationSource[]): ScrapeSeries {
  const scrapeSources = sources.filter(
    (s): s is Extract<CalibrationSource, { format: "prometheus" }> => s.format === "prometheus",
  );
  const series = scrapeSources.flatMap((s) => s.scrapes);
  if (series.every((t) => t.atSec !== undefined)) {
    series.sort((a, b) => (a.atSec as number) - (b.atSec as number));
  }
  return {
    sources: scrapeSources,
    scrapes: series,
    name: scrapeSources.map((s) => s.source).join(", "),
  };
}
