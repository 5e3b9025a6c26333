import { describe, expect, it } from "vitest";
import {
  parsePrometheusText,
  REQUEST_DURATION_HISTOGRAMS,
  selectHistogram,
} from "../../src/index.js";
import { relErr } from "../helpers.js";
import { expected, observed, readPrometheus as read, scrape1, scrape2 } from "./fixtures.js";

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
