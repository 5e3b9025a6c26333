import { planSpikeLines } from "./planSpikeLines.js";
import { serverCommand } from "../deploy/servers/serverCommand.js";
import { commandLine } from "./serverOptions.js";
import { join } from "node:path";
import { human, milliseconds, percent, quantileLabel } from "../charts/format.js";
import { ChartsUnavailableError, renderSvg } from "../charts/renderSvg.js";
import type { VegaLiteSpec } from "../charts/spec.js";
import { tierUtilizationChart } from "../charts/tierChart.js";
import { xyChart } from "../charts/xyChart.js";
import type { CapacityPlan } from "../deploy/capacityPlan.js";
import { describePlanStep } from "../deploy/describePlanStep.js";
import { planCapacity } from "../deploy/planCapacity.js";
import type { PlanStep } from "../deploy/planStep.js";
import { CLASSIC_STACK, parseScenario, type Scenario } from "../deploy/scenario.js";
import { evaluateStack, type StackEvaluation } from "../deploy/stack.js";
import { parseArgs, UsageError } from "./args.js";
import { toJson } from "./files.js";
import { inFile, readScenarioFile } from "./scenarioFile.js";

// `pywebperf plan [scenario.yaml|json] [--json] [--charts DIR]`: the capacity planner.

/** What the plan command touches outside itself: files and the terminal. */
export interface PlanIo {
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  /** A progress line on a terminal (stderr); undefined when not a terminal. */
  progress?: (line: string) => void;
}

export const PLAN_SUMMARY =
  "plan a stack (cache, web, app, memcache, database) for a peak load: servers per tier, cost";

const PLAN_USAGE = [
  `pywebperf plan — ${PLAN_SUMMARY}`,
  "",
  "Usage: pywebperf plan [scenario.yaml|scenario.json] [--charts DIR] [--json]",
  "",
  "  scenario      the stack, app, machine, load, slo and prices (docs/stack.md, an",
  "                example in docs/scenarios/shop.yaml);",
  "                without one, the talk's classic stack with illustrative figures",
  "  --charts DIR  also write plan-utilization.svg and plan-latency.svg to DIR",
  "  --json        print JSON instead of tables",
].join("\n");

const money = (x: number): string => Math.round(x).toLocaleString("en-US");

/** Column-aligned rows; the first row is the header. */
function grid(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .map((line) => `  ${line}`)
    .join("\n");
}

function count(t: { kind: string; servers: number; shards: number; readReplicas: number }): string {
  if (t.kind === "memcache") return `${t.shards} shard${t.shards > 1 ? "s" : ""}`;
  if (t.kind === "database") {
    return `${t.shards} × (1 + ${t.readReplicas})`;
  }
  return String(t.servers);
}

/** Each shared host: its machines, its cores' load by tier, and its memory against the machine's. */
function hostLines(peak: StackEvaluation): string[] {
  if (peak.hosts.length === 0) return [];
  return [
    ...peak.hosts.map(
      (h) =>
        `Host ${h.name}: ${h.machines} machine${h.machines > 1 ? "s" : ""} × ${h.coresPerMachine} cores, ${percent(h.utilization)} busy at the peak (${Object.entries(
          h.busyCoresByTier,
        )
          .map(([name, cores]) => `${name} ${human(cores)} cores`)
          .join(
            ", ",
          )}), limit ${human(h.capacityPerSec)} req/s; memory ${human(h.memoryBytes / h.machines / 2 ** 30)} of ${human(h.memoryBytesPerMachine / 2 ** 30)} GiB a machine${h.fitsMemory ? "" : " (DOES NOT FIT)"}.`,
    ),
    "",
  ];
}

/** A step of the plan's trace: why, what, and the tier and stack after it. */
function stepLine(s: PlanStep, i: number, quantileLabel: string): string {
  const number = `  ${String(i + 1).padStart(3)}.`;
  if (s.reason === "minimum") return `${number} ${s.tier} ${describePlanStep(s)}`;
  const where = `${s.host ?? s.tier} ${s.action}${s.count > 1 ? ` ×${s.count}` : ""}`;
  const after = `${count(s)}, ${percent(s.utilization)} busy, ${quantileLabel} ${milliseconds(s.responseTimeQuantileSec)}, ${money(s.costPerMonth)}/month`;
  return `${number} ${describePlanStep(s)}: ${where} → ${after}`;
}

