// The playground's sizing page (issue 21): sizeDeployment for gunicorn in the page — the
// recommendation and its command, what fits, and the rules of thumb with why they fail. The
// address keeps the inputs by the API's dotted field names.
import { evaluateDeployment, sizeDeployment } from "./pywebperf.js";
import { addFields, question, runPage, shown } from "./page.js";

const FIELDS = [
  "server.workerClass",
  "app.cpuTimeSec",
  "app.ioTimeSec",
  "machine.cores",
  "machine.memoryBytes",
  "load.arrivalRatePerSec",
  "slo.responseTimeSec",
  "slo.quantile",
];

/** @type {Array<[string, string, (r: any) => number, "share" | "rate" | "count" | "time" | "bytes"]>} */
const FIGURES = [
  ["recommended.capacityPerSec", "capacity", (r) => r.recommended?.capacityPerSec ?? NaN, "rate"],
  [
    "recommended.quantileSec",
    "the SLO's quantile",
    (r) => r.recommended?.quantileSec ?? NaN,
    "time",
  ],
  [
    "recommended.meanResponseTimeSec",
    "mean response time",
    (r) => r.recommended?.meanResponseTimeSec ?? NaN,
    "time",
  ],
  [
    "recommended.coreUtilization",
    "cores busy",
    (r) => r.recommended?.coreUtilization ?? NaN,
    "share",
  ],
  ["recommended.pssBytes", "memory, Σ PSS", (r) => r.recommended?.pssBytes ?? NaN, "bytes"],
  ["feasible", "configurations that fit", (r) => r.feasible.length, "count"],
];

const form = /** @type {HTMLFormElement} */ (document.getElementById("inputs"));
addFields(form, [
  { name: "server.workerClass", value: "gthread", options: ["gthread", "sync", "gevent"] },
  { name: "app.cpuTimeSec", value: "0.01" },
  { name: "app.ioTimeSec", value: "0.04" },
  { name: "machine.cores", value: "2" },
  { name: "machine.memoryBytes", value: String(2 * 2 ** 30) },
  { name: "load.arrivalRatePerSec", value: "100" },
  { name: "slo.responseTimeSec", value: "0.25" },
  { name: "slo.quantile", value: "0.99" },
]);

/**
 * A table of configurations: the command, whether it fits (or why not), its quantile and memory.
 * @param {string} id @param {Array<[string, any]>} rows label and configuration
 */
function configurations(id, rows) {
  const table = /** @type {HTMLElement} */ (document.getElementById(id));
  const head = document.createElement("tr");
  for (const h of ["", "command", "fits", "quantile", "memory"])
    head.append(Object.assign(document.createElement("th"), { textContent: h }));
  table.replaceChildren(
    head,
    ...rows.map(([label, c]) => {
      const row = document.createElement("tr");
      row.dataset.command = c.command ?? "";
      const cells = [
        label,
        c.command ??
          `${c.deployment.kind}: ${c.deployment.processes ?? 1} × ${c.deployment.threads ?? 1}`,
        c.feasible ? "yes" : c.reasons.join(", "),
        shown(c.quantileSec, "time"),
        shown(c.pssBytes, "bytes"),
      ];
      row.append(
        ...cells.map((t) => Object.assign(document.createElement("td"), { textContent: t })),
      );
      return row;
    }),
  );
}

/** A suggestion of sizeDeployment's explanation, in words. @param {any} s */
function suggestion(s) {
  if (s.machines !== undefined) return `${s.machines} machines like this one`;
  if (s.sloResponseTimeSec !== undefined) return `an SLO of ${shown(s.sloResponseTimeSec, "time")}`;
  if (s.memoryBytes !== undefined) return `${shown(s.memoryBytes, "bytes")} of memory`;
  return `${s.cores} cores`;
}

/**
 * Which model answers and how exactly: the search, and the recommendation's evaluation.
 * @param {any} asked @param {any} r the recommendation, if any
 */
function statement(asked, r) {
  const search =
    "sizeDeployment answers: for each kind and thread count it finds the range of process counts that meet the SLO by galloping and bisection, every configuration an evaluateDeployment";
  if (r === undefined) return `${search}.`;
  const e = evaluateDeployment({ ...asked, deployment: r.settings ?? r.deployment });
  const means =
    e.method === "exact"
      ? "the recommendation's means are exact (a product-form network: exponential times, one queue)"
      : "the recommendation's means are an approximation (a flow-equivalent server with two-moment corrections for variability)";
  return `${search}; ${means}, its quantile a two-moment approximation (a mixture of gamma laws).`;
}

const command = /** @type {HTMLElement} */ (document.getElementById("command"));
const method = /** @type {HTMLElement} */ (document.getElementById("method"));
runPage(form, FIGURES, ["feasible", "rules"], () => {
  method.textContent = "";
  const asked = question(form, FIELDS, { "server.server": "gunicorn" });
  asked.server.server = "gunicorn";
  const answer = sizeDeployment(asked);
  const r = answer.recommended;
  command.textContent = r?.command ?? "";
  method.textContent = statement({ app: asked.app, machine: asked.machine, load: asked.load }, r);
  const words = r
    ? `Recommended, ranked by ${answer.ranking.prefer}: ${r.command}.`
    : `Nothing meets the SLO. It would with ${answer.explanation.suggestions.map(suggestion).join(", or ")}.`;
  const draw = () => {
    configurations(
      "feasible",
      answer.feasible.map((c, i) => [i === 0 ? "recommended" : String(i + 1), c]),
    );
    configurations(
      "rules",
      answer.rulesOfThumb.flatMap((rule) => rule.configurations.map((c) => [rule.rule, c])),
    );
  };
  return { answer, words, draw };
});
