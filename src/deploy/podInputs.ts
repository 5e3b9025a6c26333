import { ModelInputError } from "../errors.js";
import { readAppProfile, type AppProfileInput } from "../python/appProfile.js";
import {
  assertFraction,
  assertInteger,
  assertNonNegative,
  assertObject,
  assertPositive,
  assertTimeSec,
} from "../validate.js";
import { MAX_CORES } from "./deployment.js";
import { readSloWithUtilization } from "./sizeDeployment.js";

// The question of sizePods: a total load, an application, an SLO, a node, the pod shapes to try,
// the overheads of a pod, its cost and the horizontal pod autoscaler.

/** One pod size to try: the app container's `resources` (requests default to the limits). */
export interface PodShapeInput {
  /** `resources.limits.cpu`, cores (`500m` = 0.5). */
  cpuLimitCores: number;
  /** `resources.requests.cpu`, cores. @defaultValue `cpuLimitCores` */
  cpuRequestCores?: number;
  /** `resources.limits.memory`, bytes (`512Mi`). */
  memoryLimitBytes: number;
  /** `resources.requests.memory`, bytes. @defaultValue `memoryLimitBytes` */
  memoryRequestBytes?: number;
}

/** The node pods run on. */
export interface PodNodeInput {
  /** The node's cores: what `os.cpu_count()` returns inside a pod. */
  cores: number;
  /** The node's memory, bytes. */
  memoryBytes: number;
  /** `status.allocatable.cpu`: cores left for pods. @defaultValue `cores` */
  allocatableCores?: number;
  /** `status.allocatable.memory`, bytes. @defaultValue `memoryBytes` */
  allocatableMemoryBytes?: number;
  /** The kubelet's `maxPods`. @defaultValue 110 (the kubelet's default) */
  maxPods?: number;
}

/** What every pod adds beside the app container (a service-mesh proxy, a log shipper). */
export interface PodOverheadsInput {
  /** The sidecar's CPU request, cores. @defaultValue 0 */
  sidecarCpuCores?: number;
  /** The sidecar's memory request, bytes. @defaultValue 0 */
  sidecarMemoryBytes?: number;
}

/** The price of a pod per hour: per pod, plus per requested core and GiB. */
export interface PodCostInput {
  /** @defaultValue 0 */
  perPod?: number;
  /** @defaultValue 0.04048 (AWS Fargate on-demand, Linux/x86, us-east-1, per vCPU-hour: aws.amazon.com/fargate/pricing) */
  perCore?: number;
  /** @defaultValue 0.004445 (AWS Fargate on-demand, Linux/x86, us-east-1, per GB-hour: aws.amazon.com/fargate/pricing) */
  perGiB?: number;
}

/** Kubernetes' horizontal pod autoscaler on the app container's CPU. */
export interface AutoscalerInput {
  /** Target CPU utilization, as a share of the CPU request (`averageUtilization: 70` = 0.7). */
  targetCpuUtilization: number;
  /** `--horizontal-pod-autoscaler-sync-period`, seconds. @defaultValue 15 */
  syncPeriodSec?: number;
  /** From a scale-up decision to the new pod ready (image pull, start, readiness), seconds. @defaultValue 30 */
  podStartupSec?: number;
  /** `behavior.scaleUp.stabilizationWindowSeconds`. @defaultValue 0 */
  scaleUpStabilizationSec?: number;
  /** Ratios within 1 ± tolerance change nothing. @defaultValue 0.1 */
  tolerance?: number;
  /** `maxReplicas`. @defaultValue 1000 */
  maxReplicas?: number;
}

/** Input of {@link sizePods}. */
export interface SizePodsInput {
  app: AppProfileInput;
  /** The load of all the pods together; with an autoscaler the mean, else the peak is planned for. */
  load: { arrivalRatePerSec: number; peakFactor?: number };
  /** The SLO of one pod; `maxCpuUtilization` is of its CPU limit. @defaultValue 0.8 */
  slo: { responseTimeSec: number; quantile?: number; maxCpuUtilization?: number };
  node: PodNodeInput;
  /** @defaultValue limits 500m, 1 and 2 cores × 512Mi, 1Gi and 2Gi (requests = limits) */
  shapes?: PodShapeInput[];
  overheads?: PodOverheadsInput;
  cost?: PodCostInput;
  autoscaler?: AutoscalerInput;
  /** gunicorn worker classes to try. @defaultValue ["sync", "gthread"] */
  workerClasses?: ("sync" | "gthread")[];
  /** The CFS period of the node, seconds. @defaultValue 0.1 */
  cpuPeriodSec?: number;
  /** The application in the printed commands. @defaultValue "app:app" */
  appModule?: string;
}

