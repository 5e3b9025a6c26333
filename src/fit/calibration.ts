import type { AppProfileInput } from "../python/appProfile.js";
import type { MeasuredStage } from "./measuredStages.js";
import type { TimeWindow } from "./windowMeasurement.js";

/** A fitted figure: its value, standard error where there is one, interval, and source. */
export interface FittedValue {
  value: number;
  standardError?: number;
  lower: number;
  upper: number;
  /** The files it came from. */
  from: string;
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
