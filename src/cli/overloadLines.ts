import type { OverloadAdvice } from "../deploy/overload/overloadAdvice.js";
import type { OverloadAnswer } from "../deploy/overload/overloadAnswer.js";
import { figure, share, spikeWords } from "../deploy/overload/overloadWords.js";

// `pywebperf deploy` past capacity: the station it answers with, the steady answer when the
// load is past capacity, the spike, the retries, and the advice on the server's settings.

/** The lines past capacity, under the deployment's table. */
export function overloadLines(
  o: OverloadAnswer,
  capacityPerSec: number,
  advice: OverloadAdvice | undefined,
): string[] {
  const st = o.station;
  const listen = st.listen;
  const cap = listen.cappedByKernel ? `, capped by somaxconn ${listen.somaxconn}` : "";
  const limit =
    st.concurrencyLimit === undefined ? "" : `; 503 past ${st.concurrencyLimit} requests inside`;
  const lines = [
    "Past capacity (an approximation: the deployment as one queue, see docs/queueing.md):",
    `  ${st.servers} requests progress at once, ${figure(st.serviceTimeSec * 1000)} ms each; listen backlog ${listen.requested}${cap} (${listen.waitingPlaces} waiting places)${limit}`,
  ];
  const s = o.steady;
  {
    const over = s.arrivalRatePerSec >= capacityPerSec ? "overloaded at" : "steady at";
    lines.push(
      `  ${over} ${figure(s.arrivalRatePerSec)} req/s: goodput ${figure(s.goodputPerSec)} of ${figure(capacityPerSec)} req/s, ${share(s.refusedShare)} refused, ${share(s.timedOutShare)} late, mean wait ${figure(s.meanWaitSec)} s`,
    );
  }
  // The spike's fluid has no retries: with them, the next line says whether it tips over.
  const first = o.retries === undefined ? "" : " (first attempts, before retries)";
  if (o.spike !== undefined) lines.push(`  spike${first}: ${spikeWords(o.spike, capacityPerSec)}`);
  const r = o.retries;
  if (r !== undefined) {
    const tip =
      r.tipAfterSec === undefined
        ? ""
        : r.tipsOver
          ? ` — this spike tips it over (it takes ${figure(r.tipAfterSec)} s)`
          : ` — this spike does not tip it over (that takes ${figure(r.tipAfterSec)} s)`;
    lines.push(
      r.metastable
        ? `  retries: metastable: healthy at ${figure(r.good.goodputPerSec)} req/s, or failing at ${figure(r.bad.attemptRatePerSec)} attempts/s with goodput ${figure(r.bad.goodputPerSec)}${tip}`
        : `  retries: ${share(r.good.amplification - 1)} extra load, goodput ${figure(r.good.goodputPerSec)} req/s; one steady state`,
    );
  }
  if (advice !== undefined)
    lines.push("", "Settings under this spike:", ...advice.words.map((w) => `  ${w}`));
  return lines;
}
