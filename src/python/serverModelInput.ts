/**
 * Load offered to a server: Poisson arrivals at `arrivalRatePerSec` (open), or a closed loop of
 * `clients` that each wait for the answer and think `thinkTimeSec` before the next request — what a
 * load generator with N connections does (think time 0).
 */
/**
 * Open load (Poisson arrivals; `connections`: the keep-alive connections that carry them, for the
 * dispatch spread) or closed load (clients, each its own connection, with a think time).
 */
export type LoadInput =
  { arrivalRatePerSec: number; connections?: number } | { clients: number; thinkTimeSec: number };

/** What the server model needs; validated by the callers. Times per request, seconds. */
export interface ServerModelInput {
  processes: number;
  /** Threads per process (event-loop tasks for async). */
  threads: number;
  cores: number;
  /** CPU time per request, overheads included (> 0). */
  cpuSec: number;
  ioSec: number;
  /** Fixed delay per request outside the workers (a front-end hop), seconds. */
  hopSec: number;
  /** One GIL per process. */
  gil: boolean;
  /** Whether a waiting thread forces the GIL holder off after a switch interval (threads: yes; an event loop: no). */
  preemptive: boolean;
  bursts: number;
  cpuScv: number;
  ioScv: number;
  switchIntervalSec: number;
  /** Share of the requests each process gets when clients are pinned to processes; undefined: one shared accept queue. */
  weights: number[] | undefined;
  load: LoadInput;
}
