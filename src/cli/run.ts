// The pywebperf command line: `run(argv, io)` does everything but touch the process (main.ts does
// that). Command modules are loaded when a command needs them, so that a calculator call such as
// `pywebperf mmc …` loads neither the deployment code nor yaml, mathjs or vega.
import { DataFormatError, ModelInputError } from "../errors.js";
import { mmc } from "../queueing/mmc.js";
import type { QueueResult } from "../queueing/types.js";
import { parseArgs, UsageError } from "./args.js";
import type { Command, Printable } from "./command.js";
import type { PlanIo } from "./planCommand.js";
import { human, milliseconds, percent, queueJson, queueRows } from "../charts/format.js";
import { isSeconds } from "../charts/spec.js";
import { table } from "./table.js";
import { toJson } from "./files.js";

/** What the command line touches outside itself: output lines, files and the terminal. */
export interface CliIo extends PlanIo {
  /** Writes one line (or several joined by newlines) of output. */
  out(text: string): void;
  /** Writes one line of error message. */
  err(text: string): void;
  /** The lines of a data file, streamed (calibrate, check); by default `readFile`'s, split. */
  lines?: (path: string) => AsyncIterable<string>;
  /** Milliseconds from a fixed time, for progress lines while reading large files. */
  now?: () => number;
}

/** What calibrate and check read files with. */
function dataIo(io: CliIo) {
  return {
    lines:
      io.lines ??
      async function* (path: string) {
        yield* io.readFile(path).split("\n");
      },
    writeFile: io.writeFile,
    ...(io.progress ? { progress: io.progress } : {}),
    ...(io.now ? { now: io.now } : {}),
  };
}

/** The modules of the commands, in the order `--help` lists them; the calculators come first. */
const COMMAND_MODULES: (() => Promise<Command[]>)[] = [
  async () => (await import("./commands.js")).COMMANDS,
  async () => (await import("./deployCommands.js")).DEPLOY_COMMANDS,
];

/** The command called `name`, loading command modules only until it is found. */
async function findCommand(name: string): Promise<Command | undefined> {
  for (const load of COMMAND_MODULES) {
    const command = (await load()).find((c) => c.name === name);
    if (command) return command;
  }
  return undefined;
}

async function allCommands(): Promise<Command[]> {
  return (await Promise.all(COMMAND_MODULES.map((load) => load()))).flat();
}

function isPrintable(value: unknown): value is Printable {
  return typeof value === "object" && value !== null && "text" in value && "json" in value;
}

function isQueueResult(value: unknown): value is QueueResult {
  return typeof value === "object" && value !== null && "responseTimeQuantileSec" in value;
}

async function usage(): Promise<string> {
  const commands = await allCommands();
  const { PLAN_SUMMARY } = await import("./planCommand.js");
  const width = Math.max(...commands.map((c) => c.name.length));
  const { CALIBRATE_SUMMARY } = await import("./calibrateCommand.js");
  const { CHECK_SUMMARY } = await import("./checkCommand.js");
  const { PODS_SUMMARY } = await import("./podsCommand.js");
  const all = [
    { name: "plan", summary: PLAN_SUMMARY },
    ...commands,
    { name: "pods", summary: PODS_SUMMARY },
    { name: "calibrate", summary: CALIBRATE_SUMMARY },
    { name: "check", summary: CHECK_SUMMARY },
  ];
  return [
    "pywebperf — capacity planning for Python web applications",
    "",
    "Usage: pywebperf [command] [options]      (no command: a built-in M/M/c example)",
    "",
    "Commands:",
    ...all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options for every command: --json (machine-readable output), --help.",
    "Times take a unit: 0.02, 20ms, 1.5s, 250us; sizes 4GiB, 512MiB. Examples:",
    "  pywebperf plan                     (the talk's classic stack; pywebperf plan my-stack.yaml)",
    "  pywebperf mmc --arrival-rate 80 --service-time 20ms --servers 2",
    "  pywebperf deploy --kind daemon --processes 4 --threads 4 --cpu-time 15ms --io-time 60ms \\",
    "    --cores 4 --memory 4GiB --arrival-rate 150",
    "  pywebperf size --cpu-time 15ms --io-time 60ms --cores 4 --memory 4GiB --arrival-rate 150 --slo 250ms",
    "  pywebperf deploy --server gunicorn --workers 2 --cpu-time 15ms --io-time 60ms --node-cores 64 --cpu-limit 500m \\",
    "    --memory-limit 512Mi --arrival-rate 20",
    "  pywebperf pods docs/scenarios/pod.yaml   (how many pods of what size)",
  ].join("\n");
}

