/**
 * The model's own error against real servers: the 90th percentile of |predicted/measured − 1|
 * over the lab's 100 loaded runs of data set `data/lab-2026-11-27-2.jsonl` (gunicorn sync,
 * gthread and gevent, mod_wsgi and uWSGI, five workloads, 4 and 16 connections; each server ×
 * workload calibrated on its own single-connection run). `scripts/model-error.mjs` computes
 * these figures from that data set (`npm run build && node scripts/model-error.mjs`), and
 * test/deploy/modelError.test.ts checks that they agree. `pywebperf check` adds them to its
 * prediction intervals: a calibration's uncertainty alone leaves out that the model is not exact.
 */
export const MODEL_ERROR_90 = {
  throughputPerSec: 0.1234,
  meanResponseTimeSec: 0.1365,
  p99Sec: 0.2416,
} as const;
