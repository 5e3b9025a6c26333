import type { CapacityPlan } from "../deploy/capacityPlan.js";
import { figure, share, spikeWords } from "../deploy/overload/overloadWords.js";

// `pywebperf plan` with a scenario's `overload.spike`: what the spike does to the planned stack
// — each app server's answer, the app tier's goodput, and the other tiers' load.

/** The lines about the scenario's spike, or none without one. */
export function planSpikeLines(plan: CapacityPlan): string[] {
  const s = plan.spike;
  if (s === undefined) return [];
  const app = s.app;
  const one = app.spike!;
  const capacity = app.station.servers / app.station.serviceTimeSec;
  const lines = [
    `A ${figure(s.factor)}× spike for ${figure(s.durationSec)} s (${figure(s.arrivalRatePerSec)} req/s at the top), on the planned stack (an approximation: the app servers as queues from their server's settings, the other tiers scaled):`,
    `  each of the ${s.appServers} app servers (listen backlog ${app.station.listen.requested}, ${app.station.listen.waitingPlaces} waiting places): ${spikeWords(one, capacity)}`,
    `  the app tier answers ${figure(s.appGoodputPerSec)} req/s in time over the spike and its recovery`,
  ];
  const r = app.retries;
  if (r !== undefined) {
    lines.push(
      r.metastable
        ? `  with the clients' retries it is metastable: ${r.tipsOver ? "this spike tips it over" : "this spike does not tip it over"} (that takes ${figure(r.tipAfterSec ?? Infinity)} s), and then it stays at goodput ${figure(r.bad.goodputPerSec)} per server until the load falls`
        : `  the clients' retries add ${share(r.good.amplification - 1)} load; no spike leaves it failing on them`,
    );
  }
  for (const t of s.tiers.filter((x) => x.utilization >= 1)) {
    lines.push(
      `  ${t.name} is overloaded too (${share(t.utilization)} busy, ${figure(t.excessPerSec)} req/s beyond it): its own queue and the app's calls to it are not modelled past capacity`,
    );
  }
  return [...lines, ""];
}
