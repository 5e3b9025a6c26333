import { assertObject } from "../validate.js";
import type { DeploymentInput } from "./deployment.js";
import { readServerSettings, withExtras } from "./servers/readServerDeployment.js";
import type { GunicornDeploymentInput } from "./servers/serverInputs.js";

/** gunicorn's `--worker-class` values the model knows. */
export type GunicornWorkerClass = NonNullable<GunicornDeploymentInput["workerClass"]>;

/** gunicorn's settings, in its own names: {@link GunicornDeploymentInput} without `server`. */
export type GunicornSettings = Omit<GunicornDeploymentInput, "server">;

/**
 * The model's deployment for gunicorn's settings: {@link serverDeployment} with
 * `server: "gunicorn"` (kept for code written before the other servers were known).
 *
 * @param settings - {@link GunicornSettings}.
 * @returns The deployment {@link evaluateDeployment} takes.
 * @throws {@link ModelInputError} naming the setting, e.g. `settings.workerClass`.
 * @example
 * ```ts
 * gunicornDeployment({ workerClass: "gthread", workers: 2, threads: 4 }).kind; // => "daemon"
 * ```
 */
export function gunicornDeployment(settings: GunicornSettings): DeploymentInput {
  const {
    spec,
    settings: read,
    extras,
  } = readServerSettings("gunicornDeployment", "settings", {
    ...assertObject("gunicornDeployment", settings, "settings"),
    server: "gunicorn",
  });
  return withExtras(spec.toDeployment(read), extras);
}
