// The playground's stack planner (issue 21): a scenario in YAML, as `pywebperf plan` reads it,
// planned by planCapacity in the page — the tiers and their counts, the cost, the planner's
// steps and the tier chart — with a scenario's error shown at the line of the field it names.
// The address keeps the text when it differs from the built-in classic stack:
// stack.html?scenario=<the YAML, deflate-raw compressed, base64url>
import {
  ModelInputError,
  describePlanStep,
  parseScenario,
  planCapacity,
  scenarioFieldPosition,
  tierUtilizationChart,
} from "./pywebperf.js";
import { chart, figureRows, shown } from "./page.js";
import CLASSIC from "../scenarios/classic.yaml";

const editor = /** @type {HTMLTextAreaElement} */ (document.getElementById("scenario"));
const backdrop = /** @type {HTMLElement} */ (document.getElementById("backdrop"));
const problem = /** @type {HTMLOutputElement} */ (document.getElementById("scenario-error"));
const about = /** @type {HTMLElement} */ (document.getElementById("about"));
const warnings = /** @type {HTMLElement} */ (document.getElementById("warnings"));
const summary = /** @type {HTMLElement} */ (document.querySelector("#figures tbody"));
const tiers = /** @type {HTMLElement} */ (document.getElementById("tiers"));
const trace = /** @type {HTMLElement} */ (document.getElementById("trace"));
const tierChart = /** @type {HTMLElement} */ (document.getElementById("tier-chart"));

/** `p99` for 0.99, `p99.9` for 0.999. @param {number} q */
const label = (q) => `p${Number((q * 100).toPrecision(6))}`;

/** A tier's count as the CLI writes it: servers, shards, or shards × (1 + read replicas). @param {any} t */
function count(t) {
  if (t.kind === "memcache") return `${t.shards} shard${t.shards > 1 ? "s" : ""}`;
  if (t.kind === "database") return `${t.shards} × (1 + ${t.readReplicas})`;
  return String(t.servers);
}

/**
 * A table row of cells: text, or a figure `[name, value, unit]` whose raw value goes in
 * `data-value` for the browser test. The row carries the tier's counts when `counts` is given.
 * @param {Array<string | [string, number, Parameters<typeof shown>[1]]>} cells @param {any} [counts]
 */
function row(cells, counts) {
  const tr = document.createElement("tr");
  if (counts)
    Object.assign(tr.dataset, {
      servers: counts.servers,
      shards: counts.shards,
      readReplicas: counts.readReplicas,
    });
  for (const cell of cells) {
    const td = document.createElement("td");
    if (typeof cell === "string") td.textContent = cell;
    else {
      const [name, value, unit] = cell;
      Object.assign(td.dataset, { figure: name, value: String(value) });
      td.textContent = shown(value, unit);
    }
    tr.append(td);
  }
  return tr;
}

/** A header row. @param {string[]} names */
function head(names) {
  const tr = document.createElement("tr");
  tr.append(...names.map((n) => Object.assign(document.createElement("th"), { textContent: n })));
  return tr;
}

/** Shows a plan: words, warnings, figures, tiers, trace and chart. @param {any} plan */
function showPlan(plan) {
  const q = plan.quantile;
  const p = label(q);
  const servers = plan.tiers.reduce((n, /** @type {any} */ t) => n + t.servers, 0);
  about.textContent =
    `planCapacity: ${plan.feasible ? `${servers} servers over ${plan.tiers.length} tiers, ${shown(plan.costPerMonth, "money")} per month, the bottleneck ${plan.peak.bottleneck}` : `no plan meets the SLO — ${plan.reason}`}. ` +
    `The stack model is an approximation: each tier an M/M/c queue (capped at the app's workers below the app), ` +
    `the app servers the Python deployment model (${plan.peak.app.method === "exact" ? "exact" : "an approximation"} here), ` +
    `the end-to-end ${p} a mixture of gamma laws fitted to each path's mean and variance — against its simulation, ` +
    `the mean within 0.7 % and the p99 within 4.4 % in the median. The plan is greedy: cheap, not proven the cheapest.`;
  warnings.replaceChildren(
    ...[...(plan.feasible ? [] : [`Not feasible: ${plan.reason}`]), ...plan.warnings].map((w) =>
      Object.assign(document.createElement("li"), { textContent: w }),
    ),
  );
  figureRows(
    summary,
    [
      ["arrivalRatePerSec", "mean load", (r) => r.arrivalRatePerSec, "rate"],
      ["peakArrivalRatePerSec", "peak load", (r) => r.peakArrivalRatePerSec, "rate"],
      ["responseTimeSec", `SLO: ${p} at most`, (r) => r.responseTimeSec, "time"],
      ["peak.quantileSec", `${p} at the peak`, (r) => r.peak.responseTimeQuantileSec(q), "time"],
      ["peak.meanResponseTimeSec", "mean at the peak", (r) => r.peak.meanResponseTimeSec, "time"],
      [
        "mean.quantileSec",
        `${p} at the mean load`,
        (r) => r.mean.responseTimeQuantileSec(q),
        "time",
      ],
      ["maxUtilization", "every tier at most", (r) => r.maxUtilization, "share"],
      ["peak.capacityPerSec", "the stack saturates at", (r) => r.peak.capacityPerSec, "rate"],
      ["peak.memoryBytes", "memory", (r) => r.peak.memoryBytes, "bytes"],
      ["costPerMonth", "cost per month", (r) => r.costPerMonth, "money"],
    ],
    plan,
  );
  tiers.replaceChildren(
    head(["tier", "servers", "busy", "limit", "× peak", "mean", "memory", "per month"]),
    ...plan.tiers.map((/** @type {any} */ t) =>
      row(
        [
          t.name,
          count(t),
          [`tiers.${t.name}.utilization`, t.utilization, "share"],
          [`tiers.${t.name}.limitPerSec`, t.limitPerSec, "rate"],
          [`tiers.${t.name}.headroomFactor`, t.headroomFactor, "count"],
          [`tiers.${t.name}.meanResponseTimeSec`, t.meanResponseTimeSec, "time"],
          [`tiers.${t.name}.memoryBytes`, t.memoryBytes, "bytes"],
          [`tiers.${t.name}.costPerMonth`, t.costPerMonth, "money"],
        ],
        t,
      ),
    ),
  );
  trace.replaceChildren(
    head(["", "why", "change", "then", "busy", p, "per month"]),
    ...plan.trace.map((/** @type {any} */ s, /** @type {number} */ i) =>
      row(
        [
          String(i + 1),
          describePlanStep(s),
          s.reason === "minimum"
            ? `${s.host ?? s.tier} kept`
            : `${s.host ?? s.tier} ${s.action}${s.count > 1 ? ` ×${s.count}` : ""}`,
          count(s),
          [`trace[${i}].utilization`, s.utilization, "share"],
          [`trace[${i}].responseTimeQuantileSec`, s.responseTimeQuantileSec, "time"],
          [`trace[${i}].costPerMonth`, s.costPerMonth, "money"],
        ],
        s,
      ),
    ),
  );
  // The page's vega-embed draws the spec with its own vega-lite: the spec's $schema is left out.
  const { $schema, ...spec } = tierUtilizationChart(plan.tiers, {
    limit: plan.maxUtilization,
    title: `How busy each tier is at the peak (${shown(plan.peakArrivalRatePerSec, "rate")})`,
  });
  chart("tier-chart", spec);
}

