// What every playground page does (issue 21): a form of inputs named as the API names them
// (dotted for nested fields: `app.cpuTimeSec`), kept in the address's query string so that a link
// reproduces the page; an error shown at the field it names; a table of figures whose raw values
// the browser test reads; charts through vega-embed.
import { ModelInputError } from "./pywebperf.js";
import embed from "./vega-embed.js";

/**
 * Adds a labelled input per field (a select where `options` are given), its error beside it.
 * @param {HTMLFormElement} form
 * @param {Array<{ name: string; value: string; options?: string[] }>} fields
 */
export function addFields(form, fields) {
  for (const { name, value, options } of fields) {
    const label = document.createElement("label");
    label.dataset.field = name;
    const input = document.createElement(options ? "select" : "input");
    if (input instanceof HTMLSelectElement)
      input.append(...(options ?? []).map((o) => new Option(o, o, o === value, o === value)));
    else Object.assign(input, { value, inputMode: "decimal" });
    input.name = name;
    const error = Object.assign(document.createElement("output"), { className: "error" });
    label.append(name, input, error);
    form.append(label);
  }
}

/** Writes the address's inputs into the form. @param {HTMLFormElement} form */
function readAddress(form) {
  for (const [name, value] of new URLSearchParams(location.search)) {
    const field = form.elements.namedItem(name);
    if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement)
      field.value = value;
  }
}

/**
 * Shows only the fields named, clears their errors, and returns their values (numbers where the
 * input is a number box) as the API's nested question; the address keeps them.
 * @param {HTMLFormElement} form
 * @param {string[]} names
 * @param {Record<string, string>} [fixed] values that are in the address but not in the form
 * @returns {any}
 */
export function question(form, names, fixed = {}) {
  /** @type {any} */
  const q = {};
  const params = new URLSearchParams(fixed);
  for (const label of form.querySelectorAll("label[data-field]")) {
    const name = /** @type {string} */ (label.getAttribute("data-field"));
    const input = /** @type {HTMLInputElement | HTMLSelectElement} */ (
      label.querySelector("input, select")
    );
    label.toggleAttribute("hidden", !names.includes(name));
    input.removeAttribute("aria-invalid");
    /** @type {HTMLOutputElement} */ (label.querySelector("output")).textContent = "";
    if (!names.includes(name)) continue;
    const text = input.value.trim();
    const value = input instanceof HTMLSelectElement ? text : text === "" ? NaN : Number(text);
    params.set(name, String(value));
    const path = name.split(".");
    let at = q;
    for (const key of path.slice(0, -1)) at = at[key] ??= {};
    at[/** @type {string} */ (path[path.length - 1])] = value;
  }
  history.replaceState(null, "", `?${params}`);
  return q;
}

/**
 * Shows a ModelInputError at the field it names (or in `fallback`), and rethrows anything else.
 * @param {HTMLFormElement} form @param {unknown} e @param {HTMLElement} fallback
 */
function showError(form, e, fallback) {
  if (!(e instanceof ModelInputError)) throw e;
  const label = form.querySelector(`label[data-field="${e.field}"]`);
  label?.querySelector("input, select")?.setAttribute("aria-invalid", "true");
  (label?.querySelector("output") ?? fallback).textContent = e.message;
}

/** @param {number} x @param {"share" | "rate" | "count" | "time" | "bytes" | "money"} unit */
export function shown(x, unit) {
  if (Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return "unbounded";
  if (unit === "money") return Math.round(x).toLocaleString("en-US");
  const digits = (/** @type {number} */ v) => Number(v.toPrecision(4)).toString();
  if (unit === "share") return `${digits(x * 100)} %`;
  if (unit === "time") return x < 1 ? `${digits(x * 1000)} ms` : `${digits(x)} s`;
  if (unit === "rate") return `${digits(x)} /s`;
  if (unit === "bytes")
    return x >= 2 ** 30 ? `${digits(x / 2 ** 30)} GiB` : `${digits(x / 2 ** 20)} MiB`;
  return digits(x);
}

/**
 * The table's rows: a figure per row, its raw value in `data-value` for the browser test.
 * @param {HTMLElement} tbody
 * @param {Array<[string, string, (r: any) => number, Parameters<typeof shown>[1]]>} figures
 * @param {any} answer
 */
export function figureRows(tbody, figures, answer) {
  tbody.replaceChildren(
    ...figures.map(([name, words, read, unit]) => {
      const row = document.createElement("tr");
      const value = read(answer);
      row.dataset.figure = name;
      row.dataset.value = String(value);
      const [label, cell] = [document.createElement("td"), document.createElement("td")];
      label.textContent = words;
      cell.textContent = shown(value, unit);
      row.append(label, cell);
      return row;
    }),
  );
}

/**
 * Runs a page: writes the address into the form, then on every input asks `ask` — which reads
 * the form (with `question`) and answers — and shows the answer's words in `#about`, its figures
 * in `#figures` and its charts; or, when the API refuses the question, empties them and shows
 * the error at the field it names.
 * @param {HTMLFormElement} form
 * @param {Parameters<typeof figureRows>[1]} figures
 * @param {string[]} charts the ids of the charts' figures
 * @param {() => { answer: any; words: string; draw: () => void }} ask
 */
export function runPage(form, figures, charts, ask) {
  const rows = /** @type {HTMLElement} */ (document.querySelector("#figures tbody"));
  const about = /** @type {HTMLElement} */ (document.getElementById("about"));
  const update = () => {
    try {
      const { answer, words, draw } = ask();
      about.textContent = words;
      figureRows(rows, figures, answer);
      draw();
    } catch (e) {
      rows.replaceChildren();
      for (const id of charts)
        /** @type {HTMLElement} */ (document.getElementById(id)).replaceChildren();
      about.textContent = "";
      showError(form, e, about);
    }
  };
  readAddress(form);
  form.addEventListener("input", update);
  update();
}

/**
 * A vega-lite chart into the figure `id`, drawn as SVG.
 * @param {string} id @param {object} spec
 */
export function chart(id, spec) {
  embed(`#${id}`, { width: 330, height: 200, ...spec }, { renderer: "svg", actions: false });
}

/**
 * Lines of `values` ({ x, y, series }).
 * @param {string} id @param {object[]} values @param {string} x @param {string} y
 */
export function lines(id, values, x, y) {
  chart(id, {
    data: { values },
    mark: "line",
    encoding: {
      x: { field: "x", type: "quantitative", title: x },
      y: { field: "y", type: "quantitative", title: y },
      color: { field: "series", type: "nominal", title: null },
    },
  });
}
