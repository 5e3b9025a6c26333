import { DataFormatError, ModelInputError } from "../errors.js";
import type { ScrapeOptions } from "./calibrateOptions.js";
import type { CalibrationSource } from "./calibrationSource.js";
import { k6Stages } from "./k6Stages.js";
import { locustStages } from "./locustStages.js";
import type { ScrapeSeries } from "./scrapeSeries.js";
import {
  measureK6Points,
  measureLocustStage,
  measureScrapes,
  type TimeWindow,
  type WindowMeasurement,
} from "./windowMeasurement.js";

/** A stage of a load test as measured: the load, and the client's and the server's figures. */
export interface MeasuredStage {
  /** Locust users or k6 virtual users during the stage: clients with think time. */
  users: number;
  window: TimeWindow;
  /** What the load generator measured. */
  client: WindowMeasurement;
  /** What the server's scrapes measured over the same time, when there are scrapes. */
  server?: WindowMeasurement;
}

/**
 * The stages of the load tests among the files (k6 points with `vus`, a locust history), each
 * with what the scrapes saw over its time when they have times; in time order.
 */
export function measuredStages(
  sources: readonly CalibrationSource[],
  series: ScrapeSeries,
  scrapeOptions: ScrapeOptions,
): MeasuredStage[] {
  const level = scrapeOptions.level;
  const stages: MeasuredStage[] = [];
  /** A stage with what the scrapes saw over its time, when they have times. */
  const withServer = (stage: MeasuredStage): MeasuredStage => {
    if (!series.scrapes.some((t) => t.atSec !== undefined)) return stage;
    const server = tryMeasure(() =>
      measureScrapes(series.name, series.scrapes, { ...scrapeOptions, window: stage.window }),
    );
    return server ? { ...stage, server } : stage;
  };
  for (const s of sources) {
    if (s.format === "k6-json") {
      for (const { users, window } of k6Stages(s.metrics)) {
        const client = measureK6Points(s.source, s.metrics, { window, level });
        if (client.requests === 0) continue;
        client.throughputPerSec = client.requests / (window.toSec - window.fromSec);
        stages.push(withServer({ users, window, client }));
      }
    }
    if (s.format !== "locust-history") continue;
    for (const stage of locustStages(s.rows)) {
      if (stage.users === 0 || stage.requests === 0 || stage.endSec <= stage.startSec) continue;
      const window = { fromSec: stage.startSec, toSec: stage.endSec };
      const client = measureLocustStage(s.source, stage, s.rows);
      stages.push(withServer({ users: stage.users, window, client }));
    }
  }
  stages.sort((a, b) => a.window.fromSec - b.window.fromSec);
  return stages;
}

/** The stage to calibrate from: the first single-user one, else the one with fewest users. */
export function pickStage(stages: readonly MeasuredStage[]): MeasuredStage | undefined {
  const candidates = stages.filter((s) => s.client.meanResponseTimeSec !== undefined);
  const fewest = Math.min(...candidates.map((s) => s.users));
  return candidates.find((s) => s.users === fewest);
}

/** A measurement that may find nothing in its window: undefined then. */
function tryMeasure(f: () => WindowMeasurement): WindowMeasurement | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof DataFormatError || e instanceof ModelInputError) return undefined;
    throw e;
  }
}
