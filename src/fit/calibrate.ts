import { DataFormatError, ModelInputError } from "../errors.js";
import type { AppProfileInput } from "../python/appProfile.js";
import { MIN_CPU_TIME_SEC } from "../python/appProfile.js";
import { assertInteger, assertObject } from "../validate.js";
import type { CalibrationSource } from "./calibrationSource.js";
import { DATA_FORMAT_NAMES } from "./detectFormat.js";
import { k6Stages } from "./k6Stages.js";
import { locustStages } from "./locustStages.js";
import { cpuPerRequestFromPs } from "./psSnapshot.js";
import type { PerRequestEstimate } from "./scrapeWindow.js";
import { centralNormalQuantile } from "../math/normalQuantile.js";
import {
  measureAccessLog,
  measureK6Points,
  measureK6Summary,
  measureLocustStage,
  measureLocustStats,
  measureOtlp,
  measureScrapes,
  type TimeWindow,
  type WindowMeasurement,
} from "./windowMeasurement.js";

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

/** A fitted figure: its value, standard error where there is one, interval, and source. */
export interface FittedValue {
  value: number;
  standardError?: number;
  lower: number;
  upper: number;
  /** The files it came from. */
  from: string;
}

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

/** Result of {@link calibrate}. */
export interface Calibration {
  /** An application profile that {@link evaluateDeployment} takes as it is (seconds). */
  app: AppProfileInput;
  /**
   * The fitted fields with their intervals, and `responseTimeSec`: the time of a request alone
   * (`cpuTimeSec + ioTimeSec`), measured, whose uncertainty and the CPU time's are independent.
   * Fields absent here were not identified (see `notIdentified`).
   */
  uncertainty: Partial<
    Record<"responseTimeSec" | "cpuTimeSec" | "ioTimeSec" | "cpuTimeScv" | "ioTimeScv", FittedValue>
  >;
  /** Probability of the intervals. */
  level: number;
  /** What the data measured, over the calibration window. */
  measured: {
    requests: number;
    throughputPerSec?: number;
    meanResponseTimeSec: number;
    /** Measured quantiles keyed "0.5", "0.9", "0.99" (fitted from buckets when `quantilesFitted`). */
    quantilesSec: Record<string, number>;
    quantilesFitted?: boolean;
    cpuSecPerRequest?: number;
    residentMemoryBytes?: number;
    /** Mean requests in flight over the window (Little's law), when the throughput is known. */
    inFlight?: number;
    /** The stretch of time calibrated from, when the data have times. */
    window?: TimeWindow & { what: string };
  };
  /** Each file, its kind (in the tool's words) and what was taken from it. */
  sources: { file: string; format: string; used: string[] }[];
  /** Profile fields the data could not identify: the value used and why. */
  notIdentified: { field: string; value: number; why: string }[];
  warnings: string[];
  /** The stages of a load test (a locust history, k6 points with `vus`), for `pywebperf check`. */
  stages: MeasuredStage[];
}

