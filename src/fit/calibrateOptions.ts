import { ModelInputError } from "../errors.js";
import { assertInteger, assertObject } from "../validate.js";

/** Options of {@link calibrate}. */
export interface CalibrateOptions {
  /** The request-duration histogram of the Prometheus scrapes. @default the one with a known name */
  metric?: string;
  /** Labels the histogram's series must have (`{ handler: "/items" }`). @default {} */
  labels?: Record<string, string>;
  /** CPU/I-O alternations per request, when known (database queries per request). */
  burstsPerRequest?: number;
  /** Probability of the intervals. @default 0.9 */
  level?: number;
}

/** What a Prometheus histogram is measured with: the histogram, its series' labels, the level. */
export interface ScrapeOptions {
  metric?: string;
  labels?: Record<string, string>;
  level: number;
}

/** Checked {@link CalibrateOptions}: `bursts` undefined when not given. */
export interface CheckedCalibrateOptions {
  level: number;
  bursts: number | undefined;
  scrapeOptions: ScrapeOptions;
}

/** Checks the options of {@link calibrate} and fills in the level's default. */
export function readCalibrateOptions(options: CalibrateOptions): CheckedCalibrateOptions {
  const model = "calibrate";
  const o = assertObject(model, options, "options", [
    "metric",
    "labels",
    "burstsPerRequest",
    "level",
  ]);
  const level = o.level === undefined ? 0.9 : (o.level as number);
  if (!(typeof level === "number" && level > 0 && level < 1)) {
    throw new ModelInputError(model, "options.level", o.level, "a probability in (0, 1)");
  }
  const bursts =
    o.burstsPerRequest === undefined
      ? undefined
      : assertInteger(model, "options.burstsPerRequest", o.burstsPerRequest, 1, 10_000);
  const scrapeOptions = {
    ...(o.metric === undefined ? {} : { metric: o.metric as string }),
    ...(o.labels === undefined ? {} : { labels: o.labels as Record<string, string> }),
    level,
  };
  return { level, bursts, scrapeOptions };
}
