import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../validate.js";
import type { AppProfileInput } from "../python/appProfile.js";

/** What one client sending requests back to back (nothing queues) measured. */
export interface SingleClientInput {
  /** Mean response time, seconds. */
  meanLatencySec: number;
  /** Standard deviation of the response times, seconds; gives the SCVs and the uncertainty. */
  latencyStdDevSec?: number;
  /** Requests in the run. */
  requests: number;
  /**
   * CPU time of the worker processes per request, seconds: the growth of their user + system
   * time (`/proc/<pid>/stat`, `ps -o cputime`) over the run, divided by the requests. It includes
   * the server's own Python (HTTP parsing, WSGI) as well as the application.
   */
  workerCpuSecPerRequest: number;
}

/** Input of {@link fitAppProfile}. */
export interface FitAppProfileInput {
  singleClient: SingleClientInput;
  /** CPU/I-O alternations per request: counted (database queries, calls out), not fitted. @defaultValue 1 */
  burstsPerRequest?: number;
}

/** Result of {@link fitAppProfile}: the profile and the standard errors of its times. */
export interface FittedAppProfile {
  app: AppProfileInput;
  /** Standard error of `cpuTimeSec` and `ioTimeSec` (the mean latency's, sd/√n), seconds. */
  standardErrorSec: number;
}

/**
 * An application profile from a single-client run: with one request in the server at a time
 * nothing waits, so the mean response time is the CPU time plus the GIL-free time,
 * R₁ = cpu + io, and the worker processes' CPU time per request is `cpuTimeSec`. The spread of
 * the response times gives one SCV for both the CPU and the I/O bursts (B bursts of each):
 * Var R₁ = s·(cpu² + io²)/B. Time spent outside the worker (network, the client) counts as I/O.
 *
 * @param input - The single-client measurement and the number of bursts per request.
 * @returns The profile for {@link evaluateDeployment} and the standard error of its times.
 * @throws {@link ModelInputError} for missing or negative measurements.
 * @example
 * ```ts
 * fitAppProfile({ singleClient: { meanLatencySec: 0.03, requests: 280, workerCpuSecPerRequest: 0.01 } }).app.ioTimeSec; // => 0.02
 * ```
 */
export function fitAppProfile(input: FitAppProfileInput): FittedAppProfile {
  const model = "fitAppProfile";
  const o = assertObject(model, input, "input", ["singleClient", "burstsPerRequest"]);
  const m = assertObject(model, o.singleClient, "singleClient", [
    "meanLatencySec",
    "latencyStdDevSec",
    "requests",
    "workerCpuSecPerRequest",
  ]);
  const latency = assertPositive(model, "singleClient.meanLatencySec", m.meanLatencySec);
  const requests = assertInteger(model, "singleClient.requests", m.requests, 1);
  const cpu = assertPositive(
    model,
    "singleClient.workerCpuSecPerRequest",
    m.workerCpuSecPerRequest,
  );
  const bursts =
    o.burstsPerRequest === undefined
      ? 1
      : assertInteger(model, "burstsPerRequest", o.burstsPerRequest, 1, 10_000);
  const io = Math.max(0, latency - cpu);
  const app: AppProfileInput = {
    cpuTimeSec: cpu,
    ioTimeSec: io,
    burstsPerRequest: bursts,
  };
  let standardError = 0;
  if (m.latencyStdDevSec !== undefined) {
    const sd = assertNonNegative(model, "singleClient.latencyStdDevSec", m.latencyStdDevSec);
    const scv = (sd * sd * bursts) / (cpu * cpu + io * io);
    app.cpuTimeScv = scv;
    app.ioTimeScv = scv;
    standardError = sd / Math.sqrt(requests);
  }
  return { app, standardErrorSec: standardError };
}
