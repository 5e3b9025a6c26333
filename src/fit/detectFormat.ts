/** The kinds of file `pywebperf calibrate` reads, named by {@link detectFormat}. */
export type DataFormat =
  | "access-log"
  | "locust-stats"
  | "locust-history"
  | "k6-json"
  | "k6-summary"
  | "prometheus"
  | "otlp-json"
  | "ps";

/** How each {@link DataFormat} is called in what users read: the tools' own names. */
export const DATA_FORMAT_NAMES: Readonly<Record<DataFormat, string>> = {
  "access-log": "access log",
  "locust-stats": "locust _stats.csv",
  "locust-history": "locust _stats_history.csv",
  "k6-json": "k6 --out json",
  "k6-summary": "k6 summary export",
  prometheus: "Prometheus scrape",
  "otlp-json": "OpenTelemetry OTLP JSON",
  ps: "ps snapshot",
};

const PROMETHEUS_LINE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?\s+([-+]?(\d[\d.eE+-]*|\.\d+|Inf)|NaN)(\s+-?\d+)?$/;
const PS_LINE = /^\s*\d+\s+\d+\s+(\d+-)?(\d+:)?\d+:\d+(\s|$)/;
const ACCESS_LINE = /\[[^\]]+\]\s+"[^"]*"\s+\d{3}\s/;

/**
 * Which kind of file a text is, from its first lines: locust's CSV headers, k6's JSON points or
 * summary, OTLP's `resourceMetrics`, Prometheus exposition lines, a `ps` table, or an access-log
 * line (`[time] "request" status`).
 *
 * @param head - The start of the file (its first few kilobytes are enough).
 * @returns The format, or undefined when it is none of them.
 * @example
 * ```ts
 * detectFormat("Timestamp,User Count,Type,Name,Requests/s\n"); // => "locust-history"
 * ```
 */
export function detectFormat(head: string): DataFormat | undefined {
  const text = head.replace(/^\uFEFF/, "");
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  const first = lines.find((l) => l.trim() !== "")?.trim() ?? "";
  const header = first.replace(/"/g, "");
  if (header.startsWith("Type,Name,Request Count")) return "locust-stats";
  if (header.startsWith("Timestamp,User Count")) return "locust-history";
  if (first.startsWith("{")) {
    if (/^\{\s*"resourceMetrics"/.test(first) || /"resourceMetrics"\s*:/.test(text)) {
      return "otlp-json";
    }
    if (/"type"\s*:\s*"(Metric|Point)"/.test(first) && /"metric"\s*:/.test(first)) return "k6-json";
    if (/"metrics"\s*:/.test(text) && /"(root_group|http_req_duration)"/.test(text)) {
      return "k6-summary";
    }
    return undefined;
  }
  const content = lines.filter((l) => l.trim() !== "").slice(0, 20);
  if (content.length === 0) return undefined;
  if (content.some((l) => /^\s*PID\s/.test(l)) || content.every((l) => PS_LINE.test(l))) {
    return "ps";
  }
  if (content.some((l) => ACCESS_LINE.test(l))) return "access-log";
  const exposition = content.filter((l) => !l.startsWith("#"));
  if (
    content.some((l) => /^#\s+(HELP|TYPE)\s|^#\s*scrape at\s/.test(l)) ||
    (exposition.length > 0 && exposition.every((l) => PROMETHEUS_LINE.test(l.trim())))
  ) {
    return "prometheus";
  }
  return undefined;
}
