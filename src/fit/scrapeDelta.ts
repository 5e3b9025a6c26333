import { DataFormatError, ModelInputError } from "../errors.js";
import { assertObject } from "../validate.js";
import { assembleHistograms } from "./prometheusHistogram.js";
import { seriesKey } from "./prometheusSeries.js";
import type { PrometheusFamily, PrometheusSample } from "./prometheusFamily.js";
import type { PrometheusScrape } from "./prometheusText.js";

/**
 * What the cumulative series (counters, histograms, a summary's `_sum` and `_count`) grew by
 * between two scrapes of the same process: the requests and seconds of the interval alone. A
 * series missing from the earlier scrape counts from 0 (a labelled series does not exist until
 * its first observation). Gauges, untyped families, summary quantiles and `_created` samples are
 * left out.
 *
 * @param earlier - The first scrape, from {@link parsePrometheusText}.
 * @param later - The second scrape of the same target.
 * @returns A scrape of the increases, named `later − earlier`, with the later lines; its
 * histograms can be passed to {@link selectHistogram}.
 * @throws {@link DataFormatError} naming the later scrape and the series when a value decreased
 * (a counter reset: the process restarted) or a series of the earlier scrape is gone.
 * @example
 * ```ts
 * scrapeDelta(parsePrometheusText("# TYPE hits_total counter\nhits_total 5\n"), parsePrometheusText("# TYPE hits_total counter\nhits_total 12\n")).families[0].samples[0].value; // => 7
 * ```
 */
export function scrapeDelta(earlier: PrometheusScrape, later: PrometheusScrape): PrometheusScrape {
  const model = "scrapeDelta";
  for (const [field, s] of [
    ["earlier", earlier],
    ["later", later],
  ] as const) {
    const o = assertObject(model, s, field, ["source", "families"]);
    if (!Array.isArray(o.families)) {
      throw new ModelInputError(model, `${field}.families`, o.families, "an array");
    }
  }
  const source = `${later.source} − ${earlier.source}`;
  const before = new Map<string, number>();
  for (const f of earlier.families.filter(cumulative)) {
    for (const s of f.samples.filter((s) => counted(f, s)))
      before.set(seriesKey(s.name, s.labels), s.value);
  }
  const families: PrometheusFamily[] = [];
  for (const f of later.families.filter(cumulative)) {
    const samples = f.samples
      .filter((s) => counted(f, s))
      .map((s) => {
        const key = seriesKey(s.name, s.labels);
        const value = s.value - (before.get(key) ?? 0);
        if (!(value >= 0)) {
          throw new DataFormatError(
            later.source,
            s.line,
            `${key} decreased from ${before.get(key)} to ${s.value} since ${earlier.source}: a counter reset (restart?)`,
          );
        }
        before.delete(key);
        return { ...s, labels: { ...s.labels }, value };
      });
    const delta: PrometheusFamily = {
      name: f.name,
      type: f.type,
      help: f.help,
      samples,
      histograms: [],
    };
    if (f.type === "histogram") delta.histograms = assembleHistograms(delta, source);
    families.push(delta);
  }
  const gone = before.keys().next();
  if (!gone.done) {
    throw new DataFormatError(
      later.source,
      0,
      `${gone.value} of ${earlier.source} is missing: a restart?`,
    );
  }
  return { source, families };
}

function cumulative(f: PrometheusFamily): boolean {
  return f.type === "counter" || f.type === "histogram" || f.type === "summary";
}

function counted(f: PrometheusFamily, s: PrometheusSample): boolean {
  if (s.name.endsWith("_created")) return false;
  return f.type !== "summary" || s.name !== f.name; // a summary's quantiles are not cumulative
}
