import { human, mebibytes, milliseconds, percent } from "../charts/format.js";
import type { MachineInput } from "../deploy/deployment.js";
import { adviceFor } from "../deploy/dispatchAdvice.js";
import { evaluateDeployment, type DeploymentEvaluation } from "../deploy/evaluateDeployment.js";
import { cpuQuantity, memoryQuantity } from "../deploy/podQuantities.js";
import { modelDeployment } from "../deploy/servers/readServerDeployment.js";
import { overloadAdvice } from "../deploy/overload/overloadAdvice.js";
import { serverCommand } from "../deploy/servers/serverCommand.js";
import type { Command, Printable } from "./command.js";
import { adviceLines } from "./dispatchWords.js";
import {
  APP,
  app,
  CONTAINER_MACHINE,
  containerMachine,
  describeDeployment,
  LOAD,
  load,
} from "./deploymentOptions.js";
import { commandLine, deploymentFrom, DEPLOYMENT_OPTIONS } from "./serverOptions.js";
import { overloadLines } from "./overloadLines.js";
import { overloadFrom, OVERLOAD_OPTIONS } from "./spikeOptions.js";
import { table } from "./table.js";

// `pywebperf deploy`: one Python deployment at a load (evaluateDeployment).

/** The memory verdict: an OOM kill in a container, else whether it fits the machine. */
function memoryVerdict(e: DeploymentEvaluation): string {
  if (e.memory.oomKilled === true) {
    return `OOM-killed: Σ PSS ${mebibytes(e.pssBytes)} against a ${memoryQuantity(e.memory.memoryLimitBytes!)} limit`;
  }
  return e.swaps ? "would swap" : e.fitsMemory ? "fits" : "over the headroom";
}

/** The container's rows: its limits, in Kubernetes' words, and the throttling. */
function containerRows(e: DeploymentEvaluation, m: MachineInput): [string, string][] {
  const rows: [string, string][] = [];
  if (m.cpuLimitCores !== undefined)
    rows.push(["CPU limit", `${cpuQuantity(m.cpuLimitCores)} (of ${m.cores} node cores)`]);
  if (m.memoryLimitBytes !== undefined)
    rows.push(["memory limit", memoryQuantity(m.memoryLimitBytes)]);
  const t = e.throttling;
  if (t !== undefined) {
    rows.push(
      ["CPU limit busy", percent(t.limitUtilization)],
      ["throttled periods", percent(t.throttledPeriodFraction)],
      ["throttled per request", milliseconds(t.throttledSecPerRequest)],
    );
  }
  return rows;
}

/** How the figures spread over the ways keep-alive connections land on the workers. */
function spreadRows(e: DeploymentEvaluation): [string, string][] {
  const s = e.spread;
  if (s === undefined) return [];
  const range = (q: { p10: number; p50: number; p90: number }, f: (x: number) => string) =>
    `${f(q.p50)} (p10–p90 ${f(q.p10)}–${f(q.p90)})`;
  const rate = (x: number) => `${human(x)} /s`;
  return [
    [
      "connections per worker, likely",
      `${s.likelySplit.join(" : ")} (${percent(s.likelySplitProbability)} of splits)`,
    ],
    ["busiest worker's share", range(s.largestShare, percent)],
    ["throughput over splits", range(s.throughputPerSec, rate)],
    ["mean response over splits", range(s.meanResponseTimeSec, milliseconds)],
    ["p99 response over splits", range(s.p99ResponseTimeSec, milliseconds)],
  ];
}

export const deploy: Command = {
  name: "deploy",
  summary: "a Python deployment at a load: latency, capacity, utilization, memory, its command",
  options: [...DEPLOYMENT_OPTIONS, ...APP, ...CONTAINER_MACHINE, ...LOAD, ...OVERLOAD_OPTIONS],
  run(i): Printable {
    const deployment = deploymentFrom(i);
    const machine = containerMachine("deploy", i);
    const question = { deployment, app: app(i), machine, load: load(i) };
    const overload = overloadFrom(i);
    const e = evaluateDeployment({ ...question, ...(overload === undefined ? {} : { overload }) });
    // With a spike: the server's settings tried under it, with the same clients.
    const spike = e.overload?.spike;
    const { spike: _, ...clients } = overload ?? {};
    const tried =
      spike === undefined
        ? undefined
        : overloadAdvice(
            { ...question, overload: clients },
            { spikes: [spike.factor], durationSec: spike.durationSec },
          );
    const advice = adviceFor(question, e);
    const run = serverCommand(deployment, i.app === undefined ? {} : { app: String(i.app) });
    const q = (p: number) => e.responseTimeQuantileSec(p);
    const rows: [string, string][] = [
      ["deployment", describeDeployment(modelDeployment("deploy", "deployment", deployment))],
      ["command", commandLine(run)],
      ["stable", e.stable ? "yes" : "no (overloaded)"],
      ["throughput", `${human(e.throughputPerSec)} /s`],
      ["capacity", `${human(e.capacityPerSec)} /s`],
      ["mean response time", milliseconds(e.meanResponseTimeSec)],
      ["p50 response time", milliseconds(q(0.5))],
      ["p95 response time", milliseconds(q(0.95))],
      ["p99 response time", milliseconds(q(0.99))],
      ["requests in flight", human(e.inFlight)],
      ["waiting for a thread", human(e.meanAcceptQueue)],
      ["holding a thread", human(e.meanBusyThreads)],
      ["mean wait for a thread", milliseconds(e.meanAcceptWaitSec)],
      ["mean hold of a thread", milliseconds(e.meanHoldSec)],
      ["cores busy", percent(e.utilization.cores)],
      ["GIL busy (per process)", percent(e.utilization.gil)],
      ["threads busy", percent(e.utilization.threads)],
      ["Σ RSS (as ps adds up)", mebibytes(e.rssBytes)],
      ["Σ PSS (memory used)", mebibytes(e.pssBytes)],
      ["memory", memoryVerdict(e)],
      ...containerRows(e, machine),
      ["CPU per request", milliseconds(e.cpuSecPerRequest)],
      ["memory time per request", `${human(e.memoryByteSecPerRequest / 2 ** 20)} MiB·s`],
      ...spreadRows(e),
    ];
    const advised = adviceLines(advice, commandLine(run).startsWith("gunicorn "));
    return {
      text: [
        `pywebperf deploy — ${e.method}`,
        table(rows),
        ...(advised.length > 0 ? ["", ...advised] : []),
        ...(e.overload === undefined
          ? []
          : ["", ...overloadLines(e.overload, e.capacityPerSec, tried)]),
      ].join("\n"),
      json: {
        ...e,
        responseTimeQuantilesSec: { p50: q(0.5), p95: q(0.95), p99: q(0.99) },
        responseTimeQuantileSec: undefined,
        command: run,
        ...(advice === undefined ? {} : { dispatchAdvice: advice }),
        ...(tried === undefined ? {} : { overloadAdvice: tried }),
      },
    };
  },
};
