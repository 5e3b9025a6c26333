import { pop, push, replaceTop } from "./heap.js";
import {
  ACQUIRE,
  CPU,
  DELAY,
  LATENCY,
  RELEASE,
  REPLICATE,
  VISIT,
  type Draws,
  type StackStations,
} from "./stackRoute.js";

/** A request on its route. */
interface Request {
  index: number;
  arrival: number;
  steps: number[];
  pos: number;
  /** Time of the next event (heap key). */
  at: number;
  appArrival: number;
  acquiredAt: number;
  busyCounted: boolean;
}

/** What a run of the stack's events is made of. */
interface StackRunSetup {
  stations: StackStations;
  tierCount: number;
  appAt: number;
  appServers: number;
  /** Worker processes of each app server. */
  processes: number;
  /** Read replicas + 1 of each database shard (1 without a database). */
  serversPerShard: number;
  /** Mean time of a write's replay on a replica, seconds. */
  replayTimeSec: number;
  arrivalRatePerSec: number;
  /** Requests simulated and discarded first, and then recorded. */
  warmUp: number;
  requests: number;
  route: () => number[];
  draws: Draws;
}

/** What a run measured, from the first recorded arrival to the last arrival. @internal */
export interface StackRunMeasures {
  /** Seconds between the first recorded arrival and the last arrival. */
  spanSec: number;
  /** Each station's busy core-seconds. */
  busy: Float64Array;
  /** Each app server's busy process-seconds. */
  appBusy: Float64Array;
  /** Per tier: operations arrived, and the time and visits of recorded requests. */
  tierOps: Float64Array;
  tierTime: Float64Array;
  tierVisits: Float64Array;
  /** Response time of each recorded request, in arrival order. */
  responses: Float64Array;
}

/** The state of a run: the setup, what it measured so far, the app servers' workers and the events. */
interface EventState {
  setup: StackRunSetup;
  m: StackRunMeasures;
  /** Idle worker processes of each app server. */
  idle: Int32Array;
  /** Requests waiting for a worker at each app server, FIFO. */
  appQueues: Request[][];
  /** Requests waiting for their next event, earliest first. */
  heap: Request[];
  /** Whether the time now is in the recorded window. */
  inWindow: boolean;
}

/** Runs the stack's events: Poisson arrivals, each request stepping through its route. @internal */
export function runStackEvents(setup: StackRunSetup): StackRunMeasures {
  const { warmUp: warm, draws } = setup;
  const state: EventState = {
    setup,
    m: {
      spanSec: 0,
      busy: new Float64Array(setup.stations.free.length),
      appBusy: new Float64Array(setup.appServers),
      tierOps: new Float64Array(setup.tierCount),
      tierTime: new Float64Array(setup.tierCount),
      tierVisits: new Float64Array(setup.tierCount),
      responses: new Float64Array(setup.requests),
    },
    idle: new Int32Array(setup.appServers).fill(setup.processes),
    appQueues: Array.from({ length: setup.appServers }, () => []),
    heap: [],
    inWindow: false,
  };
  const { heap } = state;
  const total = warm + setup.requests;
  const interarrivalSec = 1 / setup.arrivalRatePerSec;
  let windowStart = 0;
  let arrivals = 0;
  let nextArrival = draws.exp(interarrivalSec);
  while (arrivals < total || heap.length > 0) {
    if (arrivals < total && (heap.length === 0 || nextArrival <= heap[0]!.at)) {
      const t = nextArrival;
      if (arrivals === warm) {
        state.inWindow = true;
        windowStart = t;
      }
      const r: Request = {
        index: arrivals,
        arrival: t,
        steps: setup.route(),
        pos: 0,
        at: t,
        appArrival: 0,
        acquiredAt: 0,
        busyCounted: false,
      };
      arrivals++;
      runSteps(state, r, t);
      if (arrivals === total) {
        state.inWindow = false;
        state.m.spanSec = t - windowStart;
      }
      nextArrival = t + draws.exp(interarrivalSec);
    } else {
      const r = pop(heap);
      runSteps(state, r, r.at);
    }
  }
  return state.m;
}

/** Serves `service` seconds at `station` from time t on its first free core; returns the end. */
function serve(state: EventState, station: number, t: number, service: number): number {
  const cores = state.setup.stations.free[station]!;
  const done = Math.max(t, cores[0]!) + service;
  replaceTop(cores, done);
  if (state.inWindow) state.m.busy[station]! += service;
  return done;
}

/** Runs a request's steps from time t until it waits for an event or ends. */
function runSteps(state: EventState, r: Request, t: number): void {
  const { setup, m, idle, appQueues, heap } = state;
  const { appAt, warmUp: warm } = setup;
  const s = r.steps;
  const measured = r.index >= warm;
  while (r.pos < s.length) {
    const op = s[r.pos]!;
    const a = s[r.pos + 1]!;
    const b = s[r.pos + 2]!;
    r.pos += 3;
    if (op === VISIT) {
      const tier = setup.stations.stationTier[a]!;
      const done = serve(state, a, t, b);
      if (state.inWindow) m.tierOps[tier]! += 1;
      if (measured) {
        m.tierTime[tier]! += done - t;
        m.tierVisits[tier]! += 1;
      }
      r.at = done;
      return push(heap, r);
    } else if (op === CPU) {
      r.at = serve(state, a, t, b);
      return push(heap, r);
    } else if (op === DELAY) {
      r.at = t + a;
      return push(heap, r);
    } else if (op === LATENCY) {
      if (measured) m.tierTime[a]! += b;
      r.at = t + b;
      return push(heap, r);
    } else if (op === REPLICATE) {
      for (let k = 1; k < setup.serversPerShard; k++) {
        serve(state, a + k, t, setup.draws.exp(setup.replayTimeSec));
      }
    } else if (op === ACQUIRE) {
      r.appArrival = t;
      if (state.inWindow) m.tierOps[appAt]! += 1;
      if (idle[a]! === 0) return void appQueues[a]!.push(r);
      idle[a]! -= 1;
      r.acquiredAt = t;
      r.busyCounted = state.inWindow;
    } else if (op === RELEASE) {
      if (measured) {
        m.tierTime[appAt]! += t - r.appArrival;
        m.tierVisits[appAt]! += 1;
      }
      if (r.busyCounted) m.appBusy[a]! += t - r.acquiredAt;
      const waiting = appQueues[a]!.shift();
      if (waiting === undefined) {
        idle[a]! += 1;
      } else {
        waiting.acquiredAt = t;
        waiting.busyCounted = state.inWindow;
        waiting.at = t;
        push(heap, waiting);
      }
    }
  }
  if (measured) m.responses[r.index - warm] = t - r.arrival;
}
