// The playground's Python deployment (issue 21): a server in its own settings (gunicorn, uvicorn,
// mod_wsgi, uWSGI, Waitress, granian: the library's table, SERVERS) on a machine, asked of
// evaluateDeployment in the page, with the command line serverCommand writes for it. The address
// keeps the inputs by the API's dotted field names:
// deployment.html?deployment.server=uwsgi&deployment.processes=2&deployment.threads=4&...
import { evaluateDeployment, serverCommand, SERVER_NAMES, SERVERS } from "./pywebperf.js";
import { addFields, chart, lines, question, runPage } from "./page.js";

/** The fields every server reads beside its own settings (the GIL mode is the model's own). */
const COMMON = [
  "deployment.gil",
  "app.cpuTimeSec",
  "app.ioTimeSec",
  "machine.cores",
  "machine.memoryBytes",
  "load.arrivalRatePerSec",
];

/**
 * Where a server's form starts when it is chosen, where its own default (one worker) would say
 * little; every other setting starts at the server's default.
 * @type {Record<string, Record<string, string>>}
 */
const START = {
  gunicorn: { workerClass: "gthread", workers: "2", threads: "4" },
  uvicorn: { workers: "2" },
  mod_wsgi: { processes: "2" },
  uwsgi: { processes: "2", threads: "4" },
  waitress: { threads: "8" },
  granian: { interface: "wsgi", workers: "2", blockingThreads: "4" },
};

/**
 * The settings a server's choice leaves unread, hidden while it is made: gunicorn's threads are
 * gthread's, its worker connections gevent's and eventlet's; granian's blocking threads are wsgi's.
 * @type {Record<string, (choice: (field: string) => string) => string[]>}
 */
const UNREAD = {
  gunicorn: (choice) => [
    ...(choice("workerClass") === "gthread" ? [] : ["threads"]),
    ...(["gevent", "eventlet"].includes(choice("workerClass")) ? [] : ["workerConnections"]),
  ],
  granian: (choice) => (choice("interface") === "wsgi" ? [] : ["blockingThreads"]),
};

