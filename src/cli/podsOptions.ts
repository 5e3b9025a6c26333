import type { SizePodsInput } from "../deploy/podInputs.js";
import { UsageError } from "./args.js";
import { opt, type OptionSpec } from "./command.js";
import { app, APP, type Input } from "./deploymentOptions.js";
import { readCores, readMemoryQuantity } from "./quantityArgs.js";

// `pywebperf pods` without a file: the question in flags, the pod shapes as lists of
// Kubernetes quantities (`--cpu-limit 500m,1,2 --memory-limit 512Mi,1Gi`).

export const PODS_OPTIONS: OptionSpec[] = [
  ...APP,
  opt(
    "arrival-rate",
    "arrivalRatePerSec",
    "number",
    "requests per second of all the pods together",
  ),
  opt("peak-factor", "peakFactor", "number", "the peak ÷ the mean (default 1)", false),
  opt("slo", "responseTimeSec", "seconds", "the response time the quantile must stay under"),
  opt("quantile", "quantile", "number", "which quantile (default 0.99)", false),
  opt("node-cores", "cores", "number", "the node's cores: what os.cpu_count() returns in a pod"),
  {
    ...opt("node-memory", "memoryBytes", "bytes", "the node's memory: 256Gi"),
    read: readMemoryQuantity,
  },
  {
    ...opt(
      "allocatable-cores",
      "allocatableCores",
      "number",
      "the node's allocatable CPU (default its cores)",
      false,
    ),
    read: readCores,
  },
  {
    ...opt(
      "allocatable-memory",
      "allocatableMemoryBytes",
      "bytes",
      "the node's allocatable memory",
      false,
    ),
    read: readMemoryQuantity,
  },
  opt(
    "cpu-limit",
    "cpuLimits",
    "text",
    "CPU limits to try, comma-separated: 500m,1,2 (the default)",
    false,
  ),
  opt(
    "memory-limit",
    "memoryLimits",
    "text",
    "memory limits to try: 512Mi,1Gi,2Gi (the default)",
    false,
  ),
  {
    ...opt("sidecar-cpu", "sidecarCpuCores", "number", "a sidecar's CPU request: 100m", false),
    read: readCores,
  },
  {
    ...opt(
      "sidecar-memory",
      "sidecarMemoryBytes",
      "bytes",
      "a sidecar's memory request: 128Mi",
      false,
    ),
    read: readMemoryQuantity,
  },
  opt(
    "hpa-target",
    "targetCpuUtilization",
    "number",
    "the HPA's target CPU utilization of the request: 0.7",
    false,
  ),
  opt("pod-startup", "podStartupSec", "seconds", "a new pod's time to ready (default 30s)", false),
  opt(
    "worker-class",
    "workerClasses",
    "text",
    "gunicorn worker classes to try: sync,gthread (the default)",
    false,
  ),
  opt(
    "app",
    "appModule",
    "text",
    "the application in the printed commands (default app:app)",
    false,
  ),
];

/** `500m,1,2` → the values, each read by `read`. */
function list(flag: string, text: string, read: (flag: string, text: string) => number): number[] {
  return text.split(",").map((t) => read(flag, t.trim()));
}

/** The input of sizePods from the flags of {@link PODS_OPTIONS}. */
export function podsInputFrom(i: Input): SizePodsInput {
  const optional = (field: string) => (i[field] === undefined ? {} : { [field]: i[field] });
  const cpus =
    i.cpuLimits === undefined ? [0.5, 1, 2] : list("cpu-limit", String(i.cpuLimits), readCores);
  const memories =
    i.memoryLimits === undefined
      ? [2 ** 29, 2 ** 30, 2 ** 31]
      : list("memory-limit", String(i.memoryLimits), readMemoryQuantity);
  if (i.podStartupSec !== undefined && i.targetCpuUtilization === undefined) {
    throw new UsageError("--pod-startup is the autoscaler's: give --hpa-target too");
  }
  return {
    app: app(i),
    load: { arrivalRatePerSec: i.arrivalRatePerSec as number, ...optional("peakFactor") },
    slo: { responseTimeSec: i.responseTimeSec as number, ...optional("quantile") },
    node: {
      cores: i.cores as number,
      memoryBytes: i.memoryBytes as number,
      ...optional("allocatableCores"),
      ...optional("allocatableMemoryBytes"),
    },
    shapes: cpus.flatMap((cpu) =>
      memories.map((m) => ({ cpuLimitCores: cpu, memoryLimitBytes: m })),
    ),
    overheads: { ...optional("sidecarCpuCores"), ...optional("sidecarMemoryBytes") },
    ...(i.targetCpuUtilization === undefined
      ? {}
      : {
          autoscaler: {
            targetCpuUtilization: i.targetCpuUtilization as number,
            ...optional("podStartupSec"),
          },
        }),
    ...(i.workerClasses === undefined
      ? {}
      : {
          workerClasses: String(i.workerClasses)
            .split(",")
            .map((w) => w.trim()) as ("sync" | "gthread")[],
        }),
    ...optional("appModule"),
  };
}