/** Response times below this or above {@link MAX_MEAN_SEC} are taken as a wrong unit. */
export const MIN_MEAN_SEC = 1e-5;
export const MAX_MEAN_SEC = 3600;

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
  const model = "calibrate";
  if (!Array.isArray(sources as unknown) || sources.length === 0) {
    throw new ModelInputError(model, "sources", sources, "a non-empty array of read files");
  }
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
  const z = centralNormalQuantile(level);
  const warnings: string[] = [];
  const used = new Map<string, string[]>(sources.map((s) => [s.source, []]));
  // A measurement's source may name several files (a series of scrapes given as files).
  const use = (m: { source: string } | undefined, what: string) => {
    for (const file of m ? m.source.split(", ") : []) used.get(file)?.push(what);
  };
  const scrapeOptions = {
    ...(o.metric === undefined ? {} : { metric: o.metric as string }),
    ...(o.labels === undefined ? {} : { labels: o.labels as Record<string, string> }),
    level,
  };

  // The load test's stages and the calibration window.
  const stages: MeasuredStage[] = [];
  // Scrapes given as several files are one series, in time order when they have times.
  const scrapeSources = sources.filter(
    (s): s is Extract<CalibrationSource, { format: "prometheus" }> => s.format === "prometheus",
  );
  const series = scrapeSources.flatMap((s) => s.scrapes);
  if (series.every((t) => t.atSec !== undefined)) {
    series.sort((a, b) => (a.atSec as number) - (b.atSec as number));
  }
  const seriesName = scrapeSources.map((s) => s.source).join(", ");
  /** A stage with what the scrapes saw over its time, when they have times. */
  const withServer = (stage: MeasuredStage): MeasuredStage => {
    if (!series.some((t) => t.atSec !== undefined)) return stage;
    const server = tryMeasure(() =>
      measureScrapes(seriesName, series, { ...scrapeOptions, window: stage.window }),
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
  const calibrationStage = pickStage(stages);
  if (calibrationStage && calibrationStage.users > 1) {
    warnings.push(
      `no single-user stage in the load test: calibrated from the ${calibrationStage.users}-user stage, whose times include queueing`,
    );
  }
  const window = calibrationStage?.window;

  // Every file's measurement over the window.
  const measurements: WindowMeasurement[] = [];
  const psSources: { source: string; text: string }[] = [];
  for (const s of sources) {
    const w = window === undefined ? {} : { window };
    switch (s.format) {
      case "prometheus":
        if (s === scrapeSources[0]) {
          measurements.push(measureScrapes(seriesName, series, { ...scrapeOptions, ...w }));
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
  if (calibrationStage) measurements.unshift(calibrationStage.client);

  // The time of a request alone: the client's mean first, then the server's.
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
  use(meanFrom, "mean response time");

  // The spread: a histogram's fit first, then moments.
  const spreadFrom =
    measurements.find((m) => m.spread && m.spread.how.startsWith("gamma")) ??
    measurements.find((m) => m.spread !== undefined);
  const spreadMean = spreadFrom?.meanResponseTimeSec ?? r1;
  const sd =
    spreadFrom?.spread !== undefined
      ? Math.sqrt(spreadFrom.spread.scv) * spreadMean
      : (meanFrom.standardDeviationSec ?? undefined);
  const r1Error = sd === undefined ? undefined : sd / Math.sqrt(meanFrom.requests);

  // CPU per request: the scrapes' process CPU, else two ps snapshots.
  let cpu: (PerRequestEstimate & { from: string }) | undefined;
  const cpuFrom = measurements.find((m) => m.cpuSecPerRequest !== undefined);
  if (cpuFrom?.cpuSecPerRequest) {
    cpu = { ...cpuFrom.cpuSecPerRequest, from: cpuFrom.source };
    use(cpuFrom, "CPU per request (process_cpu_seconds_total)");
  } else if (psSources.length >= 2) {
    type Ps = { source: string; text: string };
    const [before, after] = psSources as [Ps, Ps];
    const requests = measurements.find((m) => m.requests > 0)?.requests ?? meanFrom.requests;
    const ps = cpuPerRequestFromPs({ before: before.text, after: after.text, requests });
    // ps gives whole seconds: each process's difference is off by up to a second either way.
    cpu = {
      value: ps.cpuSecPerRequest,
      standardError: Math.SQRT2 / Math.sqrt(12) / requests,
      from: `${before.source}, ${after.source}`,
    };
    use(before, "CPU time before");
    use(after, "CPU time after");
    warnings.push(
      `the ps snapshots are taken to bracket the ${requests} requests of ${meanFrom.source}`,
    );
  }
  if (psSources.length === 1) {
    warnings.push(
      `one ps snapshot (${psSources[0]?.source}) is not enough: give one before and one after`,
    );
  }

  const notIdentified: Calibration["notIdentified"] = [];
  let cpuSec: number;
  if (cpu === undefined) {
    cpuSec = r1;
    notIdentified.push({
      field: "cpuTimeSec",
      value: r1,
      why: "no CPU time in the files (process_cpu_seconds_total scrapes or two ps snapshots): the whole response time is taken as CPU, which gives the least capacity",
    });
  } else {
    cpuSec = cpu.value;
    if (cpuSec > r1 * 1.05) {
      warnings.push(
        `CPU per request (${fmt(cpuSec)}) is above the response time of a request alone (${fmt(r1)}): is the process doing other work, or are the files from different servers? The I/O time is taken as 0`,
      );
    }
  }
  cpuSec = Math.min(Math.max(cpuSec, MIN_CPU_TIME_SEC), r1);
  const ioSec = Math.max(0, r1 - cpuSec);
  const b = bursts ?? 1;
  if (bursts === undefined) {
    notIdentified.push({
      field: "burstsPerRequest",
      value: 1,
      why: "none of these files counts the CPU/I-O alternations of a request (database queries, calls out): 1 is assumed; give --bursts if you know it",
    });
  }

  const app: AppProfileInput = { cpuTimeSec: cpuSec, ioTimeSec: ioSec, burstsPerRequest: b };
  const uncertainty: Calibration["uncertainty"] = {};
  const interval = (value: number, se: number, from: string): FittedValue => ({
    value,
    standardError: se,
    lower: Math.max(0, value - z * se),
    upper: value + z * se,
    from,
  });
  if (r1Error !== undefined) {
    uncertainty.responseTimeSec = interval(r1, r1Error, meanFrom.source);
  }
  if (cpu !== undefined) {
    uncertainty.cpuTimeSec = interval(cpuSec, cpu.standardError, cpu.from);
    if (r1Error !== undefined) {
      const ioError = Math.hypot(r1Error, cpu.standardError);
      uncertainty.ioTimeSec = interval(ioSec, ioError, `${meanFrom.source}, ${cpu.from}`);
    }
  }

  const squares = cpuSec * cpuSec + ioSec * ioSec;
  if (spreadFrom?.spread && squares > 0) {
    const s = spreadFrom.spread;
    const perBurst = (scv: number) => (scv * spreadMean * spreadMean * b) / squares;
    const value = perBurst(s.scv);
    const fitted = {
      value,
      lower: perBurst(s.lower),
      upper: perBurst(s.upper),
      from: spreadFrom.source,
    };
    app.cpuTimeScv = value;
    app.ioTimeScv = value;
    uncertainty.cpuTimeScv = fitted;
    uncertainty.ioTimeScv = { ...fitted };
    use(spreadFrom, `spread (${s.how})`);
    if (!s.identified)
      warnings.push(`the spread of ${spreadFrom.source} is not bounded by its data: ${s.how}`);
  } else {
    for (const field of ["cpuTimeScv", "ioTimeScv"]) {
      notIdentified.push({
        field,
        value: 1,
        why: "no spread of the response times in the files (a histogram, an access log or k6 points): exponential (SCV 1) is assumed",
      });
    }
  }

  const memoryFrom = measurements.find((m) => m.residentMemoryBytes !== undefined);
  if (memoryFrom?.residentMemoryBytes !== undefined) {
    app.memory = { processBaseBytes: memoryFrom.residentMemoryBytes };
    use(memoryFrom, "worker memory (process_resident_memory_bytes)");
  }

  // What was measured over the window.
  const throughputFrom = measurements.find((m) => m.throughputPerSec !== undefined);
  const quantileFrom =
    measurements.find(
      (m) => m.quantilesSec && !m.quantilesFitted && Object.keys(m.quantilesSec).length > 0,
    ) ?? measurements.find((m) => m.quantilesSec && Object.keys(m.quantilesSec).length > 0);
  const measured: Calibration["measured"] = {
    requests: meanFrom.requests,
    meanResponseTimeSec: r1,
    quantilesSec: quantileFrom?.quantilesSec ?? {},
  };
  if (quantileFrom?.quantilesFitted) measured.quantilesFitted = true;
  use(quantileFrom, quantileFrom?.quantilesFitted ? "quantiles (fitted)" : "quantiles");
  if (throughputFrom?.throughputPerSec !== undefined) {
    measured.throughputPerSec = throughputFrom.throughputPerSec;
    use(throughputFrom, "throughput");
    const inFlight = throughputFrom.throughputPerSec * r1;
    measured.inFlight = inFlight;
    if (!calibrationStage && inFlight > 1.5) {
      warnings.push(
        `the times were measured with ${fmt(inFlight, "")} requests in flight on average: above one they include queueing, so the I/O time is overstated; calibrate from a single-user run or a quiet period`,
      );
    }
  }
  if (cpu) measured.cpuSecPerRequest = cpu.value;
  if (memoryFrom?.residentMemoryBytes !== undefined) {
    measured.residentMemoryBytes = memoryFrom.residentMemoryBytes;
  }
  if (calibrationStage) {
    measured.window = {
      ...calibrationStage.window,
      what: `${calibrationStage.client.format === "k6-json" ? "k6 stage of" : "locust stage of"} ${calibrationStage.users} ${calibrationStage.client.format === "k6-json" ? "virtual " : ""}user${calibrationStage.users > 1 ? "s" : ""}`,
    };
  }
  if (stages.length > 0) {
    for (const s of sources.filter((s) => s.format === "locust-history")) {
      use(s, `${stages.length} stages`);
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
      used: used.get(s.source) ?? [],
    })),
    notIdentified,
    warnings,
    stages,
  };
}

/** The stage to calibrate from: the first single-user one, else the one with fewest users. */
function pickStage(stages: readonly MeasuredStage[]): MeasuredStage | undefined {
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

function fmt(x: number, unit = " s"): string {
  return `${Number(x.toPrecision(3))}${unit}`;
}
