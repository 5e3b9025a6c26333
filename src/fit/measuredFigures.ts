import type { Calibration } from "./calibration.js";
import { noteUse, roughly, type CalibrationNotes } from "./calibrationNotes.js";
import type { MeasuredCpu } from "./measuredCpu.js";
import type { MeasuredStage } from "./measuredStages.js";
import type { ResponseTimeAlone } from "./responseTimeAlone.js";
import type { WindowMeasurement } from "./windowMeasurement.js";

/**
 * What was measured over the calibration window: requests, mean, quantiles (measured ones before
 * fitted ones), throughput and the requests in flight (Little's law), CPU, memory, the window.
 * Warns when the times were taken with requests queueing (no stage to calibrate from).
 */
export function measuredFigures(
  measurements: readonly WindowMeasurement[],
  alone: ResponseTimeAlone,
  cpu: MeasuredCpu | undefined,
  calibrationStage: MeasuredStage | undefined,
  notes: CalibrationNotes,
): Calibration["measured"] {
  const r1 = alone.meanSec;
  const throughputFrom = measurements.find((m) => m.throughputPerSec !== undefined);
  const quantileFrom =
    measurements.find(
      (m) => m.quantilesSec && !m.quantilesFitted && Object.keys(m.quantilesSec).length > 0,
    ) ?? measurements.find((m) => m.quantilesSec && Object.keys(m.quantilesSec).length > 0);
  const measured: Calibration["measured"] = {
    requests: alone.meanFrom.requests,
    meanResponseTimeSec: r1,
    quantilesSec: quantileFrom?.quantilesSec ?? {},
  };
  if (quantileFrom?.quantilesFitted) measured.quantilesFitted = true;
  noteUse(notes, quantileFrom, quantileFrom?.quantilesFitted ? "quantiles (fitted)" : "quantiles");
  if (throughputFrom?.throughputPerSec !== undefined) {
    measured.throughputPerSec = throughputFrom.throughputPerSec;
    noteUse(notes, throughputFrom, "throughput");
    const inFlight = throughputFrom.throughputPerSec * r1;
    measured.inFlight = inFlight;
    if (!calibrationStage && inFlight > 1.5) {
      notes.warnings.push(
        `the times were measured with ${roughly(inFlight, "")} requests in flight on average: above one they include queueing, so the I/O time is overstated; calibrate from a single-user run or a quiet period`,
      );
    }
  }
  if (cpu) measured.cpuSecPerRequest = cpu.value;
  const memoryFrom = measurements.find((m) => m.residentMemoryBytes !== undefined);
  if (memoryFrom?.residentMemoryBytes !== undefined) {
    measured.residentMemoryBytes = memoryFrom.residentMemoryBytes;
  }
  if (calibrationStage) {
    const k6 = calibrationStage.client.format === "k6-json";
    const users = calibrationStage.users;
    measured.window = {
      ...calibrationStage.window,
      what: `${k6 ? "k6 stage of" : "locust stage of"} ${users} ${k6 ? "virtual " : ""}user${users > 1 ? "s" : ""}`,
    };
  }
  return measured;
}
