import { apportion } from "../math/apportion.js";
import { closedServer, openServer, type ServerState } from "./birthDeathServer.js";
import type { ServerModelInput } from "./serverModel.js";
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
 * share of the load. Processes compete for cores: the CPU time is stretched by the mean-field
 * {@link coreStretch} found by fixed point at the operating point.
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
  const users = m.gil ? m.processes : m.processes * m.threads;
  const clients = "clients" in m.load ? apportion(m.load.clients, weights) : [];
  /** Each process's rates with n = 0…T busy threads, and its queue, at a CPU stretch. */
  const solve = (stretch: number): { own: Float64Array; queues: PinnedQueue[] } => {
    const s = m.cpuSec * stretch;
    const own = m.gil
      ? singleServerRates(m.threads, s, m.ioSec, collisionScv)
      : Float64Array.from({ length: m.threads + 1 }, (_, k) => k / (s + m.ioSec));
    const queues = weights.map((w, i): PinnedQueue => {
      const load = m.load;
      const state =
        "arrivalRatePerSec" in load
          ? openServer(own, m.threads, load.arrivalRatePerSec * w)
          : closedServer(own, m.threads, clients[i]!, load.thinkTimeSec + m.hopSec);
      return { weight: w, state, gilBusy: Math.min(1, state.throughputPerSec * s) };
    });
    return { own, queues };
  };
  let stretch = 1;
  let { own, queues } = solve(stretch);
  for (let i = 0; i < 200; i++) {
    const x = queues.reduce((a, q) => a + q.state.throughputPerSec, 0);
    const next = coreStretch(users, Math.min(1, (x * m.cpuSec * stretch) / users), m.cores);
    if (Math.abs(next - stretch) <= 1e-12 * next) break;
    stretch = next;
    ({ own, queues } = solve(stretch));
  }
  const full = own[m.threads] ?? 0;
  const capacity = Math.min(
    m.cores / m.cpuSec,
    ...weights.map((w) => (w > 0 ? full / w : Infinity)),
  );
  const x = queues.reduce((a, q) => a + q.state.throughputPerSec, 0);
  return { queues, capacity, coreBusy: Math.min(1, (x * m.cpuSec) / m.cores) };
}
