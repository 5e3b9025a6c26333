// The state of a CFS quota in a simulated run (see pythonSimQuota.ts).

/** The quota's state in a run. */
export interface QuotaState {
  /** Runtime per period, seconds of CPU (Infinity: no limit). */
  quotaSec: number;
  periodSec: number;
  burstSec: number;
  /** CPU runtime left in this period. */
  runtimeSec: number;
  /** When the current period ends. */
  periodEnd: number;
  throttled: boolean;
  /** Periods measured, and those in which the quota ran out. */
  periods: number;
  throttledPeriods: number;
  /** Σ over the measured throttled time of the requests in the server, request-seconds. */
  stalledRequestSec: number;
}

/** The quota at time 0: a full period's runtime. */
export function startQuota(quotaSec: number, periodSec: number, burstSec: number): QuotaState {
  return {
    quotaSec,
    periodSec,
    burstSec,
    runtimeSec: quotaSec,
    periodEnd: periodSec,
    throttled: false,
    periods: 0,
    throttledPeriods: 0,
    stalledRequestSec: 0,
  };
}
