import { accessLogDigester } from "../fit/accessLogDigest.js";
import {
  readCalibrationSource,
  unknownFormat,
  type CalibrationSource,
} from "../fit/calibrationSource.js";
import { detectFormat } from "../fit/detectFormat.js";
import { UsageError } from "./args.js";
import { MAX_FILE_BYTES } from "./files.js";

/** What reading users' data files needs: their lines, and a progress line on stderr. */
export interface DataFileIo {
  /** The lines of a file (streamed; gzip read through). */
  lines(path: string): AsyncIterable<string>;
  /** A progress line (stderr); the empty string clears it. */
  progress?: (line: string) => void;
  /** Milliseconds since some fixed time (for progress every couple of seconds). */
  now?: () => number;
}

/** How much of a file's start decides its kind. */
const HEAD_BYTES = 65536;
/** Progress shows once reading has taken this long, and then this often. */
const PROGRESS_MS = 2000;

/**
 * Reads one of the user's files for calibrate and check: its kind from its first lines, an
 * access log streamed through a digest (a day of log in bounded memory, with progress after a
 * couple of seconds), any other file as text of at most {@link MAX_FILE_BYTES}.
 */
export async function readDataFile(
  path: string,
  io: DataFileIo,
  options: { logFormat?: string },
): Promise<CalibrationSource> {
  const lines = io.lines(path)[Symbol.asyncIterator]();
  const head: string[] = [];
  let bytes = 0;
  let done = false;
  while (bytes < HEAD_BYTES) {
    const next = await lines.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    bytes += next.value.length + 1;
  }
  const kind = detectFormat(head.join("\n"));
  if (kind === "access-log" || (kind === undefined && options.logFormat !== undefined)) {
    const digester = accessLogDigester(options.logFormat, { source: path });
    let number = 0;
    const started = io.now?.() ?? 0;
    let shown = started;
    const take = (line: string) => digester.add(line, ++number);
    head.forEach(take);
    while (!done) {
      const next = await lines.next();
      if (next.done) break;
      take(next.value);
      if (io.now && io.progress && number % 65536 === 0) {
        const t = io.now();
        if (t - shown >= PROGRESS_MS && t - started >= PROGRESS_MS) {
          io.progress(`pywebperf: ${path}: ${number.toLocaleString("en-US")} lines read`);
          shown = t;
        }
      }
    }
    if (shown !== started) io.progress?.("");
    return { format: "access-log", source: path, digest: digester.digest() };
  }
  if (kind === undefined) throw unknownFormat(path);
  const text = [...head];
  while (!done) {
    const next = await lines.next();
    if (next.done) break;
    text.push(next.value);
    bytes += next.value.length + 1;
    if (bytes > MAX_FILE_BYTES) {
      throw new UsageError(
        `cannot read ${path}: more than ${MAX_FILE_BYTES / 2 ** 20} MiB (only access logs may be larger)`,
      );
    }
  }
  return readCalibrationSource(path, text.join("\n"), options);
}
