import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../validate.js";
import { ModelInputError } from "../errors.js";

/** Input of {@link hpaDesiredReplicas}. */
export interface HpaReplicasInput {
  /** Pods running now (`currentReplicas`). */
  currentReplicas: number;
  /** The metric now, averaged over the pods: for CPU, usage ÷ request (0.9 = 90 %). */
  currentUtilization: number;
  /** The target of the same metric (`averageUtilization: 70` = 0.7). */
  targetUtilization: number;
  /** Ratios within 1 ± tolerance leave the count as it is. @defaultValue 0.1 */
  tolerance?: number;
}

/**
 * The replica count Kubernetes' horizontal pod autoscaler asks for:
 *
 * ```text
 * r = currentUtilization ÷ targetUtilization
 * desiredReplicas = currentReplicas              when |r − 1| ≤ tolerance
 *                 = ⌈currentReplicas × r⌉        otherwise
 * ```
 * At a steady load the HPA settles where ⌈N × u ÷ target⌉ = N, with u the utilization at N
 * pods; for CPU, u = λ × CPU per request ÷ (N × request), so N = ⌈λ × CPU ÷ (request × target)⌉.
 *
 * @param input - Current replicas, current and target utilization, tolerance.
 * @returns The desired replica count (before `minReplicas`, `maxReplicas` and the scaling policies).
 * @throws {@link ModelInputError} naming the field.
 * @see Kubernetes documentation, "Horizontal Pod Autoscaling", section "Algorithm details"
 *   (kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/).
 * @example
 * ```ts
 * hpaDesiredReplicas({ currentReplicas: 3, currentUtilization: 0.2, targetUtilization: 0.1 }); // => 6
 * hpaDesiredReplicas({ currentReplicas: 4, currentUtilization: 0.05, targetUtilization: 0.1 }); // => 2
 * ```
 */
export function hpaDesiredReplicas(input: HpaReplicasInput): number {
  const model = "hpaDesiredReplicas";
  const o = assertObject(model, input, "input", [
    "currentReplicas",
    "currentUtilization",
    "targetUtilization",
    "tolerance",
  ]);
  const replicas = assertInteger(model, "currentReplicas", o.currentReplicas, 0);
  const current = assertNonNegative(model, "currentUtilization", o.currentUtilization);
  const target = assertPositive(model, "targetUtilization", o.targetUtilization);
  const tolerance =
    o.tolerance === undefined ? 0.1 : assertNonNegative(model, "tolerance", o.tolerance);
  if (!(tolerance < 1))
    throw new ModelInputError(model, "tolerance", tolerance, "a number in [0, 1)");
  return desiredReplicas(replicas, current / target, tolerance);
}

/** The HPA's rule on the usage ratio r = current ÷ target (kernel, no checks). @internal */
export function desiredReplicas(replicas: number, ratio: number, tolerance: number): number {
  return Math.abs(ratio - 1) <= tolerance ? replicas : Math.ceil(replicas * ratio);
}
