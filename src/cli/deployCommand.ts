import { human, milliseconds } from "../charts/format.js";
import type { DeploymentInput, DeploymentKind, GilMode } from "../deploy/deployment.js";
import { evaluateDeployment } from "../deploy/evaluateDeployment.js";
import { opt, type Command, type Printable } from "./command.js";
import {
  APP,
  app,
  describeDeployment,
  LOAD,
  load,
  MACHINE,
  mib,
  pct,
} from "./deploymentOptions.js";
import { table } from "./table.js";

// `pywebperf deploy`: one Python deployment at a load (evaluateDeployment).

export const deploy: Command = {
  name: "deploy",
  summary: "a Python deployment at a load: latency, capacity, utilization, memory",
  options: [
    opt("kind", "kind", "text", "threaded, prefork, daemon or async"),
    opt("processes", "processes", "number", "worker processes (default 1)", false),
    opt("threads", "threads", "number", "threads per process (threaded, daemon)", false),
    opt("concurrency", "concurrency", "number", "requests per event loop (async)", false),
    opt("gil", "gil", "text", "shared, per-interpreter or free-threaded (default shared)", false),
    ...APP,
    ...MACHINE,
    ...LOAD,
  ],
  run(i): Printable {
    const deployment = {
      kind: i.kind as DeploymentKind,
      ...(i.processes === undefined ? {} : { processes: i.processes as number }),
      ...(i.threads === undefined ? {} : { threads: i.threads as number }),
      ...(i.concurrency === undefined ? {} : { concurrency: i.concurrency as number }),
      ...(i.gil === undefined ? {} : { gil: i.gil as GilMode }),
    } as DeploymentInput;
    const machine = { cores: i.cores as number, memoryBytes: i.memoryBytes as number };
    const e = evaluateDeployment({ deployment, app: app(i), machine, load: load(i) });
    const q = (p: number) => e.responseTimeQuantileSec(p);
    const rows: [string, string][] = [
      ["deployment", describeDeployment(deployment)],
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
      ["cores busy", pct(e.utilization.cores)],
      ["GIL busy (per process)", pct(e.utilization.gil)],
      ["threads busy", pct(e.utilization.threads)],
      ["Σ RSS (as ps adds up)", mib(e.rssBytes)],
      ["Σ PSS (memory used)", mib(e.pssBytes)],
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
      },
    };
  },
};
