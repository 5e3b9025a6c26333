// The playground's queue calculator (issue 21): the form's inputs, named as the API names them,
// are the question; pywebperf's browser build, loaded by this page, answers it, and the page
// shows the figures. The inputs live in the address's query string, so a link reproduces the
// page: queue.html?model=mmc&arrivalRatePerSec=80&serviceTimeSec=0.02&servers=2
import { mm1, mmc, mmck, ModelInputError } from "./pywebperf.js";
import embed from "./vega-embed.js";

/** Each model: the function that answers and the fields it reads. */
const MODELS = {
  mm1: { answer: mm1, fields: ["arrivalRatePerSec", "serviceTimeSec"] },
  mmc: { answer: mmc, fields: ["arrivalRatePerSec", "serviceTimeSec", "servers"] },
  mmck: { answer: mmck, fields: ["arrivalRatePerSec", "serviceTimeSec", "servers", "capacity"] },
};

/** The fields of every model, in the form's order, with the first page's values. */
const DEFAULTS = { arrivalRatePerSec: "80", serviceTimeSec: "0.02", servers: "2", capacity: "10" };

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

/** @param {number} x @param {"share" | "rate" | "count" | "time"} unit */
function shown(x, unit) {
  if (!Number.isFinite(x)) return "unbounded";
  const digits = (/** @type {number} */ v) => Number(v.toPrecision(4)).toString();
  if (unit === "share") return `${digits(x * 100)} %`;
  if (unit === "time") return x < 1 ? `${digits(x * 1000)} ms` : `${digits(x)} s`;
  if (unit === "rate") return `${digits(x)} /s`;
  return digits(x);
}

const form = /** @type {HTMLFormElement} */ (document.getElementById("inputs"));
const rows = /** @type {HTMLElement} */ (document.querySelector("#figures tbody"));
const about = /** @type {HTMLElement} */ (document.getElementById("about"));
const modelSelect = /** @type {HTMLSelectElement} */ (form.elements.namedItem("model"));

/** One labelled input per field, its error shown beside it. */
for (const [name, value] of Object.entries(DEFAULTS)) {
  const label = document.createElement("label");
  label.dataset.field = name;
  const input = document.createElement("input");
  Object.assign(input, { name, value, inputMode: "decimal" });
  label.append(
    name,
    input,
    Object.assign(document.createElement("output"), { className: "error" }),
  );
  form.append(label);
}

/** The inputs of the address, written into the form. */
function readAddress() {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of params) {
    const field = form.elements.namedItem(name);
    if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement)
      field.value = value;
  }
}

/** Shows the figures for the form's question, or the error at the field it names. */
function update() {
  const model = MODELS[/** @type {keyof MODELS} */ (modelSelect.value)] ?? MODELS.mmc;
  /** @type {Record<string, number>} */
  const question = {};
  for (const label of form.querySelectorAll("label[data-field]")) {
    const name = /** @type {string} */ (label.getAttribute("data-field"));
    const input = /** @type {HTMLInputElement} */ (label.querySelector("input"));
    label.toggleAttribute("hidden", !model.fields.includes(name));
    input.removeAttribute("aria-invalid");
    /** @type {HTMLOutputElement} */ (label.querySelector("output")).textContent = "";
    if (model.fields.includes(name))
      question[name] = input.value.trim() === "" ? NaN : Number(input.value);
  }
  const params = new URLSearchParams({ model: modelSelect.value });
  for (const name of model.fields) params.set(name, String(question[name]));
  history.replaceState(null, "", `?${params}`);
  try {
    const answer = model.answer(question);
    about.textContent = `${answer.model}: the means are ${answer.method}, the percentiles ${answer.distribution}${answer.stable ? "" : " — overloaded: no steady state"}.`;
    draw(model.answer, question, answer);
    rows.replaceChildren(
      ...FIGURES.map(([name, words, read, unit]) => {
        const row = document.createElement("tr");
        const value = read(answer);
        row.dataset.figure = name;
        row.dataset.value = String(value);
        row.innerHTML = `<td></td><td></td>`;
        /** @type {HTMLElement} */ (row.firstChild).textContent = words;
        /** @type {HTMLElement} */ (row.lastChild).textContent = shown(value, unit);
        return row;
      }),
    );
  } catch (e) {
    if (!(e instanceof ModelInputError)) throw e;
    rows.replaceChildren();
    for (const id of ["cdf", "percentiles"])
      /** @type {HTMLElement} */ (document.getElementById(id)).replaceChildren();
    about.textContent = "";
    const label = form.querySelector(`label[data-field="${e.field}"]`);
    const input = label?.querySelector("input");
    input?.setAttribute("aria-invalid", "true");
    const output = label?.querySelector("output") ?? about;
    output.textContent = e.message;
  }
}

/**
 * A vega-lite line chart of `values` ({ x, y, series }) into the figure `id`.
 * @param {string} id @param {object[]} values @param {string} x @param {string} y
 */
function lines(id, values, x, y) {
  embed(
    `#${id}`,
    {
      width: 330,
      height: 200,
      data: { values },
      mark: "line",
      encoding: {
        x: { field: "x", type: "quantitative", title: x },
        y: { field: "y", type: "quantitative", title: y },
        color: { field: "series", type: "nominal", title: null },
      },
    },
    { renderer: "svg", actions: false },
  );
}

/**
 * The charts: the share of requests answered within t, and the percentiles against the load
 * (the same queue at 5 % to 95 % of its servers' capacity, or 150 % with a backlog).
 * @param {(q: object) => any} answerOf @param {Record<string, number>} question @param {any} answer
 */
function draw(answerOf, question, answer) {
  const top = answer.responseTimeQuantileSec(0.999);
  const cdf = Number.isFinite(top)
    ? Array.from({ length: 101 }, (_, i) => {
        const t = (top * i) / 100;
        return { x: t * 1000, y: answer.responseTimeCdf(t), series: "answered within" };
      })
    : [];
  lines("cdf", cdf, "response time, ms", "share of requests");
  const capacity = (question.servers ?? 1) / question.serviceTimeSec;
  const most = question.capacity === undefined ? 0.95 : 1.5;
  const percentiles = Array.from({ length: 40 }, (_, i) => {
    const rate = capacity * (0.05 + ((most - 0.05) * i) / 39);
    const at = answerOf({ ...question, arrivalRatePerSec: rate });
    return [0.5, 0.95, 0.99].map((p) => ({
      x: rate,
      y: at.responseTimeQuantileSec(p) * 1000,
      series: `p${p * 100}`,
    }));
  }).flat();
  lines("percentiles", percentiles, "arrival rate, requests/s", "response time, ms");
}

readAddress();
form.addEventListener("input", update);
update();
