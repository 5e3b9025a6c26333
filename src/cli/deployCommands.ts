import { human, milliseconds } from "../charts/format.js";
import type { DeploymentInput, DeploymentKind, GilMode } from "../deploy/deployment.js";
import { evaluateDeployment, type LoadInput } from "../deploy/evaluateDeployment.js";
import { sizeDeployment, type SizedDeployment } from "../deploy/sizeDeployment.js";
import { UsageError } from "./args.js";
import { opt, type Command, type Printable } from "./command.js";
import { table } from "./table.js";

// The Python deployment commands: `deploy` (evaluateDeployment) and `size` (sizeDeployment).

const APP = [
  opt("cpu-time", "cpuTimeSec", "seconds", "CPU time per request (bytecode, holding the GIL)"),
  opt("io-time", "ioTimeSec", "seconds", "time per request waiting with the GIL released"),
  opt(
    "bursts",
    "burstsPerRequest",
    "number",
    "CPU/I-O alternations per request (default 1)",
    false,
  ),
  opt(
    "cpu-scv",
    "cpuTimeScv",
    "number",
    "SCV of a CPU burst: 0 fixed, 1 exponential (default 1)",
    false,
  ),
  opt("io-scv", "ioTimeScv", "number", "SCV of an I/O wait (default 1)", false),
  opt("worker-memory", "processBaseBytes", "bytes", "RSS of an idle worker (default 40MiB)", false),
];
const MACHINE = [
  opt("cores", "cores", "number", "CPU cores of the machine"),
  opt("memory", "memoryBytes", "bytes", "memory of the machine (4GiB)"),
];
const LOAD = [
  opt("arrival-rate", "arrivalRatePerSec", "number", "requests per second (open load)", false),
  opt("clients", "clients", "number", "connections of a closed-loop load generator", false),
  opt("think-time", "thinkTimeSec", "seconds", "think time of each client (default 0)", false),
];

type Input = Record<string, number | string>;

function app(i: Input) {
  const optional = (field: string) => (i[field] === undefined ? {} : { [field]: i[field] });
  return {
    cpuTimeSec: i.cpuTimeSec as number,
    ioTimeSec: i.ioTimeSec as number,
    ...optional("burstsPerRequest"),
    ...optional("cpuTimeScv"),
    ...optional("ioTimeScv"),
    ...(i.processBaseBytes === undefined
      ? {}
      : { memory: { processBaseBytes: i.processBaseBytes as number } }),
  };
}

function load(i: Input): LoadInput {
  if (i.arrivalRatePerSec !== undefined) {
    if (i.clients !== undefined) throw new UsageError("give --arrival-rate or --clients, not both");
    return { arrivalRatePerSec: i.arrivalRatePerSec as number };
  }
  if (i.clients === undefined) throw new UsageError("needs --arrival-rate or --clients");
  return {
    clients: i.clients as number,
    thinkTimeSec: (i.thinkTimeSec as number | undefined) ?? 0,
  };
}

const mib = (bytes: number): string => `${human(bytes / 2 ** 20)} MiB`;
const pct = (x: number): string => `${human(x * 100)} %`;

/** "daemon 4 × 4", "prefork 9", "threaded 10 threads", "async 4 × 1000". */
export function describeDeployment(d: DeploymentInput): string {
  if (d.kind === "threaded") return `threaded, ${d.threads ?? 10} threads`;
  if (d.kind === "prefork") return `prefork, ${d.processes ?? 1} processes`;
  if (d.kind === "async") return `async, ${d.processes ?? 1} loops × ${d.concurrency ?? 1000}`;
  return `daemon, ${d.processes ?? 1} × ${d.threads ?? 15}`;
}

const deploy: Command = {
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

const size: Command = {
  name: "size",
  summary: "how many processes and threads: the deployments that meet an SLO, ranked",
  options: [
    ...APP,
    ...MACHINE,
    ...LOAD,
    opt("slo", "responseTimeSec", "seconds", "the response time the quantile must stay under"),
    opt("quantile", "quantile", "number", "which quantile (default 0.99)", false),
    opt("kinds", "kinds", "text", "kinds to consider, comma-separated (default all)", false),
  ],
  run(i): Printable {
    const s = sizeDeployment({
      app: app(i),
      machine: { cores: i.cores as number, memoryBytes: i.memoryBytes as number },
      load: load(i),
      slo: {
        responseTimeSec: i.responseTimeSec as number,
        ...(i.quantile === undefined ? {} : { quantile: i.quantile as number }),
      },
      ...(i.kinds === undefined
        ? {}
        : {
            kinds: String(i.kinds)
              .split(",")
              .map((k) => k.trim()) as DeploymentKind[],
          }),
    });
    const line = (c: SizedDeployment): string[] => [
      describeDeployment(c.deployment),
      Number.isFinite(c.quantileSec) ? milliseconds(c.quantileSec) : "overload",
      pct(c.coreUtilization),
      mib(c.pssBytes),
      Number.isFinite(c.headroom) ? pct(c.headroom) : "—",
      c.reasons.join(", ") || "feasible",
    ];
    const header = ["deployment", "quantile", "cores busy", "Σ PSS", "headroom", "verdict"];
    const grid = (rows: string[][]) =>
      [header, ...rows]
        .map((r) =>
          r
            .map((v, k) => v.padEnd(k === 0 ? 26 : 12))
            .join("")
            .trimEnd(),
        )
        .join("\n");
    const counts = new Map<string, number>();
    for (const c of s.rejected) for (const r of c.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const text = [
      "pywebperf size",
      s.recommended
        ? `Recommended: ${describeDeployment(s.recommended.deployment)}`
        : "Nothing meets the SLO on this machine.",
      ...(s.feasible.length > 0 ? ["", grid(s.feasible.slice(0, 8).map(line))] : []),
      "",
      `${s.feasible.length} feasible, ${s.rejected.length} rejected (${[...counts].map(([r, n]) => `${r} ${n}`).join(", ")})`,
      "",
      "Rules of thumb:",
      grid(s.rulesOfThumb.flatMap((r) => r.configurations.map(line))),
    ].join("\n");
    return { text, json: s };
  },
};

/** The deployment commands, listed after the calculators. */
export const DEPLOY_COMMANDS: Command[] = [deploy, size];
