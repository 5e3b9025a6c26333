import { human, mebibytes, milliseconds, percent } from "../charts/format.js";
import { evaluateDeployment } from "../deploy/evaluateDeployment.js";
import { modelDeployment } from "../deploy/servers/readServerDeployment.js";
import { serverCommand } from "../deploy/servers/serverCommand.js";
import type { Command, Printable } from "./command.js";
import { APP, app, describeDeployment, LOAD, load, MACHINE } from "./deploymentOptions.js";
import { commandLine, deploymentFrom, DEPLOYMENT_OPTIONS } from "./serverOptions.js";
import { table } from "./table.js";

// `pywebperf deploy`: one Python deployment at a load (evaluateDeployment).

export const deploy: Command = {
  name: "deploy",
  summary: "a Python deployment at a load: latency, capacity, utilization, memory, its command",
  options: [...DEPLOYMENT_OPTIONS, ...APP, ...MACHINE, ...LOAD],
  run(i): Printable {
    const deployment = deploymentFrom(i);
    const machine = { cores: i.cores as number, memoryBytes: i.memoryBytes as number };
    const e = evaluateDeployment({ deployment, app: app(i), machine, load: load(i) });
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
      ["memory", e.swaps ? "would swap" : e.fitsMemory ? "fits" : "over the headroom"],
      ["CPU per request", milliseconds(e.cpuSecPerRequest)],
      ["memory time per request", `${human(e.memoryByteSecPerRequest / 2 ** 20)} MiB·s`],
    ];
    return {
      text: `pywebperf deploy — ${e.method}\n${table(rows)}`,
      json: {
        ...e,
        responseTimeQuantilesSec: { p50: q(0.5), p95: q(0.95), p99: q(0.99) },
        responseTimeQuantileSec: undefined,
        command: run,
      },
    };
  },
};
