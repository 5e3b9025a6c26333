import { pop, push } from "./heap.js";
import {
  readOverloadInput,
  type OverloadSetup,
  type SimulateOverloadInput,
} from "./overloadInput.js";
import {
  overloadRecorder,
  type Outcome,
  type OverloadCounts,
  type OverloadSeries,
} from "./overloadRecord.js";
import { seededRandom, timeSampler, type Random } from "./random.js";
import type { Estimate } from "./statistics.js";

/** Result of {@link simulateOverload}: what arrived after the warm-up, and the whole run's series. */
export interface SimulatedOverload {
  /** Length of the measured window (the run after the warm-up), seconds. */
  windowSec: number;
  counts: OverloadCounts;
  /** Shares of the attempts by what became of them; they sum to 1. */
  shares: Record<Outcome, Estimate>;
  /** Share of the attempts not served (1 − shares.served). */
  failedShare: Estimate;
  /** Attempts (new requests and retries) per second. */
  attemptRatePerSec: Estimate;
  /** Attempts served per second: attemptRatePerSec × shares.served. */
  goodputPerSec: Estimate;
  /** Mean share of the servers busy, wasted work included. */
  utilization: Estimate;
  /** Time-average number in the system, waiting or in service. */
  meanInSystem: Estimate;
  /**
   * Of the servers' work on the window's attempts, the share that served nobody: done for
   * clients that had already given up, or cut short by the worker timeout.
   */
  wastedWorkShare: number;
  /** Mean response time of the served attempts (0 when none was served). */
  meanResponseTimeSec: Estimate;
  /** Empirical p-quantile of the served attempts' response time (0 when none was served). */
  responseTimeQuantileSec(p: number): number;
  series: OverloadSeries;
}

/** An event: a new request arrives, a retry arrives, a patience or a client timeout runs out, a service ends. */
interface OverloadEvent {
  at: number;
  kind: "new" | "retry" | "patience" | "clientTimeout" | "end";
  /** The attempt (patience, clientTimeout, end) or, for a retry, the retries made before it. */
  id: number;
  /** For `end`: the worker timeout killed the attempt. */
  killed?: boolean;
}

const WAITING = 0;
const SERVING = 1;
const LEFT = 2;
const DONE = 3;

/**
 * Discrete-event simulation of a server past capacity: c servers behind a finite listen backlog,
 * clients that give up while queued or on the whole response, a concurrency limit answering 503,
 * a worker timeout that kills long requests, and clients that retry what failed with exponential
 * back-off, under a piecewise-constant rate of new requests (a spike). The check the overload
 * models are measured against; never used by them.
 *
 * An attempt that arrives when `concurrencyLimit` are in the server is shed (503); else it
 * starts on a free server, or waits in the backlog (FIFO) if a place is free, or is refused.
 * Waiting, it leaves unserved when its patience runs out. The client's timeout on the response
 * counts the attempt failed, but the attempt keeps its place and the server does the work (the
 * server cannot tell); a worker timeout ends the service and fails the attempt. Each failure is
 * retried with probability `retryProbability` while retries remain, after a delay growing by
 * `backoffMultiplier`. Runs are reproducible from their seed; new requests stop at the end of
 * the last phase, and the run goes on until every attempt made has its outcome.
 *
 * @param input - The phases of the load, the server and the clients' behaviour.
 * @returns Counts, shares with 95 % intervals (20 batch means over the window), goodput,
 *   response times of the served, and a time series per bin.
 * @throws {@link ModelInputError} for invalid fields, or a run expected to make more than
 *   5,000,000 attempts.
 * @example
 * ```ts
 * // 4 workers of 100 ms (40 req/s) and a backlog of 10, offered 60 req/s for 200 s.
 * const sim = simulateOverload({
 *   phases: [{ durationSec: 200, arrivalRatePerSec: 60 }],
 *   serviceTimeSec: 0.1, servers: 4, backlog: 10, warmUpSec: 20, seed: 1,
 * });
 * sim.counts.attempts === sim.counts.served + sim.counts.refused; // => true
 * sim.shares.refused.mean > 0.3; // => true
 * ```
 */
