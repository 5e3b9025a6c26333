import type { DeploymentInput } from "../deploy/deployment.js";
import type { LoadInput } from "../deploy/evaluateDeployment.js";
import { UsageError } from "./args.js";
import { opt } from "./command.js";

// What `deploy` and `size` share: the options describing the application, machine and load.

export const APP = [
  {
    ...opt(
      "cpu-time",
      "cpuTimeSec",
      "seconds",
      "CPU time per request (bytecode, holding the GIL): the worker's CPU seconds ÷ requests, e.g. from process_cpu_seconds_total",
    ),
    bareSecondsMax: 1,
  },
  opt(
    "io-time",
    "ioTimeSec",
    "seconds",
    "time per request waiting with the GIL released: database, cache and HTTP calls (mean response time at low load minus the CPU time)",
  ),
  opt(
    "bursts",
    "burstsPerRequest",
    "number",
    "CPU/I-O alternations per request: about the number of database or service calls per request (default 1)",
    false,
  ),
  opt(
    "cpu-scv",
    "cpuTimeScv",
    "number",
    "variability of a CPU burst (SCV): 0 fixed, 1 exponential (default 1; pywebperf calibrate fits it)",
    false,
  ),
  opt(
    "io-scv",
    "ioTimeScv",
    "number",
    "variability of an I/O wait (SCV), as --cpu-scv (default 1)",
    false,
  ),
  opt(
    "worker-memory",
    "processBaseBytes",
    "bytes",
    "RSS of a worker after it has imported the application (ps -o rss), e.g. 60MiB (default 40MiB)",
    false,
  ),
];
export const MACHINE = [
  opt("cores", "cores", "number", "CPU cores of the machine (nproc)"),
  opt("memory", "memoryBytes", "bytes", "memory of the machine, with its unit: 4GiB"),
];
export const LOAD = [
  opt(
    "arrival-rate",
    "arrivalRatePerSec",
    "number",
    "requests per second at the peak to plan for (open load)",
    false,
  ),
  opt(
    "clients",
    "clients",
    "number",
    "users of a closed-loop load generator (locust users, wrk -c connections)",
    false,
  ),
  opt(
    "think-time",
    "thinkTimeSec",
    "seconds",
    "wait of each user between requests, locust's wait_time (default 0)",
    false,
  ),
];

export type Input = Record<string, number | string | boolean>;

export function app(i: Input) {
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

export function load(i: Input): LoadInput {
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

/** "daemon 4 × 4", "prefork 9", "threaded 10 threads", "async 4 × 1000". */
export function describeDeployment(d: DeploymentInput): string {
  if (d.kind === "threaded") return `threaded, ${d.threads ?? 10} threads`;
  if (d.kind === "prefork") {
    const n = d.processes ?? 1;
    return `prefork, ${n} ${n === 1 ? "process" : "processes"}`;
  }
  if (d.kind === "async") return `async, ${d.processes ?? 1} loops × ${d.concurrency ?? 1000}`;
  return `daemon, ${d.processes ?? 1} × ${d.threads ?? 15}`;
}