function commandUsage(c: Command): string {
  const width = Math.max(...c.options.map((o) => o.flag.length));
  return [
    `pywebperf ${c.name} — ${c.summary}`,
    "",
    `Usage: pywebperf ${c.name} ${c.options.map((o) => (o.required ? `--${o.flag} <v>` : `[--${o.flag} <v>]`)).join(" ")} [--json]`,
    "",
    ...c.options.map(
      (o) => `  --${o.flag.padEnd(width)}  ${o.help}${o.required ? "" : " (optional)"}`,
    ),
    `  --${"json".padEnd(width)}  print JSON instead of a table`,
  ].join("\n");
}

function render(
  title: string,
  result: QueueResult | Record<string, number> | Printable,
  json: boolean,
): string {
  if (isPrintable(result)) return json ? toJson(result.json) : result.text;
  if (isQueueResult(result)) {
    if (json) return toJson(queueJson(result));
    const label =
      result.method === "exact" && result.distribution === "exact" ? "exact" : "approximation";
    return `${title} — ${result.model} (${label})\n${table(queueRows(result))}`;
  }
  if (json) return toJson(result);
  return `${title}\n${table(Object.entries(result).map(([k, v]) => [k, isSeconds(k) ? milliseconds(v) : human(v)]))}`;
}

/** The built-in example: a Python app at 80 req/s, 20 ms of work each, on 1–6 worker processes. */
function defaultReport(json: boolean): string {
  const input = { arrivalRatePerSec: 80, serviceTimeSec: 0.02 };
  const workers = [1, 2, 3, 4, 6].map((servers) => ({ servers, q: mmc({ ...input, servers }) }));
  if (json) {
    return toJson({
      input,
      byWorkers: workers.map((w) => ({ servers: w.servers, ...queueJson(w.q) })),
    });
  }
  const lines = [
    "pywebperf — built-in example: 80 requests/s, 20 ms of work each (M/M/c, exact)",
    "How many single-threaded worker processes keep p99 latency low?",
    "",
    "  workers  utilization    mean      p95       p99",
    ...workers.map(({ servers, q }) =>
      [
        String(servers).padStart(9),
        (q.stable ? percent(q.utilization) : "overloaded").padStart(12),
        milliseconds(q.meanResponseTimeSec).padStart(10),
        milliseconds(q.responseTimeQuantileSec(0.95)).padStart(10),
        milliseconds(q.responseTimeQuantileSec(0.99)).padStart(10),
      ].join(""),
    ),
    "",
    "Try: pywebperf mmc --arrival-rate 80 --service-time 20ms --servers 2   (pywebperf --help for all)",
  ];
  return lines.join("\n");
}

/**
 * Runs the command line on `argv` (the arguments after node and the script) with `io` for output
 * and files; returns the exit status: 0, or 2 after a user error (printed as one line to
 * `io.err`). Other errors are thrown.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === "plan") {
      const { runPlan } = await import("./planCommand.js");
      return await runPlan(rest, (s) => io.out(s), io);
    }
    if (first === "pods") {
      const { runPods } = await import("./podsCommand.js");
      return runPods(rest, (s) => io.out(s), io);
    }
    if (first === "calibrate") {
      const { runCalibrate } = await import("./calibrateCommand.js");
      return await runCalibrate(rest, (s) => io.out(s), dataIo(io));
    }
    if (first === "check") {
      const { runCheck } = await import("./checkCommand.js");
      return await runCheck(rest, (s) => io.out(s), dataIo(io));
    }
    if (first === undefined || first.startsWith("-")) {
      const { options, flags } = parseArgs(argv);
      const [option] = options.keys();
      if (option !== undefined) {
        throw new UsageError(`--${option} needs a command (see pywebperf --help)`);
      }
      io.out(flags.has("help") ? await usage() : defaultReport(flags.has("json")));
      return 0;
    }
    if (first === "help") {
      io.out(await usage());
      return 0;
    }
    const command = await findCommand(first);
    if (!command) throw new UsageError(`unknown command '${first}' (see pywebperf --help)`);
    const { options, flags } = parseArgs(rest);
    if (flags.has("help")) {
      io.out(commandUsage(command));
      return 0;
    }
    const { commandInput } = await import("./commands.js");
    const result = command.run(commandInput(command, options, flags));
    io.out(render(`pywebperf ${command.name}`, result, flags.has("json")));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ModelInputError || e instanceof DataFormatError) {
      io.err(`pywebperf: ${e.message.split("\n")[0]}`);
      return 2;
    }
    throw e;
  }
}
