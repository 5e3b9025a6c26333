import { human, milliseconds, percent } from "../charts/format.js";
import { ChartsUnavailableError, renderSvg } from "../charts/renderSvg.js";
import type { VegaLiteSpec } from "../charts/spec.js";
import { xyChart, type XySeries } from "../charts/xyChart.js";
import { checkStages, type CheckedFigure, type StageCheck } from "../deploy/checkStages.js";
import { serverCommand } from "../deploy/servers/serverCommand.js";
import { readBytes, readNumber, readSeconds, UsageError } from "./args.js";
import { commandInput } from "./commands.js";
import { calibrateFiles, DATA_OPTIONS } from "./calibrateCommand.js";
import { parseDataArgs } from "./dataArgs.js";
import type { DataFileIo } from "./dataFiles.js";
import { toJson } from "./files.js";
import { deploymentFrom, DEPLOYMENT_OPTIONS } from "./serverOptions.js";

// `pywebperf check FILE… --wait-time S --worker-class C --workers N [--threads N] --cores N`

export const CHECK_SUMMARY =
  "a load test's stages beside the model's predictions for the same server and load";

/** The deployment's options, as `deploy` takes them (`--server`, its settings, or `--kind`). */
const DEPLOYMENT_FLAGS = DEPLOYMENT_OPTIONS.filter((o) => o.kind !== "flag").map((o) => o.flag);
const BARE = DEPLOYMENT_OPTIONS.filter((o) => o.kind === "flag").map((o) => o.flag);
const CHECK_OPTIONS = [
  ...DATA_OPTIONS,
  ...DEPLOYMENT_FLAGS,
  "cores",
  "memory",
  "wait-time",
  "chart",
];

const CHECK_USAGE = [
  `pywebperf check — ${CHECK_SUMMARY}`,
  "",
  "Usage: pywebperf check FILE... --wait-time S [--server gunicorn] --worker-class C --workers N",
  "                       [--threads N] --cores N [--memory 4GiB] [--chart FILE.svg] [--json]",
  "",
  "  FILE                  a locust _stats_history.csv or k6 --out json points (stages of",
  "                        constant users) and what calibrates the profile (calibrate --help);",
  "                        the first single-user stage calibrates, the others are predicted",
  "  --wait-time           the users' mean locust wait_time or k6 sleep() (0 for none)",
  "  --server              the server the load test ran against (default gunicorn), with its",
  "                        settings as pywebperf deploy takes them (deploy --help), or --kind",
  "  --worker-class        gunicorn's worker class: sync, gthread, gevent, eventlet, …",
  "  --workers, --threads, --worker-connections   gunicorn's settings (defaults 1, 1, 1000)",
  "  --cores               CPU cores of the machine the server ran on",
  "  --memory              its memory (default 4GiB)",
  "  --chart FILE.svg      also write measured vs predicted throughput and latency",
  "  --log-format, --metric, --label, --bursts, --level   as for calibrate",
  "  --json                print JSON",
].join("\n");

const FIGURES: [CheckedFigure, string, (x: number) => string][] = [
  ["throughputPerSec", "throughput /s", (x) => human(x)],
  ["meanResponseTimeSec", "mean", milliseconds],
  ["p99Sec", "p99", milliseconds],
];

/** The table of a check: per stage, measured, predicted [interval] and error per figure. */
function checkText(c: StageCheck, describe: string): string {
  const header = ["users", "requests"];
  for (const [, name] of FIGURES) header.push(`${name} measured`, "predicted [interval]", "error");
  const rows = c.stages.map((s) => {
    const row = [String(s.users), String(s.requests)];
    for (const [f, , show] of FIGURES) {
      const m = s.measured[f];
      const p = s.predicted[f];
      const e = s.errors[f];
      row.push(
        m === undefined ? "—" : show(m),
        `${show(p.estimate)} [${show(p.lower)}, ${p.upper === Infinity ? "∞" : show(p.upper)}]`,
        e === undefined ? "" : `${e >= 0 ? "+" : ""}${human(e * 100)} %${s.inside[f] ? "" : " *"}`,
      );
    }
    return row;
  });
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const grid = all.map((r) =>
    `  ${r.map((cell, i) => (i < 2 ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join("  ")}`.trimEnd(),
  );
  const summary = FIGURES.filter(([f]) => c.errors[f]).map(
    ([f, name]) =>
      `  ${name}: median |error| ${human((c.errors[f]?.median ?? 0) * 100)} %, largest ${human((c.errors[f]?.max ?? 0) * 100)} %`,
  );
  return [
    `pywebperf check — ${describe}`,
    "",
    ...grid,
    "",
    `* outside the ${percent(c.level)} prediction interval (model uncertainty and the stage's sampling noise)`,
    ...summary,
    `  inside the interval: ${percent(c.insideFraction)} of the measured figures`,
  ].join("\n");
}

