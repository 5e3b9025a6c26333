import { describe, expect, it } from "vitest";
import { DataFormatError, ModelInputError, parseLocustStats } from "../../src/index.js";
import { relErr } from "../helpers.js";
import { statsText, thrownAny as thrown } from "./fixtures.js";

const STATS_HEADER =
  "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time," +
  "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s," +
  "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%";

describe("parseLocustStats on real locust output", () => {
  const rows = parseLocustStats(statsText);

  it("reads the endpoint rows and the Aggregated row, the quoted name whole", () => {
    expect(rows.map((r) => [r.type, r.name, r.aggregated])).toEqual([
      ["GET", "/", false],
      ["GET", "/items?a=1,2", false],
      ["", "Aggregated", true],
    ]);
  });

  it("has the Aggregated request and failure counts equal to the sums over the endpoints", () => {
    const endpoints = rows.filter((r) => !r.aggregated);
    const total = rows.find((r) => r.aggregated);
    expect(total?.requests).toBe(606); // the fixture's last line
    expect(endpoints.reduce((a, r) => a + r.requests, 0)).toBe(total?.requests);
    expect(endpoints.reduce((a, r) => a + r.failures, 0)).toBe(total?.failures);
  });

  it("converts locust's milliseconds to seconds", () => {
    // GET,/,462,0,7,6.753246753246753,6,23,3.0,23.090534888116565,0.0,7,7,7,7,7,8,8,9,23,23,23
    const root = rows[0];
    expect(relErr(root?.meanResponseTimeSec ?? NaN, 6.753246753246753 / 1000)).toBeLessThan(1e-15);
    expect(root?.medianResponseTimeSec).toBe(0.007);
    expect(root?.minResponseTimeSec).toBe(0.006);
    expect(root?.maxResponseTimeSec).toBe(0.023);
    expect(root?.meanContentBytes).toBe(3);
    expect(root?.requestsPerSec).toBe(23.090534888116565);
    expect(root?.quantilesSec).toEqual({
      "0.5": 0.007,
      "0.66": 0.007,
      "0.75": 0.007,
      "0.8": 0.007,
      "0.9": 0.007,
      "0.95": 0.008,
      "0.98": 0.008,
      "0.99": 0.009,
      "0.999": 0.023,
      "0.9999": 0.023,
      "1": 0.023,
    });
  });

  it("sees the server's sleeps: about 5 ms on / and 10 ms on /items", () => {
    expect(rows[0]?.minResponseTimeSec).toBeGreaterThanOrEqual(0.005);
    expect(rows[1]?.minResponseTimeSec).toBeGreaterThanOrEqual(0.01);
  });
});

describe("parseLocustStats on crafted input", () => {
  it("leaves locust's N/A out (a row without requests), never NaN", () => {
    const text = `${STATS_HEADER}\nGET,/never,0,0,N/A,N/A,N/A,N/A,0,0.0,0.0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n`;
    const [row] = parseLocustStats(text);
    expect(row?.requests).toBe(0);
    expect(row?.quantilesSec).toEqual({});
    expect(row && "meanResponseTimeSec" in row).toBe(false);
    expect(row && "medianResponseTimeSec" in row).toBe(false);
  });

  it("finds columns by name, in any order, CRLF line ends and doubled quotes too", () => {
    const text =
      'Name,Type,Failures/s,Requests/s,Average Content Size,Max Response Time,Min Response Time,Average Response Time,Median Response Time,Failure Count,Request Count,95%\r\n"/a ""b"", c",POST,0.5,2,10,40,10,20,20,1,4,30\r\n';
    const [row] = parseLocustStats(text);
    expect(row?.name).toBe('/a "b", c');
    expect(row?.type).toBe("POST");
    expect(row?.requests).toBe(4);
    expect(row?.failures).toBe(1);
    expect(row?.maxResponseTimeSec).toBe(0.04);
    expect(row?.quantilesSec).toEqual({ "0.95": 0.03 });
  });

  it("names a missing column and line 1", () => {
    const text = STATS_HEADER.replace("Request Count,", "") + "\n";
    const e = thrown(() => parseLocustStats(text, { source: "run_stats.csv" }));
    expect(e).toBeInstanceOf(DataFormatError);
    expect((e as DataFormatError).line).toBe(1);
    expect((e as DataFormatError).source).toBe("run_stats.csv");
    expect((e as Error).message).toBe("run_stats.csv:1: no `Request Count` column");
  });

  it("names the line of a bad number, counting the lines inside a quoted name", () => {
    const text = `${STATS_HEADER}\nGET,"/a\nb",1,0,7,7,7,7,3,1,0,7,7,7,7,7,7,7,7,7,7,7\nGET,/c,many,0,7,7,7,7,3,1,0,7,7,7,7,7,7,7,7,7,7,7\n`;
    const e = thrown(() => parseLocustStats(text));
    expect(e).toBeInstanceOf(DataFormatError);
    expect((e as DataFormatError).line).toBe(4);
    expect((e as Error).message).toBe('stats.csv:4: `Request Count` is not a number >= 0: "many"');
  });

  it("refuses a row with the wrong number of fields, an unclosed quote, an empty text", () => {
    expect((thrown(() => parseLocustStats(`${STATS_HEADER}\nGET,/,1\n`)) as Error).message).toBe(
      "stats.csv:2: 3 fields where the header has 22",
    );
    expect(
      (thrown(() => parseLocustStats(`${STATS_HEADER}\n\nGET,"/,1\n`)) as DataFormatError).line,
    ).toBe(3);
    expect((thrown(() => parseLocustStats("")) as DataFormatError).line).toBe(1);
    expect(thrown(() => parseLocustStats(42 as unknown as string))).toBeInstanceOf(ModelInputError);
  });

  it("reads a header alone as no rows", () => {
    expect(parseLocustStats(`${STATS_HEADER}\n`)).toEqual([]);
  });
});
