#!/usr/bin/env node
// The pywebperf command line: quick queueing calculators. The only module that prints.
import { ModelInputError } from "../errors.js";
import { mmc } from "../queueing/mmc.js";
import type { QueueResult } from "../queueing/types.js";
import { parseArgs, UsageError } from "./args.js";
import type { Command, Printable } from "./command.js";
import { COMMANDS as CALCULATORS, commandInput } from "./commands.js";
import { DEPLOY_COMMANDS } from "./deployCommands.js";
import { PLAN_SUMMARY, runPlan } from "./planCommand.js";
import { writeFileSync } from "node:fs";
import { readTextFile, toJson } from "./files.js";
import { human, milliseconds, queueJson, queueRows } from "../charts/format.js";
import { isSeconds } from "../charts/spec.js";
import { table } from "./table.js";

const COMMANDS: Command[] = [...CALCULATORS, ...DEPLOY_COMMANDS];

function isPrintable(value: unknown): value is Printable {
  return typeof value === "object" && value !== null && "text" in value && "json" in value;
}

function isQueueResult(value: unknown): value is QueueResult {
  return typeof value === "object" && value !== null && "responseTimeQuantileSec" in value;
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const all = [{ name: "plan", summary: PLAN_SUMMARY }, ...COMMANDS];
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
        (q.stable ? `${human(q.utilization * 100)} %` : "overloaded").padStart(12),
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

/** Runs the CLI on `argv` (without node and script); returns the exit status. */
export async function run(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === "plan") {
      return await runPlan(rest, out, {
        readFile: readTextFile,
        writeFile: (path, text) => writeFileSync(path, text),
        ...(process.stderr.isTTY
          ? { progress: (line: string) => process.stderr.write(`\r\x1b[K${line}`) }
          : {}),
      });
    }
    if (first === undefined || first.startsWith("-")) {
      const { options, flags } = parseArgs(argv);
      const [option] = options.keys();
      if (option !== undefined) {
        throw new UsageError(`--${option} needs a command (see pywebperf --help)`);
      }
      out(flags.has("help") ? usage() : defaultReport(flags.has("json")));
      return 0;
    }
    if (first === "help") {
      out(usage());
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === first);
    if (!command) throw new UsageError(`unknown command '${first}' (see pywebperf --help)`);
    const { options, flags } = parseArgs(rest);
    if (flags.has("help")) {
      out(commandUsage(command));
      return 0;
    }
    const result = command.run(commandInput(command, options));
    out(render(`pywebperf ${command.name}`, result, flags.has("json")));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ModelInputError) {
      err(`pywebperf: ${e.message.split("\n")[0]}`);
      return 2;
    }
    // A bug, not the user's error: one line too, with the way to the stack trace.
    if (process.env.PYWEBPERF_DEBUG) throw e;
    const message = e instanceof Error ? e.message : String(e);
    err(`pywebperf: internal error: ${message.split("\n")[0]} (PYWEBPERF_DEBUG=1 shows the stack)`);
    return 1;
  }
}

process.exitCode = await run(
  process.argv.slice(2),
  (s) => process.stdout.write(`${s}\n`),
  (s) => process.stderr.write(`${s}\n`),
);