/** Measured points and predicted lines with their intervals, throughput and latency against users. */
function checkChart(c: StageCheck): VegaLiteSpec {
  const panel = (fs: [CheckedFigure, string][], yTitle: string, scale: number): VegaLiteSpec => {
    const series: XySeries[] = [];
    for (const [f, name] of fs) {
      const at = (y: (s: StageCheck["stages"][number]) => number | undefined) =>
        c.stages.map((s) => ({ x: s.users, y: (y(s) ?? Number.NaN) * scale }));
      series.push({ label: `${name} predicted`, points: at((s) => s.predicted[f].estimate) });
      series.push({
        label: `${name} ${percent(c.level)} interval`,
        style: "dashed",
        points: at((s) => s.predicted[f].lower),
      });
      series.push({
        label: `${name} ${percent(c.level)} interval `,
        style: "dashed",
        points: at((s) => s.predicted[f].upper),
      });
      series.push({ label: `${name} measured`, style: "points", points: at((s) => s.measured[f]) });
    }
    return xyChart(series, { xTitle: "users", yTitle });
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    resolve: { scale: { color: "independent" } },
    vconcat: [
      panel([["throughputPerSec", "throughput"]], "requests per second", 1),
      panel(
        [
          ["meanResponseTimeSec", "mean"],
          ["p99Sec", "p99"],
        ],
        "response time (ms)",
        1000,
      ),
    ],
  } as unknown as VegaLiteSpec;
}

/** Runs `pywebperf check`; returns the exit status. */
export async function runCheck(
  argv: readonly string[],
  out: (text: string) => void,
  io: DataFileIo & { writeFile(path: string, text: string): void },
): Promise<number> {
  const args = parseDataArgs(argv, CHECK_OPTIONS, ["json", ...BARE], ["label"]);
  if (args.flags.has("help")) {
    out(CHECK_USAGE);
    return 0;
  }
  const get = (name: string) => args.options.get(name);
  const need = (name: string, why: string) => {
    const v = get(name);
    if (v === undefined) throw new UsageError(`check needs --${name}: ${why}`);
    return v;
  };
  const waitText = need(
    "wait-time",
    "load-test users wait between requests (locust wait_time, k6 sleep), so a stage's user count is not its concurrency (0 for none)",
  );
  const thinkTimeSec = readSeconds("wait-time", waitText);
  const given = new Map(
    DEPLOYMENT_FLAGS.flatMap((f) => (get(f) === undefined ? [] : [[f, get(f)!]])),
  );
  if (!given.has("server") && !given.has("kind")) {
    given.set("server", "gunicorn");
    need(
      "worker-class",
      "gunicorn's worker class the load test ran: sync, gthread, gevent, eventlet",
    );
  }
  const deploymentCommand = {
    name: "check",
    summary: "",
    options: DEPLOYMENT_OPTIONS,
    run: () => ({}),
  };
  const bare = new Set(BARE.filter((f) => args.flags.has(f)));
  const deployment = deploymentFrom(commandInput(deploymentCommand, given, bare));
  const machine = {
    cores: readNumber("cores", need("cores", "the CPU cores of the machine the server ran on")),
    memoryBytes: readBytes("memory", get("memory") ?? "4GiB"),
  };
  const calibration = await calibrateFiles(args, io);
  if (calibration.stages.length === 0) {
    throw new UsageError(
      "check needs a load test's stages: give the locust _stats_history.csv or the k6 --out json points",
    );
  }
  const c = checkStages({ calibration, deployment, machine, thinkTimeSec });
  const chart = get("chart");
  if (chart !== undefined) {
    try {
      io.writeFile(chart, await renderSvg(checkChart(c)));
    } catch (e) {
      if (e instanceof ChartsUnavailableError) throw new UsageError(`--chart: ${e.message}`);
      throw e;
    }
  }
  const describe = `${serverCommand(deployment).command} on ${machine.cores} cores, wait time ${milliseconds(thinkTimeSec)}`;
  out(
    args.flags.has("json")
      ? toJson({ deployment, machine, thinkTimeSec, ...c })
      : checkText(c, describe),
  );
  return 0;
}
