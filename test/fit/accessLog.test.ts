import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  cpuPerRequestFromPs,
  DataFormatError,
  ModelInputError,
  parseAccessLog,
  parsePsSnapshot,
  summarizeAccessLog,
} from "../../src/index.js";
import { relErr } from "../helpers.js";

// Apache: LogFormat "%h %l %u %t \"%r\" %>s %b %D" (the last field in microseconds).
const apache = [
  '10.0.0.1 - - [27/Nov/2026:03:08:02 +0000] "GET /a HTTP/1.1" 200 512 12000',
  '10.0.0.2 - - [27/Nov/2026:03:08:02 +0000] "GET /b?x=1 HTTP/1.1" 200 - 18000',
  "a line in another format",
  '10.0.0.1 - - [27/Nov/2026:04:08:03 +0100] "POST /c HTTP/1.1" 500 20 30000',
  "",
].join("\n");

// nginx: log_format timed '... [$time_local] "$request" $status $body_bytes_sent $request_time';
const nginx = '127.0.0.1 - - [01/Jan/2026:00:00:00 -0500] "GET / HTTP/1.1" 404 153 0.007\n';

describe("parseAccessLog", () => {
  it("reads Apache %D lines: time (with its zone), status, response time; skips the rest", () => {
    const { entries, skipped } = parseAccessLog(apache, "apache-%D");
    expect(skipped).toBe(1);
    expect(entries.map((e) => e.responseTimeSec)).toEqual([0.012, 0.018, 0.03]);
    expect(entries.map((e) => e.status)).toEqual([200, 200, 500]);
    // 04:08:03 at +01:00 is 03:08:03 UTC, one second after the first line.
    expect(entries[2]!.timeSec - entries[0]!.timeSec).toBe(1);
    expect(entries[0]!.timeSec).toBe(Date.UTC(2026, 10, 27, 3, 8, 2) / 1000);
  });

  it("reads nginx $request_time in seconds", () => {
    const [e] = parseAccessLog(nginx, "nginx-$request_time").entries;
    expect(e!.responseTimeSec).toBe(0.007);
    expect(e!.timeSec).toBe(Date.UTC(2026, 0, 1, 5, 0, 0) / 1000);
  });

  it("rejects an unknown format and a log with no line of the format", () => {
    expect(() => parseAccessLog(apache, "combined" as never)).toThrow(ModelInputError);
    expect(() => parseAccessLog("nothing here\n", "apache-%D", { source: "a.log" })).toThrow(
      /^a\.log:1: no line in the apache-%D format \(1 lines\)$/,
    );
  });
});

describe("a real gunicorn access log", () => {
  // test/fixtures/gunicorn-access.txt: gunicorn 20.1 (Debian 12) serving lab/app.py with
  //   --access-logformat '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(D)s'
  // (Apache's %D layout), six requests asking for 1…6 ms of CPU and 10 ms of sleep, then one
  // asking for nothing, sent one at a time with curl.
  const text = readFileSync(
    join(import.meta.dirname, "..", "fixtures", "gunicorn-access.txt"),
    "utf8",
  );
  it("parses every line; each response took at least the CPU and sleep it asked for", () => {
    const { entries, skipped } = parseAccessLog(text, "apache-%D");
    expect(skipped).toBe(0);
    expect(entries).toHaveLength(7);
    expect(entries[0]!.responseTimeSec).toBe(0.012465);
    for (let i = 0; i < 6; i++) {
      expect(entries[i]!.responseTimeSec).toBeGreaterThanOrEqual(0.001 * (i + 1) + 0.01);
    }
    expect(entries[6]!.responseTimeSec).toBeLessThan(0.01);
  });
});

