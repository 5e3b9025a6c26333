import type { PythonSim, Thread } from "./pythonSim.js";

// A thread's life in the simulated server: take a request, run its CPU bursts (with the GIL when
// there is one) between its I/O waits, finish and take the next waiting request.

/** A thread takes a request that arrived at `arrival` from `client`: its bursts are drawn now. */
export function newRequest(sim: PythonSim, t: Thread, arrival: number, client: number): void {
  t.arrival = arrival;
  t.client = client;
  t.bursts = [];
  // Each burst's I/O wait is drawn before its CPU time, and the CPU time is popped first.
  for (let i = 0; i < sim.setup.bursts; i++) {
    t.bursts.push(sim.draw.ioWait(), sim.draw.cpuBurst());
  }
  sim.busyThreads[t.process] = (sim.busyThreads[t.process] ?? 0) + 1;
  startCpu(sim, t);
}

/** A thread starts its next CPU burst: it runs, or waits for its process's GIL. */
export function startCpu(sim: PythonSim, t: Thread): void {
  t.remaining = t.bursts.pop() ?? 0;
  if (!sim.setup.gil) {
    t.state = "running";
    sim.running.add(t);
    return;
  }
  const p = t.process;
  if (sim.holder[p] === undefined) {
    grant(sim, t);
  } else {
    t.state = "waitingGil";
    t.waitStart = sim.clock;
    sim.waiters[p]!.push(t);
  }
}

function grant(sim: PythonSim, t: Thread): void {
  sim.holder[t.process] = t;
  sim.lastSwitch[t.process] = sim.clock;
  t.state = "running";
  sim.running.add(t);
}

/** Process p's GIL is dropped: the longest waiter takes it. */
export function release(sim: PythonSim, p: number): void {
  sim.holder[p] = undefined;
  const next = sim.waiters[p]!.shift();
  if (next) grant(sim, next);
}

/** A thread's CPU burst is done: it drops the GIL and waits for I/O, or its request is done. */
export function finishCpu(sim: PythonSim, t: Thread): void {
  sim.running.delete(t);
  if (sim.setup.gil) release(sim, t.process);
  const wait = t.bursts.pop() ?? 0;
  if (t.bursts.length === 0 && wait === 0) return finishRequest(sim, t);
  t.state = "io";
  sim.ioUntil.set(t, sim.clock + wait);
}

/**
 * A request is done: its response time is recorded (after the warm-up), its client thinks, and
 * the thread takes the next request waiting for it.
 */
export function finishRequest(sim: PythonSim, t: Thread): void {
  if (sim.started > sim.warm) sim.responses.push(sim.clock - t.arrival);
  sim.inServer--;
  t.state = "idle";
  sim.busyThreads[t.process] = (sim.busyThreads[t.process] ?? 1) - 1;
  if (sim.setup.closed) schedule(sim, sim.clock + sim.draw.thinking(), t.client);
  const queued = sim.backlogs[sim.setup.pinned ? t.process : 0]!.shift();
  if (queued !== undefined) newRequest(sim, t, queued.arrival, queued.client);
}

/** An arrival at time t from `client` joins the upcoming ones, in time order. */
export function schedule(sim: PythonSim, t: number, client: number): void {
  const { upcoming } = sim;
  let i = upcoming.length;
  while (i > 0 && (upcoming[i - 1] ?? 0) > t) i--;
  upcoming.splice(i, 0, t);
  sim.upcomingClient.splice(i, 0, client);
}

/**
 * An idle thread of the process with the most idle threads (of process `only` when it is ≥ 0),
 * or undefined when none is idle.
 */
export function idleThread(sim: PythonSim, only: number): Thread | undefined {
  let best: Thread | undefined;
  let bestIdle = -1;
  for (let p = 0; p < sim.setup.processes; p++) {
    if (only >= 0 && p !== only) continue;
    const idle = sim.setup.threads - (sim.busyThreads[p] ?? 0);
    if (idle > bestIdle) {
      bestIdle = idle;
      best = idle > 0 ? sim.threads.find((t) => t.process === p && t.state === "idle") : undefined;
    }
  }
  return bestIdle > 0 ? best : undefined;
}
