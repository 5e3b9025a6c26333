// The playground's Python deployment (issue 21): gunicorn's workers on a machine, asked of
// evaluateDeployment in the page. The address keeps the inputs by the API's dotted field names:
// deployment.html?deployment.workerClass=gthread&deployment.workers=2&deployment.threads=4&...
import { evaluateDeployment } from "./pywebperf.js";
import { addFields, chart, lines, question, runPage } from "./page.js";

/** The fields every worker class reads, and each class's own. */
const COMMON = [
  "deployment.workerClass",
  "deployment.workers",
  "app.cpuTimeSec",
  "app.ioTimeSec",
  "machine.cores",
  "machine.memoryBytes",
  "load.arrivalRatePerSec",
];
const OWN = {
  sync: [],
  gthread: ["deployment.threads"],
  gevent: ["deployment.workerConnections"],
};

/** @type {Array<[string, string, (r: any) => number, "share" | "rate" | "count" | "time" | "bytes"]>} */
const FIGURES = [
  ["capacityPerSec", "capacity", (r) => r.capacityPerSec, "rate"],
  ["throughputPerSec", "throughput", (r) => r.throughputPerSec, "rate"],
  ["utilization.cores", "cores busy", (r) => r.utilization.cores, "share"],
  ["utilization.gil", "GIL busy", (r) => r.utilization.gil, "share"],
  ["utilization.threads", "threads busy", (r) => r.utilization.threads, "share"],
  ["meanAcceptWaitSec", "mean wait for a worker", (r) => r.meanAcceptWaitSec, "time"],
  ["meanResponseTimeSec", "mean response time", (r) => r.meanResponseTimeSec, "time"],
  ["p50", "p50 response time", (r) => r.responseTimeQuantileSec(0.5), "time"],
  ["p95", "p95 response time", (r) => r.responseTimeQuantileSec(0.95), "time"],
  ["p99", "p99 response time", (r) => r.responseTimeQuantileSec(0.99), "time"],
  ["memory.totalPssBytes", "memory, Σ PSS", (r) => r.memory.totalPssBytes, "bytes"],
];

const form = /** @type {HTMLFormElement} */ (document.getElementById("inputs"));
addFields(form, [
  { name: "deployment.workerClass", value: "gthread", options: Object.keys(OWN) },
  { name: "deployment.workers", value: "2" },
  { name: "deployment.threads", value: "4" },
  { name: "deployment.workerConnections", value: "1000" },
  { name: "app.cpuTimeSec", value: "0.005" },
  { name: "app.ioTimeSec", value: "0.02" },
  { name: "machine.cores", value: "2" },
  { name: "machine.memoryBytes", value: String(4 * 2 ** 30) },
  { name: "load.arrivalRatePerSec", value: "150" },
]);
const workerClass = /** @type {HTMLSelectElement} */ (
  form.elements.namedItem("deployment.workerClass")
);

/**
 * The charts: p50/p95/p99 against the load (5–95 % of the capacity), and the p99 at this load
 * over workers × threads (blank where that deployment is overloaded).
 * @param {any} asked @param {any} answer
 */
function draw(asked, answer) {
  const at = (/** @type {any} */ change) =>
    evaluateDeployment({
      ...asked,
      ...change,
      deployment: { ...asked.deployment, ...change.deployment },
    });
  const percentiles = Array.from({ length: 30 }, (_, i) => {
    const rate = answer.capacityPerSec * (0.05 + (0.9 * i) / 29);
    const e = at({ load: { arrivalRatePerSec: rate } });
    return [0.5, 0.95, 0.99].map((p) => ({
      x: rate,
      y: e.responseTimeQuantileSec(p) * 1000,
      series: `p${p * 100}`,
    }));
  }).flat();
  lines("percentiles", percentiles, "arrival rate, requests/s", "response time, ms");
  const threads = asked.deployment.workerClass === "gthread" ? [1, 2, 4, 8, 16] : [1];
  const cells = threads.flatMap((t) =>
    Array.from({ length: 8 }, (_, w) => {
      const e = at({
        deployment: { workers: w + 1, ...(t > 1 || threads.length > 1 ? { threads: t } : {}) },
      });
      const p99 = e.responseTimeQuantileSec(0.99) * 1000;
      return { workers: w + 1, threads: t, p99: Number.isFinite(p99) ? p99 : null };
    }),
  );
  chart("heatmap", {
    title: `p99 at ${asked.load.arrivalRatePerSec} requests/s (blank: overloaded)`,
    data: { values: cells },
    mark: "rect",
    encoding: {
      x: { field: "workers", type: "ordinal", title: "workers" },
      y: { field: "threads", type: "ordinal", title: "threads", sort: "descending" },
      color: { field: "p99", type: "quantitative", title: "p99, ms", scale: { type: "log" } },
    },
  });
}

runPage(form, FIGURES, ["percentiles", "heatmap"], () => {
  const own = OWN[/** @type {keyof OWN} */ (workerClass.value)] ?? [];
  const asked = question(form, [...COMMON, ...own], { "deployment.server": "gunicorn" });
  asked.deployment.server = "gunicorn";
  const answer = evaluateDeployment(asked);
  const words =
    `gunicorn --worker-class ${asked.deployment.workerClass}: ${answer.processes} processes × ${answer.threads} threads, ` +
    `the ${answer.method === "exact" ? "exact model" : "model's approximation"}` +
    `${answer.stable ? "" : " — overloaded: no steady state"}${answer.fitsMemory ? "" : " — does not fit in memory"}.`;
  return { answer, words, draw: () => draw(asked, answer) };
});
