import { human, mebibytes, milliseconds, percent, quantileLabel } from "../charts/format.js";
import { calibrate } from "../fit/calibrate.js";
import type { Calibration, FittedValue } from "../fit/calibration.js";
import type { CalibrationSource } from "../fit/calibrationSource.js";
import { readNumber, UsageError } from "./args.js";
import { parseDataArgs, readLabels, type DataArgs } from "./dataArgs.js";
import { readDataFile, type DataFileIo } from "./dataFiles.js";
import { toJson } from "./files.js";

// `pywebperf calibrate FILE… [--json] [--log-format F] [--metric NAME] [--label k=v] [--bursts N]`

export const CALIBRATE_SUMMARY =
  "an application profile, with intervals, from locust, k6, Prometheus, OTLP, access logs and ps";

const CALIBRATE_USAGE = [
  `pywebperf calibrate — ${CALIBRATE_SUMMARY}`,
  "",
  "Usage: pywebperf calibrate FILE... [--log-format F] [--metric NAME] [--label k=v]",
  "                           [--bursts N] [--level 0.9] [--json]",
  "",
  "  FILE          any mix, kind found from the content (gzip read through): locust's",
  "                _stats.csv and _stats_history.csv, k6 --out json and summary export,",
  "                Prometheus scrapes (a series: each begins '# scrape at TIME'), OTLP",
  "                JSON metrics, access logs (gunicorn, Apache, nginx), two ps snapshots",
  "  --log-format  the access log's format: a name (gunicorn-%(D)s, apache-%D,",
  "                nginx-$request_time, ...) or the server's own format string",
  "  --metric      the Prometheus request-duration histogram (default: a known name)",
  "  --label       only the histogram's series with this label, e.g. handler=/items (repeatable)",
  "  --bursts      CPU/I-O alternations per request if known (database queries); default 1",
  "  --level       probability of the intervals (default 0.9)",
  "  --json        print JSON: app, uncertainty, measured, sources, notIdentified, warnings",
  "",
  "The profile goes straight into deploy and size (--cpu-time, --io-time, --cpu-scv, --io-scv).",
  "docs/calibrate.md shows how to produce each file.",
].join("\n");

export const DATA_OPTIONS = ["log-format", "metric", "bursts", "level"];

/** Reads the files of a data command and calibrates. */
export async function calibrateFiles(args: DataArgs, io: DataFileIo): Promise<Calibration> {
  if (args.files.length === 0) throw new UsageError("give the files to read (see --help)");
  const logFormat = args.options.get("log-format");
  const sources: CalibrationSource[] = [];
  for (const file of args.files) {
    sources.push(await readDataFile(file, io, logFormat === undefined ? {} : { logFormat }));
  }
  const bursts = args.options.get("bursts");
  const level = args.options.get("level");
  const metric = args.options.get("metric");
  const labels = readLabels(args.repeated.get("label") ?? []);
  return calibrate(sources, {
    ...(bursts === undefined ? {} : { burstsPerRequest: readNumber("bursts", bursts) }),
    ...(level === undefined ? {} : { level: readNumber("level", level) }),
    ...(metric === undefined ? {} : { metric }),
    ...(labels === undefined ? {} : { labels }),
  });
}

/** A fitted value as "8.9 ms [8.5, 9.3]" (times) or "0.42 [0.3, 0.6]". */
function fitted(f: FittedValue, time: boolean): string {
  const show = time ? milliseconds : (x: number) => human(x);
  return `${show(f.value)}  [${show(f.lower)}, ${show(f.upper)}]`;
}

