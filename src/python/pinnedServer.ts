import { apportion } from "../math/apportion.js";
import { closedServer, openServer, type ServerState } from "./birthDeathServer.js";
import type { ServerModelInput } from "./serverModelInput.js";
import { coreStretch, singleServerRates } from "./serverRates.js";

// Keep-alive dispatch for the server model: every process queues its own clients.

/** One process's own queue. */
export interface PinnedQueue {
  weight: number;
  state: ServerState;
  /** Fraction of time the process's GIL is held. */
  gilBusy: number;
}

/**
 * Clients pinned to processes (keep-alive connections): each process is its own queue with its
 * share of the load. The processes that have a share compete for cores: the CPU time is
 * stretched by the mean-field {@link coreStretch} over them, found by fixed point at the
 * operating point.
 *
 * The capacity is the most the deployment completes with this dispatch: for open load the
 * arrival rate at which the busiest process saturates, for closed load the throughput with every
 * process that has clients saturated — both at the stretch of that throughput (the fixed point
 * X = share⁻¹·μ_T(s(X)), found by bisection), so the throughput never exceeds it.
 */
export function pinnedStates(
  m: ServerModelInput,
  collisionScv: number,
): {
  queues: PinnedQueue[];
  capacity: number;
  coreBusy: number;
} {
  const weights = m.weights ?? [];
  const clients = "clients" in m.load ? apportion(m.load.clients, weights) : [];
  // Only the processes that have clients compete for the cores (a split can leave some idle).
  const active = Math.max(
    1,
    ("clients" in m.load ? clients : weights).filter((share) => share > 0).length,
  );
  const users = m.gil ? active : active * m.threads;
  /** A process's rates with k = 0…T busy threads at a CPU stretch. */
  const rates = (stretch: number): Float64Array => {
    const s = m.cpuSec * stretch;
    return m.gil
      ? singleServerRates(m.threads, s, m.ioSec, collisionScv)
      : Float64Array.from({ length: m.threads + 1 }, (_, k) => k / (s + m.ioSec));
  };
  /** Each process's queue at a CPU stretch. */
  const solve = (stretch: number): PinnedQueue[] => {
    const own = rates(stretch);
    const s = m.cpuSec * stretch;
    return weights.map((w, i): PinnedQueue => {
      const load = m.load;
      const state =
        "arrivalRatePerSec" in load
          ? openServer(own, m.threads, load.arrivalRatePerSec * w)
          : closedServer(own, m.threads, clients[i]!, load.thinkTimeSec + m.hopSec);
      return { weight: w, state, gilBusy: Math.min(1, state.throughputPerSec * s) };
    });
  };
  let stretch = 1;
  let queues = solve(stretch);
  for (let i = 0; i < 200; i++) {
    const x = queues.reduce((a, q) => a + q.state.throughputPerSec, 0);
    const next = coreStretch(users, Math.min(1, (x * m.cpuSec * stretch) / users), m.cores);
    if (Math.abs(next - stretch) <= 1e-12 * next) break;
    stretch = next;
    queues = solve(stretch);
  }
  // The share of the throughput the bottleneck process carries.
  const share =
    "arrivalRatePerSec" in m.load
      ? Math.max(...weights)
      : 1 / Math.max(1, clients.filter((n) => n > 0).length);
  const limit = m.cores / m.cpuSec;
  const carries = (x: number): boolean =>
    x * share <= (rates(stretchAt(m, users, x))[m.threads] ?? 0);
  let capacity = limit;
  if (!carries(limit)) {
    let low = 0;
    for (let i = 0; i < 200 && capacity - low > 1e-15 * capacity; i++) {
      const mid = (low + capacity) / 2;
      if (carries(mid)) low = mid;
      else capacity = mid;
    }
    capacity = low;
  }
  const x = queues.reduce((a, q) => a + q.state.throughputPerSec, 0);
  return { queues, capacity, coreBusy: Math.min(1, (x * m.cpuSec) / m.cores) };
}

/**
 * The CPU stretch at a given throughput x: the least fixed point of s = coreStretch(users,
 * x·cpu·s/users, cores), reached from s = 1 by a rising sequence.
 */
function stretchAt(m: ServerModelInput, users: number, x: number): number {
  let stretch = 1;
  for (let i = 0; i < 200; i++) {
    const next = coreStretch(users, Math.min(1, (x * m.cpuSec * stretch) / users), m.cores);
    if (Math.abs(next - stretch) <= 1e-12 * next) return next;
    stretch = next;
  }
  return stretch;
}
