import type { Calibration } from "./calibration.js";
import type { CalibrationSource } from "./calibrationSource.js";

/**
 * What a calibration says of its work as it goes: what each file was used for, the warnings,
 * and the profile fields the data could not identify, each in the order it was found.
 */
export interface CalibrationNotes {
  /** By file name, what was taken from the file. */
  used: Map<string, string[]>;
  warnings: string[];
  notIdentified: Calibration["notIdentified"];
}

/** Empty notes on the given files. */
export function startNotes(sources: readonly CalibrationSource[]): CalibrationNotes {
  return {
    used: new Map<string, string[]>(sources.map((s) => [s.source, []])),
    warnings: [],
    notIdentified: [],
  };
}

/**
 * Notes what a measurement was used for; its source may name several files (a series of
 * scrapes given as files). Nothing for an undefined measurement.
 */
export function noteUse(
  notes: CalibrationNotes,
  m: { source: string } | undefined,
  what: string,
): void {
  for (const file of m ? m.source.split(", ") : []) notes.used.get(file)?.push(what);
}

/** A figure in a warning: three significant digits, then the unit. */
export function roughly(x: number, unit = " s"): string {
  return `${Number(x.toPrecision(3))}${unit}`;
}
