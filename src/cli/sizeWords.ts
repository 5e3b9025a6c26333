import { human, mebibytes, milliseconds, percent } from "../charts/format.js";
import type { DeploymentSizing } from "../deploy/sizeDeployment.js";
import type { SizingSuggestion } from "../deploy/sizeExplanation.js";

// `pywebperf size` in words: the explanation's figures, and what would meet the SLO.

const machinesWord = (n: number): string => (n === 1 ? "1 machine" : `${n} machines`);

/** One suggestion as a line, with the option that applies it. */
function suggestionLine(s: SizingSuggestion): string {
  if ("machines" in s)
    return `${machinesWord(s.machines)} of this size   (--machines ${s.machines})`;
  if ("sloResponseTimeSec" in s) {
    // Rounded up to 4 digits: a target rounded down would be missed.
    const ms = s.sloResponseTimeSec * 1000;
    const step = 10 ** (Math.floor(Math.log10(ms)) - 3);
    const up = human(Math.ceil(ms / step) * step);
    return `an SLO of ${up} ms or more   (--slo ${up}ms)`;
  }
  if ("memoryBytes" in s) {
    const mb = Math.ceil(s.memoryBytes / 2 ** 20);
    return `${mebibytes(s.memoryBytes)} of memory   (--memory ${mb}MiB)`;
  }
  return `${s.cores} cores   (--cores ${s.cores})`;
}

/** The capacity lines: cores needed against cores present, machines, idle floor, memory. */
export function capacityLines(s: DeploymentSizing, quantile: string): string[] {
  const e = s.explanation;
  const lines = [
    `The load needs ${human(e.coresNeeded)} ${e.coresNeeded === 1 ? "core" : "cores"} (${human(e.demandPerSec)} /s × ` +
      `${milliseconds(e.cpuSecPerRequest)} CPU per request); ${machinesWord(s.machines)} ` +
      `${s.machines === 1 ? "has" : "have"} ${e.coresPresent}: ${percent(e.coreUtilizationNeeded)} busy ` +
      `against at most ${percent(e.maxCoreUtilization)}.`,
    e.machinesNeeded === undefined
      ? "No number of machines of this size meets the SLO."
      : `Machines of this size needed: ${e.machinesNeeded}.`,
    `An idle server answers at ${quantile} ${milliseconds(e.idleQuantileSec)}: no SLO under it can be met.`,
  ];
  if (e.memoryNeededBytes !== undefined) {
    lines.push(
      `The leanest configuration that meets the rest needs a machine of ${mebibytes(e.memoryNeededBytes)}; ` +
        `this one has ${mebibytes(e.memoryPresentBytes)}.`,
    );
  }
  return lines;
}

/** What would meet the SLO, one line each (none when something does). */
export function suggestionLines(s: DeploymentSizing): string[] {
  const list = s.explanation.suggestions;
  if (list.length === 0) return [];
  return ["What would meet it (each alone):", ...list.map((x) => `  - ${suggestionLine(x)}`)];
}
