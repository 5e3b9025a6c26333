import type { DeploymentInput, DeploymentKind, GilMode } from "./deployment.js";

// The deployment at one point of sizeDeployment's search. Internal.

/**
 * Builds the deployment of one point of the search: a kind, a process count, and threads per
 * process (threaded, daemon; 1 for prefork) or concurrency per event loop (async). The seam
 * where a server's own settings (gunicorn's worker classes, …) can replace the generic kinds;
 * undefined where the server has no way to run the kind.
 */
export type CandidateFunction = (
  kind: DeploymentKind,
  processes: number,
  threadsOrConcurrency: number,
) => DeploymentInput | undefined;

/** The generic candidate: the kinds of {@link DeploymentInput}, with one GIL mode and preload. */
export function genericCandidate(gil: GilMode, preload: boolean): CandidateFunction {
  return (kind, processes, n) => {
    if (kind === "threaded") return { kind, threads: n, gil };
    if (kind === "prefork") return { kind, processes, gil, preload };
    if (kind === "daemon") return { kind, processes, threads: n, gil, preload };
    return { kind, processes, concurrency: n, gil, preload };
  };
}
