import { describe, expect, it } from "vitest";
import { ModelInputError, parsePrometheusText } from "../../src/index.js";
import { relErr } from "../helpers.js";
import { expected, failure, family, observed, scrape1, scrape2 } from "./fixtures.js";

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