/** The editor's text with line `line` (from 1) marked, behind the text area. @param {number} [line] */
function markLine(line) {
  const lines = editor.value.split("\n");
  backdrop.replaceChildren(
    ...lines.flatMap((text, i) => {
      const end = i + 1 < lines.length ? "\n" : "";
      if (i + 1 !== line) return [document.createTextNode(`${text}${end}`)];
      return [Object.assign(document.createElement("mark"), { textContent: text || " " }), end];
    }),
  );
  backdrop.scrollTop = editor.scrollTop;
  backdrop.scrollLeft = editor.scrollLeft;
  if (line === undefined) delete editor.dataset.errorLine;
  else editor.dataset.errorLine = String(line);
}

/** Selects line `line` (from 1) of the editor. @param {number} line */
function selectLine(line) {
  const lines = editor.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  editor.focus();
  editor.setSelectionRange(start, start + (lines[line - 1] ?? "").length);
}

/**
 * Shows a scenario's error beside the editor: the line of the field it names (or of the syntax
 * error) marked, the message with that line, and a button that selects it. @param {unknown} e
 */
function showError(e) {
  if (!(e instanceof Error)) throw e;
  const at =
    e instanceof ModelInputError ? scenarioFieldPosition(editor.value, e.field) : undefined;
  editor.setAttribute("aria-invalid", "true");
  markLine(at?.line);
  if (at === undefined) {
    problem.textContent = e.message;
    return;
  }
  const where = at.found === e.field ? "" : ` (in \`${at.found}\`)`;
  const go = Object.assign(document.createElement("button"), {
    type: "button",
    textContent: `line ${at.line}`,
  });
  go.addEventListener("click", () => selectLine(at.line));
  problem.replaceChildren(go, `${where}: ${e.message}`);
}

/** The text as the address keeps it: deflate-raw, base64url. @param {string} text */
async function packed(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const binary = Array.from(bytes, (b) => String.fromCharCode(b)).join("");
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The text the address keeps. @param {string} param */
async function unpacked(param) {
  const binary = atob(param.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Response(stream).text();
}

/**
 * Keeps the editor's text in the address (none for the classic stack as it is); the editor's
 * `data-saved` says when the address holds its text (the browser test waits for it).
 */
async function remember() {
  const text = editor.value;
  editor.dataset.saved = "false";
  const search = text === CLASSIC ? "" : `?scenario=${await packed(text)}`;
  if (editor.value !== text) return; // edited since: that edit's call writes the address
  history.replaceState(null, "", `${location.pathname}${search}`);
  editor.dataset.saved = "true";
}

/** Plans the editor's scenario and shows the plan, or the scenario's error at its line. */
function update() {
  editor.removeAttribute("aria-invalid");
  problem.replaceChildren();
  try {
    const plan = planCapacity(parseScenario(editor.value, "yaml"));
    markLine(undefined);
    showPlan(plan);
  } catch (e) {
    for (const part of [warnings, summary, tiers, trace, tierChart]) part.replaceChildren();
    about.textContent = "";
    showError(e);
  }
  void remember();
}

editor.addEventListener("input", update);
editor.addEventListener("scroll", () => {
  backdrop.scrollTop = editor.scrollTop;
  backdrop.scrollLeft = editor.scrollLeft;
});
/** @type {HTMLElement} */ (document.getElementById("classic")).addEventListener("click", () => {
  editor.value = CLASSIC;
  update();
});

const param = new URLSearchParams(location.search).get("scenario");
if (param === null) {
  editor.value = CLASSIC;
  update();
} else {
  unpacked(param).then(
    (text) => {
      editor.value = text;
      update();
    },
    () => {
      editor.value = CLASSIC;
      update();
      problem.textContent =
        "The address's scenario could not be read (a link cut short?): the classic stack instead.";
    },
  );
}
