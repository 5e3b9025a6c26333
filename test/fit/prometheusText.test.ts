import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DataFormatError,
  ModelInputError,
  parsePrometheusText,
  REQUEST_DURATION_HISTOGRAMS,
  scrapeDelta,
  selectHistogram,
  type PrometheusScrape,
} from "../../src/index.js";
import { relErr, thrown } from "../helpers.js";

// test/fixtures/prometheus/: real generate_latest() output of prometheus_client 0.16.0 (Debian 12)
// written by make_prometheus_fixtures.py, which also lists every observation in observed.json.
const dir = join(import.meta.dirname, "..", "fixtures", "prometheus");
const read = (name: string): string => readFileSync(join(dir, name), "utf8");
const observed = JSON.parse(read("observed.json")) as {
  scrape1Requests: number;
  requests: [method: string, handler: string, status: string, seconds: number][];
};
const scrape1 = parsePrometheusText(read("scrape-1.txt"), { source: "scrape-1.txt" });
const scrape2 = parsePrometheusText(read("scrape-2.txt"), { source: "scrape-2.txt" });
const DEFAULT_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** The histogram of a list of observations, counted here, independently of the parser. */
function expected(requests: typeof observed.requests) {
  return {
    buckets: [...DEFAULT_BOUNDS, Infinity].map((upperBound) => ({
      upperBound,
      cumulativeCount: requests.filter((r) => r[3] <= upperBound).length,
    })),
    sum: requests.reduce((a, r) => a + r[3], 0),
    count: requests.length,
  };
}

