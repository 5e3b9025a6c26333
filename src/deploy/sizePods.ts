import { hpaSpike } from "./hpaSpike.js";
import { podCandidates } from "./podCandidates.js";
import { readPodSizing, type PodQuestion, type PodShape, type SizePodsInput } from "./podInputs.js";
import { podsPerNode, resourcesBlock } from "./podManifest.js";
import { cpuQuantity } from "./podQuantities.js";
import type { PodAutoscaling, PodPlan, PodSizing } from "./podResult.js";
import { modelDeployment } from "./servers/readServerDeployment.js";
import { cachedEvaluator, searchShape, type PodEvaluator, type ShapeSearch } from "./podSearch.js";

export type * from "./podInputs.js";
export type * from "./podResult.js";

const GIB = 2 ** 30;

/**
 * How many pods of what size carry a load within an SLO, and what they cost: for each pod shape
 * (the app container's CPU and memory requests and limits) and gunicorn configuration (sync
 * workers, gthread workers × threads) the least pods that meet the SLO, each pod an
 * {@link evaluateDeployment} in a container (`cores` the node's, the CFS quota of the CPU
 * limit, the memory limit) at the load ÷ pods; then the cheapest shape, the pods per node and the
 * nodes, the `resources:` block and the gunicorn command. A configuration fails by an OOM kill
 * (Σ PSS over the memory limit: "9 workers × 234 MiB = 2.1 GiB against a 512Mi limit"), by
 * saturation (the CPU it needs over `slo.maxCpuUtilization` of the limit) or by the SLO (the
 * throttled quantile too slow); `why` says it with the numbers.
 *
 * With `autoscaler` the pods are sized at the mean load and the HPA decides their count: it
 * settles at ⌈λ × CPU ÷ (request × target)⌉ (see {@link hpaDesiredReplicas}), and its reaction to
 * a step to the peak (`load.peakFactor`) is a fluid model of its sync period, stabilization
 * window, scale-up policy and the pods' start-up (`autoscaling.spike`). Without one the pods are
 * sized for the peak. The configurations tried per limit are few (see the guide): an
 * approximation of the best, not an exhaustive search.
 *
 * @param input - Load, application, SLO, node, pod shapes, overheads, cost, autoscaler.
 * @returns The cheapest feasible shape, the feasible and rejected shapes with their figures.
 * @throws {@link ModelInputError} naming the field, e.g. `shapes[1].cpuLimitCores`.
 * @example
 * ```ts
 * const sizing = sizePods({
 *   app: { cpuTimeSec: 0.02, ioTimeSec: 0.03, memory: { processBaseBytes: 150e6 } },
 *   load: { arrivalRatePerSec: 100 },
 *   slo: { responseTimeSec: 0.5 },
 *   node: { cores: 64, memoryBytes: GiB(256) },
 *   shapes: [{ cpuLimitCores: 1, memoryLimitBytes: GiB(1) }],
 *   workerClasses: ["gthread"],
 * });
 * sizing.recommended?.pods; // => 3
 * sizing.recommended?.best?.command; // => "gunicorn -w 1 -k gthread --threads 3 app:app"
 * ```
 */
export function sizePods(input: SizePodsInput): PodSizing {
  const q = readPodSizing(input);
  const planned = q.autoscaler ? q.arrivalRatePerSec : q.arrivalRatePerSec * q.peakFactor;
  const at = cachedEvaluator(q);
  const plans = q.shapes.map((shape) => planShape(q, shape, planned, at));
  const feasible = plans
    .filter((p) => p.feasible)
    .sort(
      (a, b) =>
        a.cost - b.cost || a.pods - b.pods || (a.best?.pssBytes ?? 0) - (b.best?.pssBytes ?? 0),
    );
  return {
    recommended: feasible[0],
    feasible,
    rejected: plans.filter((p) => !p.feasible),
    plannedArrivalRatePerSec: planned,
    method: "approximation",
  };
}

