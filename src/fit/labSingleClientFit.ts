import type { FitAppProfileInput } from "./fitAppProfile.js";
import type { LabRun } from "./labRun.js";

/**
 * The input of {@link fitAppProfile} from a lab run with one connection. The data sets made
 * before the recorder split worker from front-end CPU (data set 1) have only the CPU time of all
 * server processes, which then stands for the workers', and no latency spread.
 *
 * @param run - A run with `connections: 1`.
 * @returns The single-client measurement and the workload's bursts per request.
 */
export function labSingleClientFit(
  run: Pick<
    LabRun,
    | "meanLatencySec"
    | "requests"
    | "workerCpuSecPerRequest"
    | "serverCpuSecPerRequest"
    | "latencyStdDevSec"
    | "workload"
  >,
): FitAppProfileInput {
  return {
    singleClient: {
      meanLatencySec: run.meanLatencySec,
      requests: run.requests,
      workerCpuSecPerRequest: run.workerCpuSecPerRequest ?? run.serverCpuSecPerRequest,
      ...(run.latencyStdDevSec === undefined ? {} : { latencyStdDevSec: run.latencyStdDevSec }),
    },
    burstsPerRequest: run.workload.bursts,
  };
}
