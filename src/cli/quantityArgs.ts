import { ModelInputError } from "../errors.js";
import { parseKubernetesQuantity } from "../fit/kubernetesQuantity.js";
import { UsageError } from "./args.js";
import { readBytes } from "./args.js";
import { parseBytes } from "../units.js";

// Options written as Kubernetes writes them: `--cpu-limit 500m`, `--memory-limit 512Mi`.

/** A Kubernetes quantity (`500m`, `512Mi`, `1G`) as a number, or undefined. */
function quantity(text: string): number | undefined {
  try {
    return parseKubernetesQuantity(text);
  } catch (e) {
    if (e instanceof ModelInputError) return undefined;
    throw e;
  }
}

/** Reads cores as a Kubernetes CPU quantity: `"500m"`, `"0.5"`, `"2"`. */
export function readCores(name: string, text: string): number {
  const value = quantity(text);
  if (value === undefined) {
    throw new UsageError(`--${name} must be cores such as 500m, 0.5 or 2 (got '${text}')`);
  }
  return value;
}

/**
 * Reads a memory size as a Kubernetes quantity of whole bytes (`512Mi`, `1G`) or with this
 * tool's units (`512MiB`, see {@link readBytes}).
 */
export function readMemoryQuantity(name: string, text: string): number {
  if (parseBytes(text) !== undefined) return readBytes(name, text);
  const value = quantity(text);
  if (value === undefined || !Number.isInteger(value)) {
    throw new UsageError(`--${name} must be a size such as 512Mi, 1Gi or 512MiB (got '${text}')`);
  }
  return value;
}