describe("summarizeAccessLog", () => {
  it("throughput, mean, SCV and Little's law over the span (worked by hand)", () => {
    const s = summarizeAccessLog(parseAccessLog(apache, "apache-%D").entries);
    // 3 requests over 2 s; mean 0.02 s; sample variance ((−0.008)² + (−0.002)² + 0.01²)/2 = 8.4e-5.
    expect(s.requests).toBe(3);
    expect(s.spanSec).toBe(2);
    expect(s.throughputPerSec).toBe(1.5);
    expect(relErr(s.meanResponseTimeSec, 0.02)).toBeLessThan(1e-12);
    expect(relErr(s.responseTimeScv, 8.4e-5 / 4e-4)).toBeLessThan(1e-12);
    expect(relErr(s.meanInFlight, 0.06 / 2)).toBeLessThan(1e-12);
    // The quietest second (one request, the 500 at 0.03 s) is the light-load estimate.
    expect(relErr(s.lightLoadResponseTimeSec, 0.03)).toBeLessThan(1e-12);
  });
});

describe("ps snapshots", () => {
  it("parses pid, RSS in KiB and [[dd-]hh:]mm:ss CPU time, skipping the header", () => {
    const { processes } = parsePsSnapshot(
      "  PID   RSS     TIME\n  7 2048 1-02:03:04\n  8 1024 05:06\n",
    );
    expect(processes).toEqual([
      { pid: 7, rssBytes: 2048 * 1024, cpuSec: ((24 + 2) * 60 + 3) * 60 + 4 },
      { pid: 8, rssBytes: 1024 * 1024, cpuSec: 5 * 60 + 6 },
    ]);
  });

  it("CPU per request between two snapshots: a worker started in between counts whole, an ended one is reported", () => {
    // Worker 3 started in between (its whole 30 s count), worker 4 ended (its CPU is lost):
    // (60 + 90 + 30) s / 15,000 requests; RSS over the three processes in `after`.
    const r = cpuPerRequestFromPs({
      before: "1 30000 00:10:00\n2 32000 00:12:00\n4 30000 00:05:00",
      after: "1 30000 00:11:00\n2 34000 00:13:30\n3 11000 00:00:30",
      requests: 15_000,
    });
    expect(relErr(r.cpuSecPerRequest, 180 / 15_000)).toBeLessThan(1e-12);
    expect(r.meanRssBytes).toBe(25000 * 1024);
    expect([r.started, r.ended]).toEqual([1, 1]);
    expect(() =>
      cpuPerRequestFromPs({ before: "1 1 00:00:01", after: "2 1 00:00:02", requests: 1 }),
    ).toThrow(/`after`/);
  });
});