/** The command each app server runs, and the connections each server gets against its limit. */
function deploymentLines(plan: CapacityPlan): string[] {
  const app = plan.stack.tiers.find((t) => t.kind === "app");
  const connected = plan.tiers.filter((t) => t.connections !== undefined);
  return [
    ...(app?.kind === "app"
      ? [`Each app server runs: ${commandLine(serverCommand(app.deployment))}`]
      : []),
    ...(connected.length === 0
      ? []
      : [
          `Connections from the app, per server: ${connected
            .map(
              (t) =>
                `${t.name} ${human(t.connections!.openedPerServer)} of ${human(t.connections!.limitPerServer)}`,
            )
            .join(", ")}.`,
        ]),
  ];
}

function planText(plan: CapacityPlan, scenario: Scenario, builtIn: boolean): string {
  const q = plan.quantile;
  const label = quantileLabel(q);
  const lines: string[] = plan.warnings.map((w) => `WARNING: ${w}`);
  if (lines.length > 0) lines.push("");
  lines.push(
    `pywebperf plan — ${scenario.description ?? "scenario"}${builtIn ? "\n(built-in example; pass a scenario file to plan your own: pywebperf plan --help)" : ""}`,
    "",
    `Load ${human(plan.arrivalRatePerSec)} req/s, peak ×${human(plan.peakArrivalRatePerSec / Math.max(plan.arrivalRatePerSec, 1e-300))} = ${human(plan.peakArrivalRatePerSec)} req/s; SLO ${label} ≤ ${milliseconds(plan.responseTimeSec)}; every tier at most ${percent(plan.maxUtilization)} busy at the peak${plan.redundancy === "n+1" ? ", also after the loss of any one server (N+1)" : ""}.`,
    "",
  );
  if (!plan.feasible) lines.push(`NOT FEASIBLE: ${plan.reason}`, "");
  const rows = [
    ["tier", "servers", "busy at peak", "limit (× peak)", "mean at peak", "memory", "cost/month"],
    ...plan.tiers.map((t) => [
      t.name,
      count(t),
      percent(t.utilization),
      `${human(t.limitPerSec)} req/s (${human(t.headroomFactor)}×)`,
      milliseconds(t.meanResponseTimeSec),
      t.memoryBytes > 0 ? `${human(t.memoryBytes / 2 ** 30)} GiB` : "",
      money(t.costPerMonth),
    ]),
  ];
  lines.push(grid(rows), "", ...hostLines(plan.peak));
  const p = plan.peak;
  lines.push(
    `At the peak: mean ${milliseconds(p.meanResponseTimeSec)}, p95 ${milliseconds(p.responseTimeQuantileSec(0.95))}, ${label} ${milliseconds(p.responseTimeQuantileSec(q))}` +
      ` (SLO ${milliseconds(plan.responseTimeSec)}: ${p.responseTimeQuantileSec(q) <= plan.responseTimeSec ? "met" : "missed"}).`,
    ...splitLines(plan, label),
    `At the mean load: mean ${milliseconds(plan.mean.meanResponseTimeSec)}, ${label} ${milliseconds(plan.mean.responseTimeQuantileSec(q))}.`,
    `The stack saturates at ${human(p.capacityPerSec)} req/s (${p.bottleneck} first); memory ${human(p.memoryBytes / 2 ** 30)} GiB; cost ${money(plan.costPerMonth)} per month.`,
    ...deploymentLines(plan),
    "",
    ...planSpikeLines(plan),
    ...lossLines(plan, label),
    "",
    "How the plan was found (whatever resource gets maxed out, add more):",
    ...plan.trace.map((s, i) => stepLine(s, i, label)),
    "",
  );
  const c = plan.current;
  const worst = c.tiers.reduce((a, t) => (t.utilization > a.utilization ? t : a));
  // Overloaded: name the lowest overloaded tier, the one the others wait on.
  const root = [...c.tiers].reverse().find((t) => t.utilization >= 1) ?? worst;
  const waiting = c.tiers.find((t) => t.kind === "app" && t.utilization === Infinity);
  lines.push(
    `The stack as the scenario gives it (${c.tiers.map((t) => `${t.name} ${count(t)}`).join(", ")}), at the peak: ` +
      (c.stable
        ? `${label} ${milliseconds(c.responseTimeQuantileSec(q))}, busiest ${worst.name} at ${percent(worst.utilization)}, ${money(c.costPerMonth)} per month.`
        : `overloaded — ${root.name} at ${percent(root.utilization)}${waiting && waiting !== root ? `, and the ${waiting.name} servers' threads wait on it for ever` : ""}.`),
    "",
  );
  if (plan.appMachines.length === 0) return lines.join("\n");
  lines.push(
    "App servers: bigger machines (vertical) or more of them (horizontal), the other tiers as planned:",
    grid([
      ["machine", "cores", "servers", "processes × threads", label, "app cost", "total cost"],
      ...plan.appMachines.map((a) => [
        a.name,
        String(a.cores),
        a.feasible ? String(a.servers) : `${a.servers} (not enough)`,
        `${a.deployment.processes ?? 1} × ${a.deployment.threads ?? a.deployment.concurrency ?? 1}`,
        milliseconds(a.responseTimeQuantileSec),
        money(a.appCostPerMonth),
        money(a.totalCostPerMonth),
      ]),
    ]),
  );
  return lines.join("\n");
}

/** The SLO quantile at the peak over the ways each app server's keep-alive connections land. */
function splitLines(plan: CapacityPlan, label: string): string[] {
  const c = plan.splits;
  if (c === undefined) return [];
  const { p10, p50, p90 } = c.quantileSec;
  return [
    `Over the splits of each app server's ${c.connections} keep-alive connections (likeliest ${c.likelySplit.join(" : ")}): ${label} ${milliseconds(p50)} (p10–p90 of the splits ${milliseconds(p10)}–${milliseconds(p90)})` +
      (c.evenSplitOnly ? " — meets the SLO only when they split evenly." : "."),
  ];
}

/** Each tier after the single loss worst for it: a table under N+1, else the worst in one line. */
function lossLines(plan: CapacityPlan, label: string): string[] {
  if (plan.redundancy === "n+1") {
    return [
      "After the worst single loss for each tier (N+1):",
      grid([
        ["tier", "lost", "servers left", "busy at peak", label],
        ...plan.tiers.map((t) => [
          t.name,
          t.afterWorstLoss.lost,
          String(t.afterWorstLoss.servers),
          percent(t.afterWorstLoss.utilization),
          milliseconds(t.afterWorstLoss.responseTimeQuantileSec),
        ]),
      ]),
    ];
  }
  const worst = plan.tiers.reduce((a, t) =>
    t.afterWorstLoss.utilization > a.afterWorstLoss.utilization ? t : a,
  );
  const after = worst.afterWorstLoss;
  return [
    after.utilization > plan.maxUtilization
      ? `Not planned for failures: the loss of ${after.lost} takes ${worst.name} to ${percent(after.utilization)} (redundancy: n+1 in the scenario plans for it).`
      : `The plan survives the loss of any one server within ${percent(plan.maxUtilization)} (worst: ${after.lost}, ${worst.name} at ${percent(after.utilization)}).`,
  ];
}

function planJson(plan: CapacityPlan): unknown {
  const e2e = (s: CapacityPlan["peak"]) => ({
    stable: s.stable,
    arrivalRatePerSec: s.arrivalRatePerSec,
    meanResponseTimeSec: s.meanResponseTimeSec,
    responseTimeQuantilesSec: Object.fromEntries(
      [0.5, 0.95, 0.99, plan.quantile].map((p) => [quantileLabel(p), s.responseTimeQuantileSec(p)]),
    ),
    capacityPerSec: s.capacityPerSec,
    bottleneck: s.bottleneck,
    costPerMonth: s.costPerMonth,
    memoryBytes: s.memoryBytes,
    tiers: s.tiers,
    ...(s.hosts.length > 0 ? { hosts: s.hosts } : {}),
  });
  return {
    warnings: plan.warnings,
    feasible: plan.feasible,
    ...(plan.reason === undefined ? {} : { reason: plan.reason }),
    redundancy: plan.redundancy,
    arrivalRatePerSec: plan.arrivalRatePerSec,
    peakArrivalRatePerSec: plan.peakArrivalRatePerSec,
    slo: { quantile: plan.quantile, responseTimeSec: plan.responseTimeSec },
    maxUtilization: plan.maxUtilization,
    costPerMonth: plan.costPerMonth,
    tiers: plan.tiers,
    peak: e2e(plan.peak),
    mean: e2e(plan.mean),
    current: e2e(plan.current),
    ...(plan.splits === undefined ? {} : { splits: plan.splits }),
    stack: plan.stack,
    trace: plan.trace,
    appMachines: plan.appMachines,
    ...(plan.spike === undefined ? {} : { spike: plan.spike }),
  };
}

/** The charts: how busy each tier is at the peak, and latency against load for the planned stack. */
function planCharts(plan: CapacityPlan, scenario: Scenario): Record<string, VegaLiteSpec> {
  const top = plan.peak.capacityPerSec;
  const rates = Array.from({ length: 25 }, (_, i) => (top * (i + 0.5)) / 25);
  const points = rates.map((rate) => ({
    rate,
    e: evaluateStack({
      stack: plan.stack,
      app: scenario.app,
      machine: scenario.machine,
      load: { arrivalRatePerSec: rate },
      ...(scenario.prices === undefined ? {} : { prices: scenario.prices }),
    }),
  }));
  const label = quantileLabel(plan.quantile);
  return {
    "plan-utilization.svg": tierUtilizationChart(plan.tiers, {
      limit: plan.maxUtilization,
      title: `How busy each tier is at the peak (${human(plan.peakArrivalRatePerSec)} req/s)`,
    }),
    "plan-latency.svg": xyChart(
      [
        {
          label: `${label} (ms)`,
          points: points.map((p) => ({
            x: p.rate,
            y: p.e.responseTimeQuantileSec(plan.quantile) * 1000,
          })),
        },
        {
          label: "mean (ms)",
          points: points.map((p) => ({ x: p.rate, y: p.e.meanResponseTimeSec * 1000 })),
        },
        {
          label: `SLO ${label}`,
          points: [0, top].map((x) => ({ x, y: plan.responseTimeSec * 1000 })),
          style: "dashed",
        },
      ],
      {
        xTitle: "Requests per second at the top of the stack",
        yTitle: "End-to-end response time (ms)",
        maxY: Math.max(plan.responseTimeSec * 2000, 1),
        title: "The planned stack: latency against load",
      },
    ),
  };
}

/** Runs `pywebperf plan`; returns the exit status. User errors throw for main to print. */
export async function runPlan(
  argv: readonly string[],
  out: (s: string) => void,
  io: PlanIo,
): Promise<number> {
  const positional = argv.length > 0 && !argv[0]!.startsWith("-") ? argv[0] : undefined;
  const { options, flags } = parseArgs(positional === undefined ? argv : argv.slice(1));
  if (flags.has("help")) {
    out(PLAN_USAGE);
    return 0;
  }
  for (const name of options.keys()) {
    if (name !== "charts")
      throw new UsageError(`unknown option --${name} (see pywebperf plan --help)`);
  }
  let scenario = CLASSIC_STACK;
  let text: string | undefined;
  if (positional !== undefined) {
    const file = readScenarioFile(positional, (p) => io.readFile(p));
    text = file.text;
    scenario = inFile(positional, () => parseScenario(file.text, file.format), text);
  }
  let steps = 0;
  const plan = inFile(
    positional,
    () =>
      planCapacity(scenario, (s) => {
        steps++;
        io.progress?.(`planning: step ${steps}, ${s.tier} ${s.action}`);
      }),
    text,
  );
  if (steps > 0) io.progress?.("");
  // Everything is computed before anything is written: an error leaves no file behind.
  const dir = options.get("charts");
  const files: [string, string][] = [];
  if (dir !== undefined) {
    for (const [name, spec] of Object.entries(planCharts(plan, scenario))) {
      try {
        files.push([join(dir, name), await renderSvg(spec)]);
      } catch (e) {
        if (e instanceof ChartsUnavailableError) throw new UsageError(`--charts: ${e.message}`);
        throw e;
      }
    }
  }
  out(
    flags.has("json") ? toJson(planJson(plan)) : planText(plan, scenario, positional === undefined),
  );
  for (const [path, svg] of files) {
    try {
      io.writeFile(path, svg);
    } catch (e) {
      throw new UsageError(`cannot write ${path}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  if (files.length > 0 && !flags.has("json")) out(`\nCharts: ${files.map(([p]) => p).join(", ")}`);
  return 0;
}
