import { noteUse, type CalibrationNotes } from "./calibrationNotes.js";
import type { PsSource } from "./measureSources.js";
import { cpuPerRequestFromPs } from "./psSnapshot.js";
import type { PerRequestEstimate } from "./scrapeWindow.js";
import type { WindowMeasurement } from "./windowMeasurement.js";

/** CPU time per request as measured, with its standard error and the files it came from. */
export type MeasuredCpu = PerRequestEstimate & { from: string };

/**
 * CPU per request: the scrapes' process CPU, else two `ps` snapshots (taken to bracket the
 * requests of `meanFrom`); undefined without either. Notes what it used and warns of one lone
 * snapshot.
 */
export function measuredCpu(
  measurements: readonly WindowMeasurement[],
  psSources: readonly PsSource[],
  meanFrom: WindowMeasurement,
  notes: CalibrationNotes,
): MeasuredCpu | undefined {
  let cpu: MeasuredCpu | undefined;
  const cpuFrom = measurements.find((m) => m.cpuSecPerRequest !== undefined);
  if (cpuFrom?.cpuSecPerRequest) {
    cpu = { ...cpuFrom.cpuSecPerRequest, from: cpuFrom.source };
    noteUse(notes, cpuFrom, "CPU per request (process_cpu_seconds_total)");
  } else if (psSources.length >= 2) {
    const [before, after] = psSources as [PsSource, PsSource];
    const requests = measurements.find((m) => m.requests > 0)?.requests ?? meanFrom.requests;
    const ps = cpuPerRequestFromPs({ before: before.text, after: after.text, requests });
    // ps gives whole seconds: each process's difference is off by up to a second either way.
    cpu = {
      value: ps.cpuSecPerRequest,
      standardError: Math.SQRT2 / Math.sqrt(12) / requests,
      from: `${before.source}, ${after.source}`,
    };
    noteUse(notes, before, "CPU time before");
    noteUse(notes, after, "CPU time after");
    notes.warnings.push(
      `the ps snapshots are taken to bracket the ${requests} requests of ${meanFrom.source}`,
    );
  }
  if (psSources.length === 1) {
    notes.warnings.push(
      `one ps snapshot (${psSources[0]?.source}) is not enough: give one before and one after`,
    );
  }
  return cpu;
}