describe("access logs in the servers' own format names (issue 13)", () => {
  // test/fixtures/access-logs/gunicorn-times.txt: Debian's gunicorn 20.1.0, made by
  // make-gunicorn.sh, every line carrying the same request's time as %(D)s µs, %(L)s decimal
  // seconds, %(M)s ms and %(T)s whole seconds, so the units can be checked against each other.
  const FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(D)s %(L)s %(M)s %(T)s';
  const text = readFileSync(
    join(import.meta.dirname, "..", "fixtures", "access-logs", "gunicorn-times.txt"),
    "utf8",
  );
  const lines = text.trim().split("\n");
  const fields = lines.map((l) => l.split(" ").slice(-4));
  /** The fixture's lines with one of the four time fields (0 D, 1 L, 2 M, 3 T) as the last. */
  const withLast = (k: number) =>
    lines.map((l, i) => [...l.split(" ").slice(0, -4), fields[i]![k]].join(" ")).join("\n");

  it("gunicorn's --access-logformat: the finest time atom (%(D)s), method and path kept", () => {
    const { entries, skipped, timeField } = parseAccessLog(text, FORMAT, { source: "g.log" });
    expect(skipped).toBe(0);
    expect(timeField).toBe("%(D)s");
    expect(entries).toHaveLength(40);
    entries.forEach((e, i) => {
      const [d, l, m, t] = fields[i]!.map(Number) as [number, number, number, number];
      expect(e.responseTimeSec).toBe(d / 1e6);
      // %(L)s is "%d.%06d" of the same time: equal to the µs to rounding.
      expect(Math.abs(e.responseTimeSec - l)).toBeLessThan(1e-12);
      expect(Math.floor(d / 1000)).toBe(m);
      expect(Math.floor(d / 1e6)).toBe(t);
    });
    expect(new Set(entries.map((e) => e.path))).toEqual(new Set(["/items", "/orders/42"]));
    expect(entries.filter((e) => e.method === "POST")).toHaveLength(8);
  });

  it("%(L)s read as apache-%D is an error naming the line (it gave a mean of 1e-7 s)", () => {
    const seconds = withLast(1);
    expect(() => parseAccessLog(seconds, "apache-%D", { source: "L.log" })).toThrow(
      /^L\.log:1: the response time 0\.\d+ has a decimal point, but %D counts whole units/,
    );
    expect(() => parseAccessLog(seconds, "apache-%D")).toThrow(DataFormatError);
    // Without a format, decimal seconds are read as seconds; the same times as %(D)s.
    const { entries, timeField } = parseAccessLog(seconds);
    expect(timeField).toBe("decimal seconds");
    entries.forEach((e, i) => expect(e.responseTimeSec).toBe(Number(fields[i]![1])));
    // And as gunicorn-%(L)s by name.
    expect(parseAccessLog(seconds, "gunicorn-%(L)s").entries[5]!.responseTimeSec).toBe(
      Number(fields[5]![1]),
    );
  });

  it("an integer time without a format is not guessed: µs, ms or s?", () => {
    const micro = withLast(0);
    expect(() => parseAccessLog(micro, undefined, { source: "D.log" })).toThrow(
      /^D\.log:1: the response time \d+ has no unit \(µs, ms or s\?\): give the log format/,
    );
    expect(parseAccessLog(micro, "gunicorn-%(D)s").entries[3]!.responseTimeSec).toBe(
      Number(fields[3]![0]) / 1e6,
    );
    expect(parseAccessLog(micro, "gunicorn-%(M)s").entries[3]!.responseTimeSec).toBe(
      Number(fields[3]![0]) / 1e3,
    );
  });

  it("Apache LogFormat and nginx log_format strings; nginx's last upstream time", () => {
    const apache = parseAccessLog(
      '10.0.0.1 - - [27/Nov/2026:03:08:02 +0000] "GET /a?x=1 HTTP/1.1" 200 3 12500\n',
      '%h %l %u %t \\"%r\\" %>s %b %D',
    );
    expect(apache.timeField).toBe("%D");
    expect(apache.entries[0]).toMatchObject({ responseTimeSec: 0.0125, method: "GET", path: "/a" });
    const nginx = parseAccessLog(
      '10.0.0.1 - - [27/Nov/2026:03:08:02 +0000] "POST /b HTTP/1.1" 502 0 0.031 "0.010, 0.020"\n',
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent $request_time "$upstream_response_time"',
    );
    // $request_time (rank 1) is finer-ranked than the upstream time: the whole request, 31 ms.
    expect(nginx.timeField).toBe("$request_time");
    expect(nginx.entries[0]).toMatchObject({ responseTimeSec: 0.031, status: 502, method: "POST" });
    const upstream = parseAccessLog(
      '10.0.0.1 - - [27/Nov/2026:03:08:02 +0000] "GET /b HTTP/1.1" 200 0 0.010, 0.020\n',
      "nginx-$upstream_response_time",
    );
    expect(upstream.entries[0]!.responseTimeSec).toBe(0.02);
  });

  it("a format string without a time, a timestamp or a status is refused by name", () => {
    expect(() => parseAccessLog("x", '%(h)s %(t)s "%(r)s" %(s)s')).toThrow(
      /`format` must be a log format with a response-time atom/,
    );
    expect(() => parseAccessLog("x", "%h %>s %D")).toThrow(/a log format with a timestamp/);
    expect(() => parseAccessLog("x", "combined")).toThrow(ModelInputError);
  });
});
