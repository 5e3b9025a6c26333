/** Result of {@link serverModel}. */
export interface ServerSolution {
  stable: boolean;
  /** True when the means are exact (exponential times, product form); false when approximated. */
  exact: boolean;
  throughputPerSec: number;
  capacityPerSec: number;
  meanResponseTimeSec: number;
  responseTimeVarianceSec2: number;
  /** Mean requests inside the deployment (accept queue, threads and front-end hop). */
  inFlight: number;
  /** Mean requests in the accept queue(s): throughput × `meanAcceptWaitSec`. */
  meanAcceptQueue: number;
  /** Mean time a request waits in the accept queue for a free thread. */
  meanAcceptWaitSec: number;
  /** Mean time a request holds a worker thread: its CPU and I/O and its waits for the GIL and cores. */
  meanHoldSec: number;
  /** Mean worker threads holding a request: throughput × `meanHoldSec`. */
  meanBusyThreads: number;
  /** Mean fraction of worker threads busy with a request. */
  threadUtilization: number;
  /** Mean fraction of time a process's GIL is held (0 without a GIL). */
  gilUtilization: number;
  /** Mean fraction of the cores running bytecode. */
  coreUtilization: number;
  responseTimeQuantileSec(p: number): number;
  /**
   * The response-time law as a mixture of gamma laws (hop included): for each queue, requests
   * that find a free thread and requests that wait. The quantiles come from it (but for the
   * exact M/M/c case).
   */
  components: ResponseComponent[];
}

/** One gamma law of a response-time mixture: its weight, mean and variance. */
export interface ResponseComponent {
  weight: number;
  meanSec: number;
  varianceSec2: number;
}