/** The report of a calibration, as the table users read. */
function calibrationText(c: Calibration): string {
  const m = c.measured;
  const rows: [string, string][] = [];
  if (m.throughputPerSec !== undefined) {
    rows.push(["throughput", `${human(m.throughputPerSec)} /s`]);
  }
  rows.push(["mean response time", milliseconds(m.meanResponseTimeSec)]);
  for (const [p, q] of Object.entries(m.quantilesSec)) {
    rows.push([
      `${quantileLabel(Number(p))}${m.quantilesFitted ? " (fitted)" : ""}`,
      milliseconds(q),
    ]);
  }
  if (m.cpuSecPerRequest !== undefined) {
    rows.push(["CPU per request", milliseconds(m.cpuSecPerRequest)]);
  }
  if (m.inFlight !== undefined) rows.push(["requests in flight", human(m.inFlight)]);
  if (m.residentMemoryBytes !== undefined) {
    rows.push(["worker RSS", mebibytes(m.residentMemoryBytes)]);
  }
  rows.push(["requests", String(m.requests)]);
  const width = Math.max(...rows.map((r) => r[0].length));
  const lines = [
    `pywebperf calibrate — ${c.sources.length} file${c.sources.length > 1 ? "s" : ""}`,
    m.window
      ? `Calibration window: the ${m.window.what}, ${new Date(m.window.fromSec * 1000).toISOString()} to ${new Date(m.window.toSec * 1000).toISOString()}`
      : "Calibration window: all of the data",
    "",
    "Measured",
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    "",
    `Profile (${percent(c.level)} intervals)`,
  ];
  const app = c.app;
  const profile: [string, string, string][] = [];
  const add = (
    field: keyof Calibration["uncertainty"],
    value: number | undefined,
    time: boolean,
  ) => {
    const u = c.uncertainty[field];
    const missing = c.notIdentified.find((n) => n.field === field);
    if (u) profile.push([field, fitted(u, time), u.from]);
    else if (missing)
      profile.push([
        field,
        time ? milliseconds(missing.value) : human(missing.value),
        "not identified (below)",
      ]);
    else if (value !== undefined)
      profile.push([field, time ? milliseconds(value) : human(value), ""]);
  };
  add("responseTimeSec", app.cpuTimeSec + app.ioTimeSec, true);
  add("cpuTimeSec", app.cpuTimeSec, true);
  add("ioTimeSec", app.ioTimeSec, true);
  add("cpuTimeScv", app.cpuTimeScv, false);
  add("ioTimeScv", app.ioTimeScv, false);
  const bursts = c.notIdentified.find((n) => n.field === "burstsPerRequest");
  profile.push([
    "burstsPerRequest",
    String(app.burstsPerRequest ?? 1),
    bursts ? "not identified (below)" : "given",
  ]);
  const w0 = Math.max(...profile.map((p) => p[0].length));
  const w1 = Math.max(...profile.map((p) => p[1].length));
  lines.push(
    ...profile.map(([a, b, from]) => `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${from}`.trimEnd()),
  );
  if (c.notIdentified.length > 0) {
    lines.push("", "Not identified by the data (the value used):");
    lines.push(...c.notIdentified.map((n) => `  ${n.field} = ${human(n.value)}: ${n.why}`));
  }
  if (c.warnings.length > 0) lines.push("", "Warnings:", ...c.warnings.map((w) => `  ${w}`));
  lines.push("", "Files:");
  lines.push(
    ...c.sources.map(
      (s) => `  ${s.file} (${s.format}): ${s.used.length > 0 ? s.used.join(", ") : "not used"}`,
    ),
  );
  if (c.stages.length > 0) {
    lines.push(
      "",
      `${c.stages.length} load-test stages: pywebperf check with the deployment lines them up with the model.`,
    );
  }
  lines.push(
    "",
    `Try: pywebperf deploy --kind ... --cpu-time ${human(app.cpuTimeSec * 1000)}ms --io-time ${human(app.ioTimeSec * 1000)}ms${app.cpuTimeScv === undefined ? "" : ` --cpu-scv ${human(app.cpuTimeScv)} --io-scv ${human(app.ioTimeScv ?? 1)}`}${app.burstsPerRequest && app.burstsPerRequest > 1 ? ` --bursts ${app.burstsPerRequest}` : ""} ...`,
  );
  return lines.join("\n");
}

/** The JSON of a calibration: the issue's fields, stages without their internals. */
function calibrationJson(c: Calibration): unknown {
  return {
    app: c.app,
    uncertainty: c.uncertainty,
    level: c.level,
    measured: c.measured,
    sources: c.sources,
    notIdentified: c.notIdentified,
    warnings: c.warnings,
    stages: c.stages.map((s) => ({
      users: s.users,
      window: s.window,
      requests: s.client.requests,
      throughputPerSec: s.client.throughputPerSec,
      meanResponseTimeSec: s.client.meanResponseTimeSec,
      quantilesSec: s.client.quantilesSec,
    })),
  };
}

/** Runs `pywebperf calibrate`; returns the exit status. */
export async function runCalibrate(
  argv: readonly string[],
  out: (text: string) => void,
  io: DataFileIo,
): Promise<number> {
  const args = parseDataArgs(argv, DATA_OPTIONS, ["json"], ["label"]);
  if (args.flags.has("help")) {
    out(CALIBRATE_USAGE);
    return 0;
  }
  const c = await calibrateFiles(args, io);
  out(args.flags.has("json") ? toJson(calibrationJson(c)) : calibrationText(c));
  return 0;
}
