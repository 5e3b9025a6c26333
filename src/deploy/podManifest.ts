import type { PodShape } from "./podInputs.js";
import { cpuQuantity, memoryQuantity } from "./podQuantities.js";

/**
 * The `resources:` block of a container with a pod shape's requests and limits, as a manifest
 * writes it (two-space YAML, Kubernetes quantities). @internal
 */
export function resourcesBlock(shape: PodShape): string {
  return [
    "resources:",
    "  requests:",
    `    cpu: ${cpuQuantity(shape.cpuRequestCores)}`,
    `    memory: ${memoryQuantity(shape.memoryRequestBytes)}`,
    "  limits:",
    `    cpu: ${cpuQuantity(shape.cpuLimitCores)}`,
    `    memory: ${memoryQuantity(shape.memoryLimitBytes)}`,
  ].join("\n");
}

/**
 * Pods of these requests that fit a node: ⌊min(allocatable cores ÷ pod cores, allocatable
 * memory ÷ pod memory, maxPods)⌋ (the scheduler places a pod where its requests fit what is
 * left of the node's allocatable resources). @internal
 */
export function podsPerNode(
  node: { allocatableCores: number; allocatableMemoryBytes: number; maxPods: number },
  podCpuCores: number,
  podMemoryBytes: number,
): number {
  const byCpu = podCpuCores > 0 ? node.allocatableCores / podCpuCores : Infinity;
  const byMemory = podMemoryBytes > 0 ? node.allocatableMemoryBytes / podMemoryBytes : Infinity;
  return Math.floor(Math.min(byCpu, byMemory, node.maxPods) * (1 + 1e-12));
}
