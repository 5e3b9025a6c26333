import { DataFormatError, ModelInputError } from "../errors.js";
import { readerSource } from "./readerSource.js";
import type {
  PrometheusFamily,
  PrometheusMetricType,
  PrometheusSample,
} from "./prometheusFamily.js";
import { assembleHistograms } from "./prometheusHistogram.js";
import { parseValue, seriesKey } from "./prometheusSeries.js";

/** Result of {@link parsePrometheusText}. */
export interface PrometheusScrape {
  /** The name the errors give the text ({@link ParsePrometheusTextOptions.source}). */
  source: string;
  /** In text order. */
  families: PrometheusFamily[];
}

/** Options of {@link parsePrometheusText}. */
export interface ParsePrometheusTextOptions {
  /**
   * What the errors call the text, e.g. its file name.
   * @default "prometheus text"
   */
  source?: string;
}

const TYPES = ["counter", "gauge", "histogram", "summary", "untyped"];
/** The sample names a family of each type may hold, as suffixes of the family's name. */
const SUFFIXES: Record<PrometheusMetricType, string[]> = {
  counter: ["", "_total", "_created"],
  gauge: [""],
  histogram: ["_bucket", "_sum", "_count", "_created"],
  summary: ["", "_sum", "_count", "_created"],
  untyped: [""],
};
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/**
 * Reads the Prometheus text exposition format (version 0.0.4, what `/metrics` endpoints and
 * prometheus_client's `generate_latest()` write): `# HELP` and `# TYPE` lines, samples with
 * escaped label values, `+Inf`/`-Inf`/`NaN` values and optional timestamps. Samples are grouped
 * into metric families, and each histogram family's series are assembled per label set.
 *
 * @param text - The scrape's contents.
 * @param options - {@link ParsePrometheusTextOptions}.
 * @returns The families in text order.
 * @throws {@link DataFormatError} naming the source and line for a malformed line, a duplicate
 * series, or a histogram whose buckets are not cumulative, lack `+Inf`, or disagree with `_count`.
 * @throws {@link ModelInputError} when `text` is not a string or an option is unknown.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/
 * @example
 * ```ts
 * parsePrometheusText('# TYPE up gauge\nup{job="app"} 1\n').families[0].samples[0].labels.job; // => "app"
 * ```
 */
export function parsePrometheusText(
  text: string,
  options: ParsePrometheusTextOptions = {},
): PrometheusScrape {
  const model = "parsePrometheusText";
  if (typeof text !== "string") throw new ModelInputError(model, "text", text, "a string");
  const source = readerSource(model, options, "prometheus text");
  const families: PrometheusFamily[] = [];
  const byName = new Map<string, PrometheusFamily>();
  const seen = new Set<string>();
  let current: PrometheusFamily | undefined;
  const fail = (line: number, problem: string): never => {
    throw new DataFormatError(source, line, problem);
  };
  const family = (name: string, line: number, sampled: boolean): PrometheusFamily => {
    let f = byName.get(name);
    if (f && !sampled && f.samples.length > 0)
      fail(line, `# TYPE or # HELP of ${name} after its samples`);
    if (!f) {
      f = { name, type: "untyped", help: "", samples: [], histograms: [] };
      byName.set(name, f);
      families.push(f);
    }
    return f;
  };

  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/\r$/, "").trim();
    if (content === "") return;
    if (content.startsWith("#")) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(content);
      if (!m) return; // any other comment
      const [, keyword, name = "", rest = ""] = m;
      if (!new RegExp(`${NAME.source}$`).test(name)) fail(line, `invalid metric name "${name}"`);
      const f = family(name, line, false);
      if (keyword === "HELP") {
        f.help = rest.replace(/\\(\\|n)/g, (_, c: string) => (c === "n" ? "\n" : "\\"));
      } else {
        const type = rest.trim();
        if (!TYPES.includes(type)) fail(line, `unknown metric type "${type}" for ${name}`);
        if (f.type !== "untyped" || f.samples.length > 0) fail(line, `a second # TYPE for ${name}`);
        f.type = type as PrometheusMetricType;
      }
      current = f;
      return;
    }
    const sample = parseSample(content, line, fail);
    const key = seriesKey(sample.name, sample.labels);
    if (seen.has(key)) fail(line, `duplicate series ${key}`);
    seen.add(key);
    const holds = (f: PrometheusFamily) => SUFFIXES[f.type].some((s) => f.name + s === sample.name);
    const owner = current && holds(current) ? current : family(sample.name, line, true);
    if (!holds(owner))
      fail(line, `${sample.name} is not a sample name of the ${owner.type} ${owner.name}`);
    owner.samples.push(sample);
    current = owner;
  });
  for (const f of families) {
    if (f.type === "histogram") f.histograms = assembleHistograms(f, source);
  }
  return { source, families };
}

function parseSample(
  content: string,
  line: number,
  fail: (line: number, problem: string) => never,
): PrometheusSample {
  const name = NAME.exec(content)?.[0];
  if (name === undefined) return fail(line, "a sample line must start with a metric name");
  let rest = content.slice(name.length);
  const pairs: [string, string][] = [];
  if (rest.startsWith("{")) {
    rest = rest.slice(1).trimStart();
    while (!rest.startsWith("}")) {
      const label = LABEL_NAME.exec(rest)?.[0];
      if (label === undefined) return fail(line, `a label name expected at "${rest}"`);
      rest = rest.slice(label.length).trimStart();
      if (!rest.startsWith('="') && !/^=\s*"/.test(rest)) {
        return fail(line, `label ${label}: ="value" expected`);
      }
      rest = rest.slice(rest.indexOf('"') + 1);
      let value = "";
      let i = 0;
      for (; i < rest.length && rest[i] !== '"'; i++) {
        if (rest[i] !== "\\") {
          value += rest[i];
          continue;
        }
        const next = rest[++i];
        if (next === "\\" || next === '"') value += next;
        else if (next === "n") value += "\n";
        else return fail(line, `label ${label}: unknown escape "\\${next ?? ""}"`);
      }
      if (i >= rest.length) return fail(line, `label ${label}: unterminated value`);
      if (pairs.some(([k]) => k === label)) return fail(line, `label ${label} given twice`);
      pairs.push([label, value]);
      rest = rest.slice(i + 1).trimStart();
      if (rest.startsWith(",")) rest = rest.slice(1).trimStart();
      else if (!rest.startsWith("}")) return fail(line, `"," or "}" expected after label ${label}`);
    }
    rest = rest.slice(1);
  }
  const fields = rest.trim().split(/\s+/);
  if (!/^\s/.test(rest) || fields.length < 1 || fields.length > 2) {
    return fail(line, "a sample must be `name{labels} value [timestamp]`");
  }
  const [valueText = "", timestampText] = fields;
  const value = parseValue(valueText);
  if (value !== value && !/^nan$/i.test(valueText)) fail(line, `invalid value "${valueText}"`);
  if (timestampText !== undefined && !/^-?\d+$/.test(timestampText)) {
    fail(line, `invalid timestamp "${timestampText}" (integer milliseconds expected)`);
  }
  const timestampSec = timestampText === undefined ? undefined : Number(timestampText) / 1000;
  return { name, labels: Object.fromEntries(pairs), value, timestampSec, line };
}
