import { centralNormalQuantile } from "../math/normalQuantile.js";
import { MIN_CPU_TIME_SEC, type AppProfileInput } from "../python/appProfile.js";
import type { Calibration, FittedValue } from "./calibration.js";
import { noteUse, roughly, type CalibrationNotes } from "./calibrationNotes.js";
import type { MeasuredCpu } from "./measuredCpu.js";
import type { ResponseTimeAlone } from "./responseTimeAlone.js";
import type { WindowMeasurement } from "./windowMeasurement.js";

/** What the profile is fitted from. */
export interface ProfileEvidence {
  alone: ResponseTimeAlone;
  cpu: MeasuredCpu | undefined;
  /** Bursts per request when given. */
  bursts: number | undefined;
  /** Probability of the intervals. */
  level: number;
  measurements: readonly WindowMeasurement[];
}

/**
 * The application profile and its intervals: the CPU time (the whole time alone without a
 * measure of it), the rest as I/O, the spread as one SCV per burst, the worker's memory. Notes
 * what it used and could not identify.
 */
export function calibratedProfile(
  e: ProfileEvidence,
  notes: CalibrationNotes,
): { app: AppProfileInput; uncertainty: Calibration["uncertainty"] } {
  const { cpu, bursts } = e;
  const r1 = e.alone.meanSec;
  const cpuSec = cpuTime(r1, cpu, notes);
  const ioSec = Math.max(0, r1 - cpuSec);
  const b = bursts ?? 1;
  if (bursts === undefined) {
    notes.notIdentified.push({
      field: "burstsPerRequest",
      value: 1,
      why: "none of these files counts the CPU/I-O alternations of a request (database queries, calls out): 1 is assumed; give --bursts if you know it",
    });
  }
  const app: AppProfileInput = { cpuTimeSec: cpuSec, ioTimeSec: ioSec, burstsPerRequest: b };
  const uncertainty = intervals(e, cpuSec, ioSec);
  const spread = spreadPerBurst(e.alone, cpuSec, ioSec, b, notes);
  if (spread !== undefined) {
    app.cpuTimeScv = spread.value;
    app.ioTimeScv = spread.value;
    uncertainty.cpuTimeScv = spread;
    uncertainty.ioTimeScv = { ...spread };
  }
  const memoryFrom = e.measurements.find((m) => m.residentMemoryBytes !== undefined);
  if (memoryFrom?.residentMemoryBytes !== undefined) {
    app.memory = { processBaseBytes: memoryFrom.residentMemoryBytes };
    noteUse(notes, memoryFrom, "worker memory (process_resident_memory_bytes)");
  }
  return { app, uncertainty };
}

/** The CPU time per request: as measured, kept between the least CPU time and the time alone. */
function cpuTime(r1: number, cpu: MeasuredCpu | undefined, notes: CalibrationNotes): number {
  let cpuSec: number;
  if (cpu === undefined) {
    cpuSec = r1;
    notes.notIdentified.push({
      field: "cpuTimeSec",
      value: r1,
      why: "no CPU time in the files (process_cpu_seconds_total scrapes or two ps snapshots): the whole response time is taken as CPU, which gives the least capacity",
    });
  } else {
    cpuSec = cpu.value;
    if (cpuSec > r1 * 1.05) {
      notes.warnings.push(
        `CPU per request (${roughly(cpuSec)}) is above the response time of a request alone (${roughly(r1)}): is the process doing other work, or are the files from different servers? The I/O time is taken as 0`,
      );
    }
  }
  return Math.min(Math.max(cpuSec, MIN_CPU_TIME_SEC), r1);
}

/**
 * Normal intervals at the level of the time alone, the CPU time and the I/O time (their
 * difference: the two errors are independent).
 */
function intervals(e: ProfileEvidence, cpuSec: number, ioSec: number): Calibration["uncertainty"] {
  const { alone, cpu } = e;
  const r1Error = alone.standardErrorSec;
  const z = centralNormalQuantile(e.level);
  const uncertainty: Calibration["uncertainty"] = {};
  const interval = (value: number, se: number, from: string): FittedValue => ({
    value,
    standardError: se,
    lower: Math.max(0, value - z * se),
    upper: value + z * se,
    from,
  });
  if (r1Error !== undefined) {
    uncertainty.responseTimeSec = interval(alone.meanSec, r1Error, alone.meanFrom.source);
  }
  if (cpu !== undefined) {
    uncertainty.cpuTimeSec = interval(cpuSec, cpu.standardError, cpu.from);
    if (r1Error !== undefined) {
      const ioError = Math.hypot(r1Error, cpu.standardError);
      uncertainty.ioTimeSec = interval(ioSec, ioError, `${alone.meanFrom.source}, ${cpu.from}`);
    }
  }
  return uncertainty;
}

/**
 * The SCV of a CPU or I/O burst from the measured spread, Var R₁ = s·(cpu² + io²)/B, with its
 * interval; undefined (and noted as not identified) without a spread.
 */
function spreadPerBurst(
  alone: ResponseTimeAlone,
  cpuSec: number,
  ioSec: number,
  bursts: number,
  notes: CalibrationNotes,
): FittedValue | undefined {
  const { spreadFrom } = alone;
  const spreadMean = alone.spreadMeanSec;
  const squares = cpuSec * cpuSec + ioSec * ioSec;
  if (spreadFrom?.spread && squares > 0) {
    const s = spreadFrom.spread;
    const perBurst = (scv: number) => (scv * spreadMean * spreadMean * bursts) / squares;
    const value = perBurst(s.scv);
    noteUse(notes, spreadFrom, `spread (${s.how})`);
    if (!s.identified)
      notes.warnings.push(
        `the spread of ${spreadFrom.source} is not bounded by its data: ${s.how}`,
      );
    return { value, lower: perBurst(s.lower), upper: perBurst(s.upper), from: spreadFrom.source };
  }
  for (const field of ["cpuTimeScv", "ioTimeScv"]) {
    notes.notIdentified.push({
      field,
      value: 1,
      why: "no spread of the response times in the files (a histogram, an access log or k6 points): exponential (SCV 1) is assumed",
    });
  }
  return undefined;
}
