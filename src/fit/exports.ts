// The calibration part of the public API, re-exported whole by src/index.ts: reading what teams
// already have (load tests, logs, Prometheus, OpenTelemetry, ps) and fitting profiles from it.

export {
  fitAppProfile,
  type FitAppProfileInput,
  type FittedAppProfile,
  type SingleClientInput,
} from "./fitAppProfile.js";
export { serviceDemand, type ServiceDemand, type ServiceDemandInput } from "./serviceDemand.js";
export {
  fitDatabaseTier,
  type FitDatabaseTierInput,
  type FittedDatabaseTier,
  type FittedStatement,
  type PgStatementRow,
} from "./fitDatabaseTier.js";
export {
  fitMemcacheTier,
  type FitMemcacheTierInput,
  type FittedMemcacheTier,
  type MemcachedStats,
} from "./fitMemcacheTier.js";
export { parseAccessLog, summarizeAccessLog, type AccessLogSummary } from "./accessLog.js";
export type { AccessLogEntry, AccessLogFormat } from "./accessLogEntry.js";
export { parseLocustStats, type LocustReadOptions, type LocustStatsRow } from "./locustStats.js";
export { parseLocustHistory, type LocustHistoryRow } from "./locustHistory.js";
export { locustStages, type LocustStage } from "./locustStages.js";
export {
  parsePrometheusText,
  type ParsePrometheusTextOptions,
  type PrometheusScrape,
} from "./prometheusText.js";
export type {
  PrometheusBucket,
  PrometheusFamily,
  PrometheusHistogram,
  PrometheusMetricType,
  PrometheusSample,
} from "./prometheusFamily.js";
export {
  selectHistogram,
  REQUEST_DURATION_HISTOGRAMS,
  type SelectHistogramOptions,
  type SelectedHistogram,
} from "./selectHistogram.js";
export { scrapeDelta } from "./scrapeDelta.js";
export { parsePrometheusScrapes, type TimedScrape } from "./prometheusScrapes.js";
export {
  scrapeWindow,
  type PerRequestEstimate,
  type ScrapeWindow,
  type ScrapeWindowOptions,
} from "./scrapeWindow.js";
export {
  accessLogDigester,
  accessLogWindow,
  MAX_ENDPOINTS,
  type AccessLogDigest,
  type AccessLogDigester,
  type AccessLogWindow,
  type EndpointShare,
  type SecondSums,
} from "./accessLogDigest.js";
export { detectFormat, DATA_FORMAT_NAMES, type DataFormat } from "./detectFormat.js";
export {
  BUCKET_FIT_SHAPE_RANGE,
  fitBuckets,
  type BucketFit,
  type BucketFitQuantile,
  type FitBucketsOptions,
} from "./fitBuckets.js";
export { bucketFitQuantile } from "./bucketFitQuantile.js";
export { type BucketHistogram } from "./checkBucketHistogram.js";
export { readCalibrationSource, type CalibrationSource } from "./calibrationSource.js";
export { calibrate } from "./calibrate.js";
export type { CalibrateOptions } from "./calibrateOptions.js";
export type { Calibration, FittedValue } from "./calibration.js";
export type { MeasuredStage } from "./measuredStages.js";
export { MAX_MEAN_SEC, MIN_MEAN_SEC } from "./responseTimeAlone.js";
export {
  LOCUST_PERCENTILE_WINDOW_SEC,
  type MeasuredSpread,
  type TimeWindow,
  type WindowMeasurement,
} from "./windowMeasurement.js";
export { cpuPerRequestFromPs, parsePsSnapshot, type PsProcess } from "./psSnapshot.js";
export { parseK6Json, type K6JsonOptions, type K6Metric, type K6Point } from "./k6Json.js";
export { summarizeK6, type K6RequestSummary, type SummarizeK6Options } from "./summarizeK6.js";
export { k6Stages, type K6Stage } from "./k6Stages.js";
export {
  parseK6Summary,
  type K6Summary,
  type K6SummaryOptions,
  type K6TrendSummary,
} from "./k6Summary.js";
export {
  parseOtlpMetrics,
  type OtlpAttributes,
  type OtlpHistogramPoint,
  type OtlpMetric,
  type OtlpMetricsOptions,
  type OtlpNumberPoint,
} from "./otlpMetrics.js";
export {
  otlpActiveRequests,
  otlpRequestDurations,
  type OtlpDurationHistogram,
  type OtlpRequestDurationsOptions,
} from "./otlpHttpServer.js";
export {
  fitMemoryProfile,
  type FittedMemoryProfile,
  type MemoryMeasurementInput,
} from "./fitMemoryProfile.js";
export {
  fitWorkerMemory,
  type FittedWorkerMemory,
  type WorkerMemorySample,
} from "./fitWorkerMemory.js";