function family(scrape: PrometheusScrape, name: string) {
  const f = scrape.families.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name}`);
  return f;
}

const failure = (f: () => unknown): DataFormatError => thrown(DataFormatError, f);

describe("parsePrometheusText on real prometheus_client output", () => {
  const first = observed.requests.slice(0, observed.scrape1Requests);
  const routes = [...new Set(observed.requests.map((r) => `${r[0]} ${r[1]}`))];

  it("reads the families with their types and help", () => {
    expect(scrape1.source).toBe("scrape-1.txt");
    expect(scrape1.families.map((f) => [f.name, f.type])).toEqual([
      ["http_request_duration_seconds", "histogram"],
      ["http_request_duration_seconds_created", "gauge"],
      ["http_requests_total", "counter"],
      ["http_requests_created", "gauge"],
      ["http_requests_in_progress", "gauge"],
      ["app_errors_total", "counter"],
      ["app_errors_created", "gauge"],
    ]);
    expect(family(scrape1, "http_requests_in_progress").help).toBe("Requests being served");
    expect(family(scrape1, "http_requests_in_progress").samples[0]!.value).toBe(3);
  });

  it("assembles each route's histogram to the counts the script observed", () => {
    const { histograms } = family(scrape1, "http_request_duration_seconds");
    expect(histograms).toHaveLength(routes.length);
    for (const route of routes) {
      const [method, handler] = route.split(" ");
      const h = histograms.find((x) => x.labels.method === method && x.labels.handler === handler);
      const want = expected(first.filter((r) => r[0] === method && r[1] === handler));
      expect(h!.labels).toEqual({ method, handler });
      expect(h!.buckets).toEqual(want.buckets);
      expect(h!.count).toBe(want.count);
      expect(relErr(h!.sum, want.sum)).toBeLessThan(1e-12);
    }
  });

  it("reads the counter per method, status and handler", () => {
    const samples = family(scrape2, "http_requests_total").samples;
    expect(samples.reduce((a, s) => a + s.value, 0)).toBe(observed.requests.length);
    for (const s of samples) {
      const { method, status, handler } = s.labels;
      const n = observed.requests.filter(
        (r) => r[0] === method && r[1] === handler && r[2] === status,
      ).length;
      expect(s.value, JSON.stringify(s.labels)).toBe(n);
    }
  });

  it("resolves the escapes prometheus_client wrote in a label value", () => {
    const [s] = family(scrape1, "app_errors_total").samples;
    expect(s!.labels.message).toBe('ValueError("bad \\path")\nsecond line');
    expect(s!.value).toBe(2);
  });
});

describe("parsePrometheusText, the format by hand", () => {
  it("reads +Inf, -Inf, NaN, timestamps, escapes, spaces and untyped samples", () => {
    const text = [
      "# HELP g A gauge with a \\\\ and a\\nnewline in its help",
      "# TYPE g gauge",
      'g{a="x\\\\y",b="say \\"hi\\"",c="1\\n2",} +Inf 1764892800123',
      'g{a="2"} -Inf',
      'g{a="3"}\tNaN   -5',
      "# a plain comment",
      "loose_metric 1.5e3",
      "",
    ].join("\n");
    const [g, loose] = parsePrometheusText(text).families;
    expect(g!.help).toBe("A gauge with a \\ and a\nnewline in its help");
    expect(g!.samples.map((s) => s.labels)).toEqual([
      { a: "x\\y", b: 'say "hi"', c: "1\n2" },
      { a: "2" },
      { a: "3" },
    ]);
    expect(g!.samples.map((s) => s.value)).toEqual([Infinity, -Infinity, NaN]);
    expect(g!.samples.map((s) => s.timestampSec)).toEqual([1764892800.123, undefined, -0.005]);
    expect(g!.samples.map((s) => s.line)).toEqual([3, 4, 5]);
    expect(loose).toMatchObject({ name: "loose_metric", type: "untyped", help: "" });
    expect(loose!.samples[0]!.value).toBe(1500);
  });

  it("keeps braces, commas and equals signs inside a quoted label value", () => {
    const [s] = parsePrometheusText('x{ path = "/a{b},c=d" , m="" } 2\n').families[0]!.samples;
    expect(s!.labels).toEqual({ path: "/a{b},c=d", m: "" });
    expect(s!.value).toBe(2);
  });

  it("sorts buckets by bound with +Inf last", () => {
    const text = [
      "# TYPE d histogram",
      'd_bucket{le="+Inf"} 3',
      'd_bucket{le="1"} 2',
      'd_bucket{le="0.5"} 1',
      "d_sum 1.2",
      "d_count 3",
    ].join("\n");
    const [h] = parsePrometheusText(text).families[0]!.histograms;
    expect(h).toEqual({
      labels: {},
      buckets: [
        { upperBound: 0.5, cumulativeCount: 1 },
        { upperBound: 1, cumulativeCount: 2 },
        { upperBound: Infinity, cumulativeCount: 3 },
      ],
      sum: 1.2,
      count: 3,
    });
  });

  const histogram = (bucket1: string, inf: string, count: string) =>
    [
      "# TYPE d histogram",
      `d_bucket{le="0.1"} ${bucket1}`,
      `d_bucket{le="${inf}"} 4`,
      "d_sum 0.3",
      `d_count ${count}`,
    ].join("\n");

  it.each([
    ["a line that is not a sample", "# TYPE x gauge\nx{a=1} 2\n", 2, /="value" expected/],
    ["a bad value", "x 1,5\n", 1, /invalid value "1,5"/],
    ["a bad timestamp", "x 1 12.5\n", 1, /invalid timestamp/],
    ["an unknown escape", 'x{a="\\t"} 1\n', 1, /unknown escape/],
    ["an unterminated value", 'x{a="1} 1\n', 1, /unterminated/],
    ["an unknown type", "# TYPE x countr\n", 1, /unknown metric type "countr"/],
    ["a second TYPE", "# TYPE x gauge\nx 1\n# TYPE x gauge\n", 3, /after its samples/],
    [
      "a histogram's name as a sample",
      `${histogram("1", "+Inf", "4")}\nd 1\n`,
      6,
      /d is not a sample name of the histogram d/,
    ],
    [
      "a duplicate series",
      'x{b="2",a="1"} 1\nx{a="1",b="2"} 2\n',
      2,
      /duplicate series x\{a="1",b="2"\}/,
    ],
    ["decreasing buckets", histogram("5", "+Inf", "4"), 3, /not cumulative: 4 after 5/],
    ["no +Inf bucket", histogram("1", "10", "4"), 2, /no le="\+Inf" bucket/],
    [
      "_count unlike +Inf",
      histogram("1", "+Inf", "5"),
      5,
      /_count 5 differs from the \+Inf bucket 4/,
    ],
  ])("refuses %s, naming the source and line", (_what, text, line, message) => {
    const e = failure(() => parsePrometheusText(text, { source: "metrics.txt" }));
    expect(e.source).toBe("metrics.txt");
    expect(e.line).toBe(line);
    expect(e.message).toMatch(`metrics.txt:${line}: `);
    expect(e.message).toMatch(message);
  });

  it("refuses bad options and a text that is not a string", () => {
    expect(() => parsePrometheusText(3 as never)).toThrow(ModelInputError);
    expect(() => parsePrometheusText("", { sourc: "x" } as never)).toThrow(/options.sourc/);
  });
});

describe("scrapeDelta", () => {
  const delta = scrapeDelta(scrape1, scrape2);
  const later = observed.requests.slice(observed.scrape1Requests);

  it("gives the requests between the scrapes alone", () => {
    expect(delta.source).toBe("scrape-2.txt − scrape-1.txt");
    expect(delta.families.map((f) => f.name)).toEqual([
      "http_request_duration_seconds",
      "http_requests_total",
      "app_errors_total",
    ]);
    const merged = selectHistogram(delta);
    const want = expected(later);
    expect(merged.buckets).toEqual(want.buckets);
    expect(merged.count).toBe(want.count);
    expect(relErr(merged.sum, want.sum)).toBeLessThan(1e-9);
    expect(family(delta, "app_errors_total").samples[0]!.value).toBe(1);
  });

  it("counts a series that is new in the later scrape from zero", () => {
    const a = parsePrometheusText('# TYPE r_total counter\nr_total{s="200"} 4\n');
    const b = parsePrometheusText(
      '# TYPE r_total counter\nr_total{s="200"} 6\nr_total{s="500"} 1\n',
    );
    expect(scrapeDelta(a, b).families[0]!.samples.map((s) => s.value)).toEqual([2, 1]);
  });

  it("refuses a counter reset, naming the series and its line", () => {
    const e = failure(() => scrapeDelta(scrape2, scrape1));
    expect(e.source).toBe("scrape-1.txt");
    // Line 4 of scrape-1.txt, POST /items le="0.01", is the first series lower than in scrape-2.txt.
    expect(e.line).toBe(4);
    expect(e.message).toBe(
      'scrape-1.txt:4: http_request_duration_seconds_bucket{handler="/items",le="0.01",method="POST"} decreased from 1 to 0 since scrape-2.txt: a counter reset (restart?)',
    );
  });

  it("refuses a series that disappeared", () => {
    const a = parsePrometheusText('# TYPE r_total counter\nr_total{s="200"} 4\n', { source: "a" });
    const b = parsePrometheusText("# TYPE r_total counter\n", { source: "b" });
    expect(() => scrapeDelta(a, b)).toThrow(/^b: r_total\{s="200"\} of a is missing/);
  });
});

describe("selectHistogram", () => {
  it("finds the known request-duration histogram and adds up every route", () => {
    const all = selectHistogram(scrape2);
    const want = expected(observed.requests);
    expect(all.metric).toBe("http_request_duration_seconds");
    expect(all.series).toBe(3);
    expect(all.labels).toEqual({});
    expect(all.buckets).toEqual(want.buckets);
    expect(all.count).toBe(observed.requests.length);
  });

  it("adds up only the series that match a label filter", () => {
    const get = selectHistogram(scrape2, { labels: { method: "GET" } });
    const want = expected(observed.requests.filter((r) => r[0] === "GET"));
    expect(get.series).toBe(2);
    expect(get.labels).toEqual({ method: "GET" });
    expect(get.buckets).toEqual(want.buckets);
    expect(relErr(get.sum, want.sum)).toBeLessThan(1e-12);
  });

  // Hand-written in the layout of django-prometheus (not real output): two views, labels view and method.
  const django = [
    "# TYPE django_http_requests_latency_seconds_by_view_method histogram",
    'django_http_requests_latency_seconds_by_view_method_bucket{le="0.1",method="GET",view="home"} 3',
    'django_http_requests_latency_seconds_by_view_method_bucket{le="+Inf",method="GET",view="home"} 4',
    'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="home"} 4',
    'django_http_requests_latency_seconds_by_view_method_sum{method="GET",view="home"} 0.5',
    'django_http_requests_latency_seconds_by_view_method_bucket{le="0.1",method="GET",view="api"} 1',
    'django_http_requests_latency_seconds_by_view_method_bucket{le="+Inf",method="GET",view="api"} 2',
    'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="api"} 2',
    'django_http_requests_latency_seconds_by_view_method_sum{method="GET",view="api"} 0.25',
    "# TYPE other_seconds histogram",
    'other_seconds_bucket{le="+Inf"} 1',
    "other_seconds_count 1",
    "other_seconds_sum 1",
  ].join("\n");

  it("knows django-prometheus's name; `metric` picks any other", () => {
    const h = selectHistogram(parsePrometheusText(django));
    expect(h).toMatchObject({ metric: REQUEST_DURATION_HISTOGRAMS[0], count: 6, series: 2 });
    expect(h.sum).toBe(0.75);
    expect(h.buckets.map((b) => b.cumulativeCount)).toEqual([4, 6]);
    expect(selectHistogram(parsePrometheusText(django), { metric: "other_seconds" }).count).toBe(1);
  });

  it("lists the candidates when none or several histograms could be meant", () => {
    const none = parsePrometheusText(django.split("\n").slice(9).join("\n"));
    expect(() => selectHistogram(none)).toThrow(/none has a known .*\(histograms: other_seconds\)/);
    const both = parsePrometheusText(`${django}\n${read("scrape-1.txt")}`);
    expect(() => selectHistogram(both)).toThrow(
      /several are known: django_http_requests_latency_seconds_by_view_method, http_request_duration_seconds/,
    );
    expect(() => selectHistogram(scrape1, { metric: "nope" })).toThrow(
      /`options.metric` must be a histogram of the scrape \(http_request_duration_seconds\)/,
    );
  });

  it("lists the label sets when the filter matches none; refuses differing buckets", () => {
    expect(() => selectHistogram(scrape1, { labels: { method: "PUT" } })).toThrow(
      /`options.labels` must be labels of a series of http_request_duration_seconds \(\{handler="\/items",method="POST"\}/,
    );
    const mixed = parsePrometheusText(
      [
        "# TYPE http_request_duration_seconds histogram",
        'http_request_duration_seconds_bucket{h="a",le="+Inf"} 1',
        'http_request_duration_seconds_count{h="a"} 1',
        'http_request_duration_seconds_sum{h="a"} 1',
        'http_request_duration_seconds_bucket{h="b",le="1"} 1',
        'http_request_duration_seconds_bucket{h="b",le="+Inf"} 1',
        'http_request_duration_seconds_count{h="b"} 1',
        'http_request_duration_seconds_sum{h="b"} 1',
      ].join("\n"),
    );
    expect(() => selectHistogram(mixed)).toThrow(/share their buckets/);
    expect(() => selectHistogram(scrape1, { labels: { method: 1 } } as never)).toThrow(
      /options.labels.method/,
    );
  });
});