/** A validated pod shape. */
export interface PodShape {
  cpuLimitCores: number;
  cpuRequestCores: number;
  memoryLimitBytes: number;
  memoryRequestBytes: number;
}

/** A validated autoscaler. */
export type Autoscaler = Required<AutoscalerInput>;

const GI = 2 ** 30;
const MI = 2 ** 20;
export const POD_FIELDS: readonly string[] = [
  "app",
  "load",
  "slo",
  "node",
  "shapes",
  "overheads",
  "cost",
  "autoscaler",
  "workerClasses",
  "cpuPeriodSec",
  "appModule",
];
/** The default shapes: 500m, 1 and 2 cores × 512Mi, 1Gi and 2Gi. */
const DEFAULT_SHAPES: PodShapeInput[] = [0.5, 1, 2].flatMap((cpu) =>
  [512 * MI, GI, 2 * GI].map((memory) => ({ cpuLimitCores: cpu, memoryLimitBytes: memory })),
);

/** Validates the input of {@link sizePods}. @internal */
export function readPodSizing(input: unknown) {
  const model = "sizePods";
  const o = assertObject(model, input, "input", POD_FIELDS);
  readAppProfile(model, "app", o.app);
  const load = assertObject(model, o.load, "load", ["arrivalRatePerSec", "peakFactor"]);
  const rate = assertPositive(model, "load.arrivalRatePerSec", load.arrivalRatePerSec);
  const peak =
    load.peakFactor === undefined ? 1 : assertPositive(model, "load.peakFactor", load.peakFactor);
  if (!(peak >= 1)) throw new ModelInputError(model, "load.peakFactor", peak, "a number >= 1");
  const {
    target,
    quantile,
    maxUtilization: maxUtil,
  } = readSloWithUtilization(model, o.slo, "maxCpuUtilization");
  const node = readNode(model, o.node);
  const period =
    o.cpuPeriodSec === undefined
      ? 0.1
      : assertTimeSec(model, "cpuPeriodSec", o.cpuPeriodSec, 0.001);
  const shapesIn = o.shapes ?? DEFAULT_SHAPES;
  if (!Array.isArray(shapesIn) || shapesIn.length === 0 || shapesIn.length > 100) {
    throw new ModelInputError(model, "shapes", o.shapes, "an array of 1 to 100 pod shapes");
  }
  const shapes = Array.from(shapesIn as unknown[], (s, i) =>
    readShape(model, `shapes[${i}]`, s, node),
  );
  const over = assertObject(model, o.overheads ?? {}, "overheads", [
    "sidecarCpuCores",
    "sidecarMemoryBytes",
  ]);
  const cost = assertObject(model, o.cost ?? {}, "cost", ["perPod", "perCore", "perGiB"]);
  const price = (f: string, fallback: number) =>
    cost[f] === undefined ? fallback : assertNonNegative(model, `cost.${f}`, cost[f]);
  const classes = o.workerClasses ?? ["sync", "gthread"];
  if (
    !Array.isArray(classes) ||
    classes.length === 0 ||
    !Array.from(classes as unknown[]).every((c) => c === "sync" || c === "gthread")
  ) {
    throw new ModelInputError(
      model,
      "workerClasses",
      o.workerClasses,
      'a non-empty array of "sync" and "gthread"',
    );
  }
  if (o.appModule !== undefined && (typeof o.appModule !== "string" || o.appModule.trim() === "")) {
    throw new ModelInputError(model, "appModule", o.appModule, "a module:variable such as app:app");
  }
  return {
    app: o.app as AppProfileInput,
    arrivalRatePerSec: rate,
    peakFactor: peak,
    targetSec: target,
    quantile,
    maxCpuUtilization: maxUtil,
    node,
    cpuPeriodSec: period,
    shapes,
    sidecarCpuCores:
      over.sidecarCpuCores === undefined
        ? 0
        : assertNonNegative(model, "overheads.sidecarCpuCores", over.sidecarCpuCores),
    sidecarMemoryBytes:
      over.sidecarMemoryBytes === undefined
        ? 0
        : assertNonNegative(model, "overheads.sidecarMemoryBytes", over.sidecarMemoryBytes),
    cost: {
      perPod: price("perPod", 0),
      perCore: price("perCore", 0.04048),
      perGiB: price("perGiB", 0.004445),
    },
    autoscaler: o.autoscaler === undefined ? undefined : readAutoscaler(model, o.autoscaler),
    workerClasses: [...new Set(classes as ("sync" | "gthread")[])],
    appModule: o.appModule === undefined ? "app:app" : o.appModule.trim(),
  };
}

