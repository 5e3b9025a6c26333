import type { DeploymentInput } from "../deploy/deployment.js";
import type { EvaluateDeploymentInput } from "../deploy/evaluateDeployment.js";
import type { AppProfileInput } from "../python/appProfile.js";
import { labDeployment } from "./labDeployment.js";
import type { LabRun } from "./labRun.js";

/**
 * The {@link evaluateDeployment} question for a lab run: its server as the model sees it
 * ({@link labDeployment}, or the deployment given), the calibrated profile without thread-switch
 * costs (the CPU time measured per request already includes them), the run's machine, and its
 * closed loop of `connections` clients with no think time.
 *
 * @param run - The run to predict.
 * @param app - The application profile, e.g. fitted on the same server's single-connection run.
 * @param deployment - Replaces the server's deployment (e.g. with the run's measured split).
 * @returns The input of {@link evaluateDeployment}; `app` is copied, not changed.
 */
export function labRunQuestion(
  run: Pick<LabRun, "server" | "machine" | "connections">,
  app: AppProfileInput,
  deployment: DeploymentInput = labDeployment(run.server),
): EvaluateDeploymentInput {
  return {
    deployment,
    app: { ...app, contextSwitchSec: 0 },
    machine: { cores: run.machine.cores, memoryBytes: run.machine.memoryBytes },
    load: { clients: run.connections, thinkTimeSec: 0 },
  };
}