export function simulateOverload(input: SimulateOverloadInput): SimulatedOverload {
  const setup = readOverloadInput(input);
  const random = seededRandom(setup.seed);
  const record = overloadRecorder(setup);
  const work = timeSampler(random, setup.serviceTimeSec, setup.serviceTimeScv);
  const patience =
    setup.patienceSec < Infinity
      ? timeSampler(random, setup.patienceSec, setup.patienceScv)
      : () => Infinity;
  const nextNew = newRequests(setup, random);
  // The server's looks for attempts past the worker timeout: at the timeout itself, or on a grid
  // of `workerTimeoutCheckSec` with a random phase (drawn only then, so other runs keep their draws).
  const check = setup.workerTimeoutSec < Infinity ? setup.workerTimeoutCheckSec : 0;
  const phase = check > 0 ? random.next() * check : 0;
  const killTime = (due: number): number =>
    check > 0 ? phase + Math.ceil((due - phase) / check) * check : due;
  const arrival: number[] = [];
  const tries: number[] = [];
  const state: number[] = [];
  const decided: boolean[] = []; // the client has its outcome
  const began: number[] = []; // when service started
  const queue: number[] = [];
  let head = 0;
  let waiting = 0;
  let serving = 0;
  const heap: OverloadEvent[] = [];
  const first = nextNew(0);
  if (first < Infinity) push(heap, { at: first, kind: "new", id: 0 });

  const verdict = (id: number, t: number, outcome: Outcome): void => {
    decided[id] = true;
    record.outcome(arrival[id]!, t, outcome);
    if (outcome === "served" || tries[id]! >= setup.maxRetries) return;
    if (setup.retryProbability < 1 && !(random.next() < setup.retryProbability)) return;
    const at = t + setup.retryDelaySec * setup.backoffMultiplier ** tries[id]!;
    if (at < setup.endSec) push(heap, { at, kind: "retry", id: tries[id]! + 1 });
  };
  const start = (id: number, t: number): void => {
    state[id] = SERVING;
    began[id] = t;
    serving++;
    const sec = work();
    const killAt = killTime(t + setup.workerTimeoutSec);
    const killed = t + sec > killAt;
    push(heap, { at: killed ? killAt : t + sec, kind: "end", id, killed });
  };
  const arrive = (t: number, retries: number): void => {
    const id = arrival.length;
    arrival.push(t);
    tries.push(retries);
    state.push(DONE);
    decided.push(false);
    record.arrival(t, retries > 0);
    if (serving + waiting >= setup.concurrencyLimit) return verdict(id, t, "shed");
    if (serving < setup.servers) start(id, t);
    else if (waiting < setup.backlog) {
      state[id] = WAITING;
      waiting++;
      queue.push(id);
      const giveUp = patience();
      if (giveUp < Infinity) push(heap, { at: t + giveUp, kind: "patience", id });
    } else return verdict(id, t, "refused");
    if (setup.clientTimeoutSec < Infinity) {
      push(heap, { at: t + setup.clientTimeoutSec, kind: "clientTimeout", id });
    }
  };

  while (heap.length > 0) {
    const e = pop(heap);
    const t = e.at;
    record.advance(t, serving, waiting);
    if (e.kind === "new") {
      arrive(t, 0);
      const next = nextNew(t);
      if (next < Infinity) push(heap, { at: next, kind: "new", id: 0 });
    } else if (e.kind === "retry") {
      arrive(t, e.id);
    } else if (e.kind === "patience") {
      if (state[e.id] !== WAITING || decided[e.id]) continue;
      state[e.id] = LEFT;
      waiting--;
      verdict(e.id, t, "abandoned");
    } else if (e.kind === "clientTimeout") {
      if (!decided[e.id]) verdict(e.id, t, "timedOut");
    } else {
      serving--;
      state[e.id] = DONE;
      const gone = decided[e.id] === true;
      if (!gone) verdict(e.id, t, e.killed === true ? "killed" : "served");
      record.work(arrival[e.id]!, t - began[e.id]!, gone || e.killed === true);
      while (head < queue.length && state[queue[head]!] !== WAITING) head++;
      if (head < queue.length) {
        waiting--;
        start(queue[head++]!, t);
      }
    }
  }
  return record.result();
}

/** The arrival times of new requests: Poisson at each phase's rate, none after the last phase. */
function newRequests(setup: OverloadSetup, random: Random): (t: number) => number {
  let phase = 0;
  let phaseEnd = setup.phases[0]!.durationSec;
  return (t) => {
    for (;;) {
      const p = setup.phases[phase];
      if (p === undefined) return Infinity;
      // Memoryless: a gap that crosses into the next phase is drawn again from its start.
      const next =
        p.arrivalRatePerSec > 0 ? t - Math.log(random.next()) / p.arrivalRatePerSec : Infinity;
      if (next < phaseEnd) return next;
      t = phaseEnd;
      phase++;
      phaseEnd += setup.phases[phase]?.durationSec ?? 0;
    }
  };
}
