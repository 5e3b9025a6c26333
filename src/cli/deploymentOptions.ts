import type { DeploymentInput, MachineInput } from "../deploy/deployment.js";
import type { LoadInput } from "../deploy/evaluateDeployment.js";
import { UsageError } from "./args.js";
import { opt } from "./command.js";
import { readCores, readMemoryQuantity } from "./quantityArgs.js";

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
/**
 * A machine that may be a container (`deploy`): `--cores` for a host, or `--node-cores` with the
 * container's limits in Kubernetes' words (`--cpu-limit 500m --memory-limit 512Mi`).
 */
export const CONTAINER_MACHINE = [
  {
    ...MACHINE[0]!,
    required: false,
    help: "CPU cores of the machine (nproc); in a container give --node-cores",
  },
  {
    ...MACHINE[1]!,
    required: false,
    help: "memory of the machine (the node's, in a container), with its unit: 4GiB (default in a container: its --memory-limit)",
  },
  opt(
    "node-cores",
    "nodeCores",
    "number",
    "a container's node's cores: what os.cpu_count() returns in it",
    false,
  ),
  {
    ...opt(
      "cpu-limit",
      "cpuLimitCores",
      "number",
      "the container's CPU limit, resources.limits.cpu: 500m, 1, 2",
      false,
    ),
    read: readCores,
  },
  {
    ...opt(
      "cpu-request",
      "cpuRequestCores",
      "number",
      "the container's CPU request, resources.requests.cpu: 250m",
      false,
    ),
    read: readCores,
  },
  {
    ...opt(
      "memory-limit",
      "memoryLimitBytes",
      "bytes",
      "the container's memory limit, resources.limits.memory: 512Mi (more is an OOM kill)",
      false,
    ),
    read: readMemoryQuantity,
  },
  opt(
    "cpu-period",
    "cpuPeriodSec",
    "seconds",
    "the CFS period, cpu.cfs_period_us (default 100ms)",
    false,
  ),
  opt("cpu-burst", "cpuBurstSec", "seconds", "the CFS burst, cpu.cfs_burst_us (default 0)", false),
];

const CONTAINER_FIELDS = [
  "cpuLimitCores",
  "cpuRequestCores",
  "memoryLimitBytes",
  "cpuPeriodSec",
  "cpuBurstSec",
];

/** The machine of {@link CONTAINER_MACHINE}'s options: a host, or a container on its node. */
export function containerMachine(command: string, i: Input): MachineInput {
  const container = CONTAINER_FIELDS.filter((f) => i[f] !== undefined);
  if (i.cores !== undefined && i.nodeCores !== undefined) {
    throw new UsageError("give --cores (a host) or --node-cores (a container's node), not both");
  }
  const cores = (i.nodeCores ?? i.cores) as number | undefined;
  if (cores === undefined) {
    throw new UsageError(
      `${command} needs --cores (${MACHINE[0]!.help}), or --node-cores with a container's limits`,
    );
  }
  if (i.memoryBytes === undefined && i.memoryLimitBytes === undefined) {
    throw new UsageError(`${command} needs --memory (${MACHINE[1]!.help}), or --memory-limit`);
  }
  const machine: Record<string, number> = Object.fromEntries(
    container.map((f) => [f, i[f] as number]),
  );
  if (i.memoryBytes === undefined) {
    // The container's limit is then all the memory there is: no reserve, no headroom.
    return {
      ...machine,
      cores,
      memoryBytes: i.memoryLimitBytes as number,
      reservedBytes: 0,
      headroomFraction: 0,
    } as MachineInput;
  }
  return { ...machine, cores, memoryBytes: i.memoryBytes as number } as MachineInput;
}

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
    "connections",
    "connections",
    "number",
    "keep-alive connections that carry an open load (for the spread over how they land on the workers)",
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
    return i.connections === undefined
      ? { arrivalRatePerSec: i.arrivalRatePerSec as number }
      : { arrivalRatePerSec: i.arrivalRatePerSec as number, connections: i.connections as number };
  }
  if (i.connections !== undefined) {
    throw new UsageError(
      "--connections goes with --arrival-rate (each of --clients is a connection)",
    );
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
