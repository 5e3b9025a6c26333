// The playground's queue calculator (issue 21): pywebperf's browser build answers the form's
// question, by the API's field names, in the page. The address keeps the inputs:
// queue.html?model=mmc&arrivalRatePerSec=80&serviceTimeSec=0.02&servers=2
import { mm1, mmc, mmck } from "./pywebperf.js";
import { addFields, lines, question, runPage } from "./page.js";

/** Each model: the function that answers and the fields it reads. */
const MODELS = {
  mm1: { answer: mm1, fields: ["arrivalRatePerSec", "serviceTimeSec"] },
  mmc: { answer: mmc, fields: ["arrivalRatePerSec", "serviceTimeSec", "servers"] },
  mmck: { answer: mmck, fields: ["arrivalRatePerSec", "serviceTimeSec", "servers", "capacity"] },
};

/**
 * The figures shown: the name the test and the API know them by, the words shown, how to read
 * it from the answer, and its unit.
 * @type {Array<[string, string, (r: any) => number, "share" | "rate" | "count" | "time"]>}
 */
const FIGURES = [
  ["utilization", "each server busy", (r) => r.utilization, "share"],
  ["throughputPerSec", "throughput", (r) => r.throughputPerSec, "rate"],
  ["blockingProbability", "turned away (backlog full)", (r) => r.blockingProbability, "share"],
  ["probabilityOfWaiting", "must wait for a server", (r) => r.probabilityOfWaiting, "share"],
  ["meanInSystem", "mean in the system (L)", (r) => r.meanInSystem, "count"],
  ["meanWaitSec", "mean wait", (r) => r.meanWaitSec, "time"],
  ["meanResponseTimeSec", "mean response time", (r) => r.meanResponseTimeSec, "time"],
  ["p50", "p50 response time", (r) => r.responseTimeQuantileSec(0.5), "time"],
  ["p95", "p95 response time", (r) => r.responseTimeQuantileSec(0.95), "time"],
  ["p99", "p99 response time", (r) => r.responseTimeQuantileSec(0.99), "time"],
];

const form = /** @type {HTMLFormElement} */ (document.getElementById("inputs"));
const modelSelect = /** @type {HTMLSelectElement} */ (form.elements.namedItem("model"));
addFields(form, [
  { name: "arrivalRatePerSec", value: "80" },
  { name: "serviceTimeSec", value: "0.02" },
  { name: "servers", value: "2" },
  { name: "capacity", value: "10" },
]);

/**
 * The charts: the share of requests answered within t, and the percentiles against the load
 * (the same queue at 5 % to 95 % of its servers' capacity, or 150 % with a backlog).
 * @param {(q: object) => any} answerOf @param {Record<string, number>} asked @param {any} answer
 */
function draw(answerOf, asked, answer) {
  const top = answer.responseTimeQuantileSec(0.999);
  const cdf = Number.isFinite(top)
    ? Array.from({ length: 101 }, (_, i) => {
        const t = (top * i) / 100;
        return { x: t * 1000, y: answer.responseTimeCdf(t), series: "answered within" };
      })
    : [];
  lines("cdf", cdf, "response time, ms", "share of requests");
  const capacity = (asked.servers ?? 1) / (asked.serviceTimeSec ?? 1);
  const most = asked.capacity === undefined ? 0.95 : 1.5;
  const percentiles = Array.from({ length: 40 }, (_, i) => {
    const rate = capacity * (0.05 + ((most - 0.05) * i) / 39);
    const at = answerOf({ ...asked, arrivalRatePerSec: rate });
    return [0.5, 0.95, 0.99].map((p) => ({
      x: rate,
      y: at.responseTimeQuantileSec(p) * 1000,
      series: `p${p * 100}`,
    }));
  }).flat();
  lines("percentiles", percentiles, "arrival rate, requests/s", "response time, ms");
}

runPage(form, FIGURES, ["cdf", "percentiles"], () => {
  const name = /** @type {keyof MODELS} */ (modelSelect.value);
  const model = MODELS[name] ?? MODELS.mmc;
  const asked = question(form, model.fields, { model: name });
  const answer = model.answer(asked);
  const words = `${answer.model}: the means are ${answer.method}, the percentiles ${answer.distribution}${answer.stable ? "" : " — overloaded: no steady state"}.`;
  return { answer, words, draw: () => draw(model.answer, asked, answer) };
});
