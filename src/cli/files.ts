import { readFileSync, statSync, type Stats } from "node:fs";
import { UsageError } from "./args.js";

/** The largest scenario file the CLI reads, bytes (a real one is a few kilobytes). */
export const MAX_FILE_BYTES = 64 * 2 ** 20;

/**
 * Reads a text file for the CLI: a regular file (not a directory, FIFO or device) of at most
 * {@link MAX_FILE_BYTES}, in UTF-8 without NUL bytes. Each refusal is a one-line
 * {@link UsageError} naming the file.
 */
export function readTextFile(path: string): string {
  const stat = regularFile(path);
  if (stat.size > MAX_FILE_BYTES) {
    throw new UsageError(
      `cannot read ${path}: ${stat.size} bytes, more than the ${MAX_FILE_BYTES / 2 ** 20} MiB a scenario may have`,
    );
  }
  const bytes = readFileSync(path);
  if (bytes.length > MAX_FILE_BYTES) {
    throw new UsageError(`cannot read ${path}: more than ${MAX_FILE_BYTES / 2 ** 20} MiB`);
  }
  if (bytes.includes(0)) throw new UsageError(`cannot read ${path}: binary content (a NUL byte)`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`cannot read ${path}: not UTF-8 text`);
  }
}

/** JSON output of every command: `Infinity`, `-Infinity` and `NaN` as strings (JSON has no such numbers). */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v),
    2,
  );
}

/** The stat of a regular file; a one-line {@link UsageError} naming it for anything else. */
export function regularFile(path: string): Stats {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!stat.isFile()) {
    const what = stat.isDirectory()
      ? "a directory"
      : "not a regular file (a FIFO, socket or device)";
    throw new UsageError(`cannot read ${path}: ${what}`);
  }
  return stat;
}