/** The validated question. @internal */
export type PodQuestion = ReturnType<typeof readPodSizing>;

function readNode(model: string, value: unknown) {
  const o = assertObject(model, value, "node", [
    "cores",
    "memoryBytes",
    "allocatableCores",
    "allocatableMemoryBytes",
    "maxPods",
  ]);
  const cores = assertInteger(model, "node.cores", o.cores, 1, MAX_CORES);
  const memory = assertPositive(model, "node.memoryBytes", o.memoryBytes);
  const at = (f: string, most: number, name: string) => {
    if (o[f] === undefined) return most;
    const v = assertPositive(model, `node.${f}`, o[f]);
    if (!(v <= most))
      throw new ModelInputError(model, `node.${f}`, v, `at most the node's ${name}, ${most}`);
    return v;
  };
  return {
    cores,
    memoryBytes: memory,
    allocatableCores: at("allocatableCores", cores, "cores"),
    allocatableMemoryBytes: at("allocatableMemoryBytes", memory, "memoryBytes"),
    maxPods:
      o.maxPods === undefined ? 110 : assertInteger(model, "node.maxPods", o.maxPods, 1, 100_000),
  };
}

function readShape(
  model: string,
  field: string,
  value: unknown,
  node: { cores: number; memoryBytes: number },
): PodShape {
  const o = assertObject(model, value, field, [
    "cpuLimitCores",
    "cpuRequestCores",
    "memoryLimitBytes",
    "memoryRequestBytes",
  ]);
  const limit = assertPositive(model, `${field}.cpuLimitCores`, o.cpuLimitCores);
  if (!(limit <= node.cores)) {
    throw new ModelInputError(
      model,
      `${field}.cpuLimitCores`,
      limit,
      `at most the node's cores, ${node.cores}`,
    );
  }
  const memory = assertPositive(model, `${field}.memoryLimitBytes`, o.memoryLimitBytes);
  if (!(memory <= node.memoryBytes)) {
    throw new ModelInputError(
      model,
      `${field}.memoryLimitBytes`,
      memory,
      `at most the node's memoryBytes, ${node.memoryBytes}`,
    );
  }
  const request = (f: string, most: number, name: string) => {
    if (o[f] === undefined) return most;
    const v = assertPositive(model, `${field}.${f}`, o[f]);
    if (!(v <= most))
      throw new ModelInputError(model, `${field}.${f}`, v, `at most ${name}, ${most}`);
    return v;
  };
  return {
    cpuLimitCores: limit,
    cpuRequestCores: request("cpuRequestCores", limit, "cpuLimitCores"),
    memoryLimitBytes: memory,
    memoryRequestBytes: request("memoryRequestBytes", memory, "memoryLimitBytes"),
  };
}

function readAutoscaler(model: string, value: unknown): Autoscaler {
  const o = assertObject(model, value, "autoscaler", [
    "targetCpuUtilization",
    "syncPeriodSec",
    "podStartupSec",
    "scaleUpStabilizationSec",
    "tolerance",
    "maxReplicas",
  ]);
  const target = assertPositive(model, "autoscaler.targetCpuUtilization", o.targetCpuUtilization);
  if (!(target <= 1)) {
    throw new ModelInputError(
      model,
      "autoscaler.targetCpuUtilization",
      target,
      "a share of the CPU request in (0, 1] (averageUtilization 70 is 0.7)",
    );
  }
  const time = (f: string, fallback: number, min: number) =>
    o[f] === undefined ? fallback : assertTimeSec(model, `autoscaler.${f}`, o[f], min);
  return {
    targetCpuUtilization: target,
    syncPeriodSec: time("syncPeriodSec", 15, 0.001),
    podStartupSec: time("podStartupSec", 30, 0),
    scaleUpStabilizationSec: time("scaleUpStabilizationSec", 0, 0),
    tolerance:
      o.tolerance === undefined ? 0.1 : assertFraction(model, "autoscaler.tolerance", o.tolerance),
    maxReplicas:
      o.maxReplicas === undefined
        ? 1000
        : assertInteger(model, "autoscaler.maxReplicas", o.maxReplicas, 1, 1_000_000),
  };
}
