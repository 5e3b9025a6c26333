import { DataFormatError, ModelInputError } from "../errors.js";
import { parsePrometheusText, type PrometheusScrape } from "./prometheusText.js";
import { readerSource } from "./readerSource.js";

/** One scrape of a series, from {@link parsePrometheusScrapes}. */
export interface TimedScrape {
  /** When it was taken, seconds since the epoch; absent when its file does not say. */
  atSec?: number;
  /** The 1-based line of the file it starts on. */
  line: number;
  scrape: PrometheusScrape;
}

/** The comment that starts each scrape of a series: `# scrape at 2026-12-02T17:40:05.123Z`. */
const SCRAPE_AT = /^#\s*scrape at\s+(\S+)\s*$/;

/** Seconds since the epoch of an ISO 8601 time with a zone, or of a number of Unix seconds. */
function readTime(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/**
 * Reads a file holding one Prometheus scrape, or a series of them: each scrape of a series begins
 * with a comment line `# scrape at TIME` (an ISO 8601 time with its zone, or Unix seconds), as
 * written by
 * `while sleep 15; do echo "# scrape at $(date -u +%FT%TZ)"; curl -s http://127.0.0.1:8000/metrics; done >> scrapes.prom`.
 * Comments are part of the exposition format, so each scrape stays valid on its own. A file
 * without such a line is one scrape taken at an unknown time (rates per request can still be
 * taken from two such files; rates per second need the times).
 *
 * @param text - The file's contents.
 * @param options - `source`: what errors call the text, e.g. its file name.
 * @returns The scrapes in file order.
 * @throws {@link DataFormatError} naming the source and the line of the file for a malformed
 * scrape, a time that is not one, a scrape earlier than the one before it, or no scrape at all.
 * @example
 * ```ts
 * parsePrometheusScrapes("# scrape at 2026-12-02T00:00:00Z\nup 1\n# scrape at 2026-12-02T00:00:15Z\nup 1\n")[1].atSec; // => 1796169615
 * ```
 */
export function parsePrometheusScrapes(
  text: string,
  options: { source?: string } = {},
): TimedScrape[] {
  const model = "parsePrometheusScrapes";
  if (typeof text !== "string") throw new ModelInputError(model, "text", text, "a string");
  const source = readerSource(model, options, "prometheus text");
  const lines = text.split("\n");
  const starts: { line: number; atSec?: number }[] = [];
  lines.forEach((raw, i) => {
    const m = SCRAPE_AT.exec(raw.trim());
    if (!m) return;
    const atSec = readTime(m[1] ?? "");
    if (atSec === undefined) {
      throw new DataFormatError(
        source,
        i + 1,
        `"${m[1]}" is not a time: write # scrape at 2026-12-02T17:40:05Z (ISO 8601 with a zone) or Unix seconds`,
      );
    }
    starts.push({ line: i + 1, atSec });
  });
  const before = starts.length === 0 ? lines.length : (starts[0]?.line ?? 1) - 1;
  if (lines.slice(0, before).some((l) => l.trim() !== "" && !l.trim().startsWith("#"))) {
    if (starts.length > 0) {
      throw new DataFormatError(
        source,
        1,
        "samples before the first # scrape at line: every scrape of a series starts with one",
      );
    }
    starts.push({ line: 1 });
  }
  if (starts.length === 0) throw new DataFormatError(source, 0, "no Prometheus sample in it");
  const scrapes = starts.map((start, k) => {
    const end = starts[k + 1]?.line ?? lines.length + 1;
    const first = start.atSec === undefined ? start.line : start.line + 1;
    const body = lines.slice(first - 1, end - 1).join("\n");
    let scrape: PrometheusScrape;
    try {
      scrape = parsePrometheusText(body, { source });
    } catch (e) {
      if (!(e instanceof DataFormatError)) throw e;
      throw new DataFormatError(
        source,
        e.line === 0 ? start.line : e.line + first - 1,
        e.message.slice(`${e.source}${e.line > 0 ? `:${e.line}` : ""}: `.length),
      );
    }
    for (const f of scrape.families) for (const s of f.samples) s.line += first - 1;
    const atSec = start.atSec;
    return atSec === undefined ? { line: start.line, scrape } : { atSec, line: start.line, scrape };
  });
  scrapes.forEach((s, k) => {
    const previous = scrapes[k - 1]?.atSec;
    if (s.atSec !== undefined && previous !== undefined && s.atSec < previous) {
      throw new DataFormatError(source, s.line, "this scrape is earlier than the one before it");
    }
  });
  return scrapes;
}
