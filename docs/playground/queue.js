// The playground's queue calculator (issue 21): pywebperf's browser build answers the form's
// question, by the API's field names, in the page, and says which model answers and how exactly.
// The address keeps the inputs:
// queue.html?model=mmc&arrivalRatePerSec=80&serviceTimeSec=0.02&servers=2
import { finiteSource, ggc, mg1, mm1, mmc, mmck } from "./pywebperf.js";
import { addFields, lines, question, runPage } from "./page.js";

/** A gamma law fitted to two moments: what the approximate models' percentiles come from. */
const TWO_MOMENTS =
  "a gamma law with the model's mean and variance of the response time (for service of fixed length, the wait's law shifted by the service time)";

/**
 * Each model: the function that answers, the fields it reads, its name with the source its doc
 * comment cites, and — where it approximates — how.
 */
const MODELS = {
  mm1: {
    answer: mm1,
    fields: ["arrivalRatePerSec", "serviceTimeSec"],
    source: "M/M/1 (Kleinrock, Queueing Systems vol. 1, 1975, §3.2)",
  },
  mmc: {
    answer: mmc,
    fields: ["arrivalRatePerSec", "serviceTimeSec", "servers"],
    source: "M/M/c (Kleinrock 1975, §3.5; Gross, Shortle, Thompson & Harris 2008, §2.3)",
  },
  mmck: {
    answer: mmck,
    fields: ["arrivalRatePerSec", "serviceTimeSec", "servers", "capacity"],
    source: "M/M/c/K (Gross, Shortle, Thompson & Harris 2008, §2.5–2.6)",
  },
  finiteSource: {
    answer: finiteSource,
    fields: ["population", "thinkTimeSec", "serviceTimeSec", "servers", "capacity"],
    source: "M/M/c/K/K, a finite source of clients (Kleinrock 1975, §3.8–3.9)",
  },
  mg1: {
    answer: mg1,
    fields: ["arrivalRatePerSec", "serviceTimeSec", "serviceTimeScv"],
    source:
      "M/G/1 by the Pollaczek–Khinchine formula, with Takács' second moment (Kleinrock 1975, §5.6, eq. 5.114)",
    percentiles: TWO_MOMENTS,
  },
  ggc: {
    answer: ggc,
    fields: ["arrivalRatePerSec", "serviceTimeSec", "servers", "arrivalScv", "serviceTimeScv"],
    source:
      "G/G/c by the Allen–Cunneen approximation (Allen, Probability, Statistics, and Queueing Theory, 2nd ed., 1990, ch. 6; Bolch, Greiner, de Meer & Trivedi 2006, ch. 6)",
    means:
      "the M/M/c wait scaled by (arrivalScv + serviceTimeScv)/2; measured against simulation by npm run accuracy, its mean response time is within 20 %",
    percentiles: TWO_MOMENTS,
  },
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
  { name: "population", value: "10" },
  { name: "thinkTimeSec", value: "0.1" },
  { name: "serviceTimeSec", value: "0.02" },
  { name: "servers", value: "2" },
  { name: "capacity", value: "10" },
  { name: "arrivalScv", value: "2" },
  { name: "serviceTimeScv", value: "0.5" },
]);

/**
 * The percentiles against the load: an open queue from 5 % to 95 % of its servers' capacity
 * (150 % with a backlog), a finite source from 1 client to twice the population that saturates
 * the servers (the capacity at most the population).
 * @param {(q: any) => any} answerOf @param {any} asked
 */
function percentilesAgainstLoad(answerOf, asked) {
  const points = (/** @type {Array<[number, any]>} */ at) =>
    at.flatMap(([x, q]) => {
      const a = answerOf(q);
      return [0.5, 0.95, 0.99].map((p) => ({
        x,
        y: a.responseTimeQuantileSec(p) * 1000,
        series: `p${p * 100}`,
      }));
    });
  if (asked.population !== undefined) {
    const saturating =
      (asked.servers * (asked.serviceTimeSec + asked.thinkTimeSec)) / asked.serviceTimeSec;
    const most = Math.max(2, Math.ceil(2 * saturating));
    const clients = [
      ...new Set(Array.from({ length: 40 }, (_, i) => 1 + Math.round(((most - 1) * i) / 39))),
    ];
    const at = clients.map((n) => [
      n,
      { ...asked, population: n, capacity: Math.min(asked.capacity, n) },
    ]);
    return { values: points(/** @type {Array<[number, any]>} */ (at)), x: "clients (population)" };
  }
  const capacity = (asked.servers ?? 1) / asked.serviceTimeSec;
  const most = asked.capacity === undefined ? 0.95 : 1.5;
  const at = Array.from({ length: 40 }, (_, i) => {
    const rate = capacity * (0.05 + ((most - 0.05) * i) / 39);
    return [rate, { ...asked, arrivalRatePerSec: rate }];
  });
  return {
    values: points(/** @type {Array<[number, any]>} */ (at)),
    x: "arrival rate, requests/s",
  };
}

/**
 * The charts: the share of requests answered within t, and the percentiles against the load.
 * @param {(q: object) => any} answerOf @param {any} asked @param {any} answer
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
  const { values, x } = percentilesAgainstLoad(answerOf, asked);
  lines("percentiles", values, x, "response time, ms");
}

/**
 * Which model answers and how exactly, from the answer's own `method` and `distribution`.
 * @param {{ source: string; means?: string; percentiles?: string }} model @param {any} answer
 */
function statement(model, answer) {
  const means =
    answer.method === "exact"
      ? "the means are exact"
      : `the means are an approximation${model.means ? ` (${model.means})` : ""}`;
  const percentiles =
    answer.distribution === "exact"
      ? "the response-time distribution and its percentiles are exact"
      : `the percentiles are an approximation${model.percentiles ? `: ${model.percentiles}` : ""}`;
  return `${model.source} answers: ${means}; ${percentiles}${answer.stable ? "" : " — overloaded: no steady state"}.`;
}

runPage(form, FIGURES, ["cdf", "percentiles"], () => {
  const name = /** @type {keyof MODELS} */ (modelSelect.value);
  const model = MODELS[name] ?? MODELS.mmc;
  const asked = question(form, model.fields, { model: name });
  const answer = model.answer(asked);
  return {
    answer,
    words: statement(model, answer),
    draw: () => draw(model.answer, asked, answer),
  };
});
