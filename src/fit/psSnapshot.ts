import { ModelInputError } from "../errors.js";
import { assertObject, assertPositive } from "../validate.js";

/** One process of a `ps` snapshot. */
export interface PsProcess {
  pid: number;
  /** Resident set size, bytes (`ps` prints KiB). */
  rssBytes: number;
  /** CPU time used so far, seconds. */
  cpuSec: number;
}

/** `[[dd-]hh:]mm:ss` as seconds. */
function cpuTime(text: string): number {
  const m = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)$/.exec(text);
  if (!m) return Number.NaN;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3])) * 60 + Number(m[4]);
}

/**
 * Reads the output of `ps -o pid=,rss=,time= -p <pids>` (or with a header line: it is skipped):
 * process id, RSS in KiB, and CPU time as `[[dd-]hh:]mm:ss`.
 *
 * @param text - The output of ps.
 * @returns One entry per process.
 * @throws {@link ModelInputError} when no line parses.
 * @example
 * ```ts
 * parsePsSnapshot("  PID   RSS     TIME\n 4242 30512 00:01:05\n").processes[0].cpuSec; // => 65
 * ```
 */
export function parsePsSnapshot(text: string): { processes: PsProcess[] } {
  if (typeof text !== "string")
    throw new ModelInputError("parsePsSnapshot", "text", text, "a string");
  const processes: PsProcess[] = [];
  for (const line of String(text).split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3) continue;
    const pid = Number(f[0]);
    const rss = Number(f[1]);
    const cpu = cpuTime(f[2] ?? "");
    if (!Number.isInteger(pid) || !Number.isFinite(rss) || !Number.isFinite(cpu)) continue;
    processes.push({ pid, rssBytes: rss * 1024, cpuSec: cpu });
  }
  if (processes.length === 0) {
    throw new ModelInputError("parsePsSnapshot", "text", text, "ps output: pid, rss (KiB), time");
  }
  return { processes };
}

/**
 * CPU seconds per request and mean worker RSS between two `ps` snapshots of the same workers,
 * given the requests served in between (from an access log, or a counter). A process only in
 * `after` started in between (a new or recycled worker): all its CPU time counts. A process only
 * in `before` ended in between and its CPU time since then is lost to ps, so the estimate is low:
 * `ended` says how many. ps reports CPU time to the second: take the snapshots far enough apart
 * that the workers use minutes of CPU.
 *
 * @param input - The two snapshots and the requests between them.
 * @returns `cpuSecPerRequest`, `meanRssBytes` of the processes in `after`, and how many of them
 *   `started` and `ended` in between.
 * @throws {@link ModelInputError} when no process is in both or no request was served.
 * @example
 * ```ts
 * cpuPerRequestFromPs({ before: "1 1000 00:01:00\n2 1000 00:01:00", after: "1 1000 00:02:00\n2 1000 00:02:40", requests: 16000 }).cpuSecPerRequest; // => 0.01
 * ```
 */
export function cpuPerRequestFromPs(input: { before: string; after: string; requests: number }): {
  cpuSecPerRequest: number;
  meanRssBytes: number;
  started: number;
  ended: number;
} {
  const model = "cpuPerRequestFromPs";
  const o = assertObject(model, input, "input", ["before", "after", "requests"]);
  assertPositive(model, "requests", o.requests);
  for (const field of ["before", "after"] as const) {
    if (typeof o[field] !== "string") {
      throw new ModelInputError(model, field, o[field], "the text of a ps snapshot");
    }
  }
  const before = new Map(parsePsSnapshot(input.before).processes.map((p) => [p.pid, p]));
  const after = parsePsSnapshot(input.after).processes;
  let cpu = 0;
  let rss = 0;
  let both = 0;
  for (const p of after) {
    const b = before.get(p.pid);
    if (b) both++;
    cpu += p.cpuSec - (b?.cpuSec ?? 0);
    rss += p.rssBytes;
  }
  if (both === 0) {
    throw new ModelInputError(model, "after", input.after, "the same process ids as `before`");
  }
  return {
    cpuSecPerRequest: cpu / input.requests,
    meanRssBytes: rss / after.length,
    started: after.length - both,
    ended: before.size - both,
  };
}
