import { DataFormatError } from "../errors.js";
import type { CalibrationSource } from "./calibrationSource.js";
import type { WindowMeasurement } from "./windowMeasurement.js";

/** Response times below this or above {@link MAX_MEAN_SEC} are taken as a wrong unit. */
export const MIN_MEAN_SEC = 1e-5;
export const MAX_MEAN_SEC = 3600;

/** The time of a request alone, measured, and the spread of the response times. */
export interface ResponseTimeAlone {
  /** The measurement the mean comes from. */
  meanFrom: WindowMeasurement;
  /** The mean response time, seconds. */
  meanSec: number;
  /** Its standard error sd/√n, when the spread is known. */
  standardErrorSec: number | undefined;
  /** The measurement the spread comes from, if any. */
  spreadFrom: WindowMeasurement | undefined;
  /** The mean of the measurement the spread comes from (the mean above without one). */
  spreadMeanSec: number;
}

/**
 * The time of a request alone: the client's mean first, then the server's; the spread: a
 * histogram's fit first, then moments.
 *
 * @throws {@link DataFormatError} when no measurement has response times, or their mean is under
 * 10 µs or over an hour (a wrong unit).
 */
export function responseTimeAlone(
  sources: readonly CalibrationSource[],
  measurements: readonly WindowMeasurement[],
): ResponseTimeAlone {
  const withMean = measurements.filter(
    (m) => m.meanResponseTimeSec !== undefined && m.requests > 0,
  );
  const meanFrom =
    withMean.find((m) => m.where === "client") ?? withMean.find((m) => m.where === "server");
  if (meanFrom === undefined) {
    throw new DataFormatError(
      sources.map((s) => s.source).join(", "),
      0,
      "no response times in these files: give a load test's results (locust, k6), an access log with times, or a request-duration histogram",
    );
  }
  const r1 = meanFrom.meanResponseTimeSec as number;
  checkUnit(meanFrom.source, r1);
  const spreadFrom =
    measurements.find((m) => m.spread && m.spread.how.startsWith("gamma")) ??
    measurements.find((m) => m.spread !== undefined);
  const spreadMean = spreadFrom?.meanResponseTimeSec ?? r1;
  const sd =
    spreadFrom?.spread !== undefined
      ? Math.sqrt(spreadFrom.spread.scv) * spreadMean
      : (meanFrom.standardDeviationSec ?? undefined);
  return {
    meanFrom,
    meanSec: r1,
    standardErrorSec: sd === undefined ? undefined : sd / Math.sqrt(meanFrom.requests),
    spreadFrom,
    spreadMeanSec: spreadMean,
  };
}

/** A mean response time outside 10 µs … 1 h is a wrong unit, not a measurement. */
function checkUnit(source: string, meanSec: number): void {
  if (meanSec < MIN_MEAN_SEC || meanSec > MAX_MEAN_SEC) {
    throw new DataFormatError(
      source,
      0,
      `a mean response time of ${meanSec} s is ${meanSec < MIN_MEAN_SEC ? "under 10 µs" : "over an hour"}: the times' unit is likely wrong (for an access log, check --log-format)`,
    );
  }
}
