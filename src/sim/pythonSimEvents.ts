import type { PythonSim, Thread } from "./pythonSim.js";
import {
  finishCpu,
  finishRequest,
  idleThread,
  newRequest,
  release,
  schedule,
  startCpu,
} from "./pythonSimThreads.js";
import { nextQuotaEvent, quotaEvent, useQuota } from "./pythonSimQuota.js";

/** The next event: an arrival, a CPU burst finishing, an I/O finishing, or a forced GIL switch. */
interface NextEvent {
  time: number;
  kind: "arrival" | "cpu" | "io" | "switch" | "period" | "throttle";
  /** The thread whose CPU burst or I/O finishes. */
  who: Thread | undefined;
  /** The process whose GIL holder is forced off. */
  switchProcess: number;
}

/** Runs the simulation until it has measured `requests` responses. */
export function runPythonSim(sim: PythonSim): void {
  const { cores, gil } = sim.setup;
  while (sim.responses.length < sim.setup.requests) {
    // The running threads share the cores equally (processor sharing); none runs when throttled.
    const share = sim.quota.throttled ? 0 : sim.running.size > cores ? cores / sim.running.size : 1;
    const event = nextEvent(sim, share);
    const next = Math.max(event.time, sim.clock);
    const dt = next - sim.clock;
    for (const t of sim.running) t.remaining = Math.max(0, t.remaining - dt * share);
    useQuota(sim, dt, sim.inServer);
    if (sim.measureFrom >= 0) {
      sim.measuredTime += dt;
      sim.coreBusy += (share === 0 ? 0 : Math.min(sim.running.size, cores)) * dt;
      if (gil) sim.gilHeld += sim.holder.filter((h) => h !== undefined).length * dt;
    }
    sim.clock = next;
    const who = event.who;
    if (event.kind === "arrival") {
      arrive(sim);
    } else if (event.kind === "cpu" && who) {
      who.remaining = 0;
      finishCpu(sim, who);
    } else if (event.kind === "io" && who) {
      sim.ioUntil.delete(who);
      if (who.bursts.length === 0) finishRequest(sim, who);
      else startCpu(sim, who);
    } else if (event.kind === "switch") {
      forceSwitch(sim, event.switchProcess);
    } else if (event.kind === "period" || event.kind === "throttle") {
      quotaEvent(sim, event.kind);
    }
  }
}

/** The earliest event, with each running thread served at `share` of a core. */
function nextEvent(sim: PythonSim, share: number): NextEvent {
  const { clock } = sim;
  const event: NextEvent = {
    time: sim.upcoming[0] ?? Infinity,
    kind: "arrival",
    who: undefined,
    switchProcess: -1,
  };
  for (const t of share > 0 ? sim.running : []) {
    const done = clock + t.remaining / share;
    if (done < event.time) {
      event.time = done;
      event.kind = "cpu";
      event.who = t;
    }
  }
  if (sim.setup.quotaSec < Infinity) {
    const q = nextQuotaEvent(sim);
    if (q.time < event.time) {
      event.time = q.time;
      event.kind = q.kind;
      event.who = undefined;
    }
  }
  for (const [t, until] of sim.ioUntil) {
    if (until < event.time) {
      event.time = until;
      event.kind = "io";
      event.who = t;
    }
  }
  if (sim.setup.gil) {
    for (let p = 0; p < sim.setup.processes; p++) {
      const first = sim.waiters[p]![0];
      if (first === undefined || sim.holder[p] === undefined) continue;
      const due = Math.max(sim.lastSwitch[p] ?? 0, first.waitStart) + sim.setup.switchIntervalSec;
      if (due < event.time) {
        event.time = due;
        event.kind = "switch";
        event.switchProcess = p;
      }
    }
  }
  return event;
}

/**
 * A request arrives: the next one is scheduled (open load), and it goes to an idle thread of the
 * process with the most idle threads (pinned: of its own process) or waits for one.
 */
function arrive(sim: PythonSim): void {
  const { closed, pinned } = sim.setup;
  sim.started++;
  sim.inServer++;
  if (sim.started === sim.warm + 1) sim.measureFrom = sim.clock;
  sim.upcoming.shift();
  const client = sim.upcomingClient.shift() ?? -1;
  if (!closed) schedule(sim, sim.clock + sim.draw.gap(), -1);
  const p = !pinned ? -1 : closed ? (sim.clientProcess[client] ?? 0) : sim.draw.route();
  const t = idleThread(sim, p);
  if (t) newRequest(sim, t, sim.clock, client);
  else sim.backlogs[pinned ? p : 0]!.push({ arrival: sim.clock, client });
}

/** Forced drop: the holder goes to the back of the line with what is left of its burst. */
function forceSwitch(sim: PythonSim, p: number): void {
  const h = sim.holder[p]!;
  sim.running.delete(h);
  h.state = "waitingGil";
  h.waitStart = sim.clock;
  release(sim, p);
  sim.waiters[p]!.push(h);
}