function planShape(q: PodQuestion, shape: PodShape, rate: number, at: PodEvaluator): PodPlan {
  const s = searchShape(q, shape, rate, at);
  const podCpu = shape.cpuRequestCores + q.sidecarCpuCores;
  const podMemory = shape.memoryRequestBytes + q.sidecarMemoryBytes;
  const costPerPod = q.cost.perPod + q.cost.perCore * podCpu + (q.cost.perGiB * podMemory) / GIB;
  const perNode = podsPerNode(q.node, podCpu, podMemory);
  const best = s.best === undefined ? undefined : s.configurations[s.best];
  const e = s.at?.evaluation;
  const autoscaling =
    q.autoscaler === undefined || s.best === undefined || e === undefined
      ? undefined
      : autoscale(q, shape, s, at);
  const pods = Math.max(s.pods, autoscaling?.settledPods ?? 0);
  const fits = perNode >= 1;
  const feasible = best !== undefined && fits;
  const ratePerPod = rate / pods;
  const atPods =
    pods === s.pods
      ? e
      : best &&
        at(shape.cpuLimitCores, podCandidates(q, shape.cpuLimitCores)[s.best!]!, ratePerPod);
  const capacity = atPods?.capacityPerSec ?? 0;
  return {
    shape,
    feasible,
    pods,
    podsForSlo: s.pods,
    best,
    deployment:
      best === undefined
        ? undefined
        : modelDeployment(
            "sizePods",
            "deployment",
            podCandidates(q, shape.cpuLimitCores)[s.best!]!.settings,
          ),
    arrivalRatePerPodSec: ratePerPod,
    quantileSec: atPods?.stable ? atPods.responseTimeQuantileSec(q.quantile) : Infinity,
    capacityPerPodSec: capacity,
    totalCapacityPerSec: pods * capacity,
    limitUtilization: atPods
      ? (ratePerPod * atPods.cpuSecPerRequest) / shape.cpuLimitCores
      : Infinity,
    throttledPeriodFraction: atPods?.throttling?.throttledPeriodFraction ?? 0,
    podCpuRequestCores: podCpu,
    podMemoryRequestBytes: podMemory,
    costPerPod,
    cost: pods * costPerPod,
    podsPerNode: perNode,
    nodes: fits ? Math.ceil(pods / perNode) : Infinity,
    configurations: s.configurations,
    why: whyOf(s, fits, podCpu),
    resources: resourcesBlock(shape),
    ...(autoscaling === undefined ? {} : { autoscaling }),
  };
}

/** Why the shape fails, or why one pod fewer does. */
function whyOf(s: ShapeSearch, fits: boolean, podCpu: number): string[] {
  const out: string[] = [];
  if (!fits) {
    out.push(`a pod of ${cpuQuantity(podCpu)} CPU does not fit the node's allocatable resources`);
  }
  if (s.best === undefined) {
    const seen = new Set<string>();
    for (const c of s.configurations) {
      for (const m of c.messages) {
        const line = `${c.command}: ${m}`;
        if (!seen.has(line)) (seen.add(line), out.push(line));
      }
    }
    return out;
  }
  const chosen = s.configurations[s.best]!;
  for (const m of s.below?.messages ?? [])
    out.push(`${s.pods - 1} ${s.pods === 2 ? "pod" : "pods"} of ${chosen.command}: ${m}`);
  return out;
}

/** The HPA's settled count at the mean load, and its reaction to the peak. */
function autoscale(
  q: PodQuestion,
  shape: PodShape,
  s: ShapeSearch,
  at: PodEvaluator,
): PodAutoscaling {
  const a = q.autoscaler!;
  const e = s.at!.evaluation;
  const cpu = e.cpuSecPerRequest;
  const request = shape.cpuRequestCores;
  const settled = Math.min(
    a.maxReplicas,
    Math.max(1, Math.ceil((q.arrivalRatePerSec * cpu) / (request * a.targetCpuUtilization) - 1e-9)),
  );
  const pods = Math.max(s.pods, settled);
  const peak = q.arrivalRatePerSec * q.peakFactor;
  const candidate = podCandidates(q, shape.cpuLimitCores)[s.best!]!;
  const atPeak = at(shape.cpuLimitCores, candidate, peak / pods);
  const spike = hpaSpike({
    podsBefore: pods,
    peakArrivalRatePerSec: peak,
    capacityPerPodSec: e.capacityPerSec,
    cpuSecPerRequest: cpu,
    cpuRequestCores: request,
    quantileBeforeScaleUpSec: atPeak.stable ? atPeak.responseTimeQuantileSec(q.quantile) : Infinity,
    autoscaler: a,
  });
  const most = (q.arrivalRatePerSec * cpu) / (request * s.pods);
  const note =
    settled < s.pods
      ? `the HPA at ${(a.targetCpuUtilization * 100).toFixed(0)} % settles at ${settled} pods and the SLO needs ${s.pods}: set minReplicas: ${s.pods}, or a target of at most ${Math.floor(most * 100)} %`
      : undefined;
  return { settledPods: settled, ...(note === undefined ? {} : { note }), spike };
}