/** Each server's settings for the heatmap's axes: its processes and its threads (or none). */
const AXES = {
  gunicorn: ["workers", "threads"],
  uvicorn: ["workers", undefined],
  mod_wsgi: ["processes", "threads"],
  uwsgi: ["processes", "threads"],
  waitress: [undefined, "threads"],
  granian: ["workers", "blockingThreads"],
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
const fromAddress = new URLSearchParams(location.search).get("deployment.server");
addFields(form, [
  {
    name: "deployment.server",
    value: SERVER_NAMES.includes(fromAddress) ? fromAddress : "gunicorn",
    options: SERVER_NAMES,
  },
]);
const serverSelect = /** @type {HTMLSelectElement} */ (
  form.elements.namedItem("deployment.server")
);
let built = "";

/**
 * The chosen server's settings as fields, in its own words: the API's name, the server's flag
 * beside it and its help as the label's title; the common fields after them.
 * @param {string} server
 */
function buildSettings(server) {
  for (const label of form.querySelectorAll("label[data-server]")) label.remove();
  const settings = SERVERS[server].settings;
  addFields(
    form,
    settings.map((/** @type {any} */ s) => ({
      name: `deployment.${s.field}`,
      value: START[server]?.[s.field] ?? String(s.default),
      ...(s.type === "choice" ? { options: [...s.choices] } : {}),
      ...(s.type === "boolean" ? { options: ["false", "true"] } : {}),
    })),
  );
  for (const s of settings) {
    const label = /** @type {HTMLElement} */ (
      form.querySelector(`label[data-field="deployment.${s.field}"]`)
    );
    label.dataset.server = server;
    label.title = s.help;
    const flag = Object.assign(document.createElement("small"), {
      textContent: s.serverFlag === "" ? `${server}: ${s.field}` : `${server} ${s.serverFlag}`,
    });
    label.insertBefore(flag, label.querySelector("input, select"));
  }
  for (const name of COMMON) {
    const label = form.querySelector(`label[data-field="${name}"]`);
    if (label) form.append(label);
  }
  built = server;
}

buildSettings(serverSelect.value);
addFields(form, [
  {
    name: "deployment.gil",
    value: "shared",
    options: ["shared", "per-interpreter", "free-threaded"],
  },
  { name: "app.cpuTimeSec", value: "0.005" },
  { name: "app.ioTimeSec", value: "0.02" },
  { name: "machine.cores", value: "2" },
  { name: "machine.memoryBytes", value: String(4 * 2 ** 30) },
  { name: "load.arrivalRatePerSec", value: "150" },
]);

/** The value a choice field holds now. @param {string} field */
const choice = (field) =>
  /** @type {HTMLSelectElement | null} */ (form.elements.namedItem(`deployment.${field}`))?.value ??
  "";

/**
 * The charts: p50/p95/p99 against the load (5–95 % of the capacity), and the p99 at this load
 * over the server's processes × threads settings (blank where that deployment is overloaded).
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
  const server = asked.deployment.server;
  const [processField, threadField] = AXES[/** @type {keyof AXES} */ (server)];
  const threads = threadField !== undefined && threadField in asked.deployment;
  const cells = (threads ? [1, 2, 4, 8, 16] : [1]).flatMap((t) =>
    (processField === undefined ? [1] : [1, 2, 3, 4, 5, 6, 7, 8]).map((w) => {
      const e = at({
        deployment: {
          ...(processField === undefined ? {} : { [processField]: w }),
          ...(threads ? { [threadField]: t } : {}),
        },
      });
      const p99 = e.responseTimeQuantileSec(0.99) * 1000;
      return { processes: w, threads: t, p99: Number.isFinite(p99) ? p99 : null };
    }),
  );
  chart("heatmap", {
    title: `p99 at ${asked.load.arrivalRatePerSec} requests/s (blank: overloaded)`,
    data: { values: cells },
    mark: "rect",
    encoding: {
      x: { field: "processes", type: "ordinal", title: processField ?? "one process" },
      y: {
        field: "threads",
        type: "ordinal",
        title: threads ? threadField : "threads",
        sort: "descending",
      },
      color: { field: "p99", type: "quantitative", title: "p99, ms", scale: { type: "log" } },
    },
  });
}

/** What answers, and how exactly, in words. @param {any} answer */
function statement(answer) {
  const means =
    answer.method === "exact"
      ? "the means are exact (here the model is a product-form network: exponential times, one queue)"
      : "the means are an approximation (a flow-equivalent server with two-moment corrections for variability, measured against the simulator in the guide)";
  return (
    `evaluateDeployment answers: ${answer.kind} deployment, ${answer.processes} processes × ${answer.threads} threads` +
    `${answer.kind === "async" ? ` (${answer.concurrencyPerProcess} requests at once per process)` : ""}; ` +
    `${means}; the percentiles are a two-moment approximation (a mixture of gamma laws)` +
    `${answer.stable ? "" : " — overloaded: no steady state"}${answer.fitsMemory ? "" : " — does not fit in memory"}.`
  );
}

const command = /** @type {HTMLElement} */ (document.getElementById("command"));
runPage(form, FIGURES, ["percentiles", "heatmap"], () => {
  command.textContent = "";
  const server = serverSelect.value;
  if (server !== built) buildSettings(server);
  const unread = UNREAD[server]?.(choice) ?? [];
  const settings = SERVERS[server].settings.filter(
    (/** @type {any} */ s) => !unread.includes(s.field),
  );
  const asked = question(form, [
    "deployment.server",
    ...settings.map((/** @type {any} */ s) => `deployment.${s.field}`),
    ...COMMON,
  ]);
  for (const s of settings)
    if (s.type === "boolean") asked.deployment[s.field] = asked.deployment[s.field] === "true";
  const answer = evaluateDeployment(asked);
  command.textContent = serverCommand(asked.deployment).command;
  return { answer, words: statement(answer), draw: () => draw(asked, answer) };
});
