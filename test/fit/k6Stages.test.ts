import { describe, expect, it } from "vitest";
import { k6Stages, parseK6Json, type K6Metric } from "../../src/index.js";
import { fixtureReader } from "./fixtures.js";

// k6Stages: the stretches of a k6 run at one number of virtual users, from its `vus` gauge.

const T0 = Date.UTC(2026, 10, 27, 3, 8, 0) / 1000;

/** A `vus` gauge with these (second, users) points. */
const vus = (points: [number, number][]): K6Metric => ({
  name: "vus",
  type: "gauge",
  contains: "default",
  points: points.map(([timeSec, value]) => ({ timeSec, value, tags: {} })),
});

describe("k6Stages", () => {
  it("the fixture: 2 users from 03:08:00 until the gauge reads 0 at 03:08:10", () => {
    const stages = k6Stages(parseK6Json(fixtureReader("k6")("run.ndjson")));
    expect(stages).toEqual([{ users: 2, window: { fromSec: T0, toSec: T0 + 10 } }]);
  });

  it("a stage runs from the first point at a value to the first at another; 0 users left out", () => {
    const gauge = vus([
      [0, 0],
      [1, 4],
      [2, 4],
      [5, 8],
      [6, 8],
      [9, 0],
      [12, 2],
    ]);
    // The last stage ends at the run's last request (t = 15), after the gauge's last point.
    const requests: K6Metric = {
      name: "http_req_duration",
      type: "trend",
      contains: "time",
      points: [{ timeSec: 15, value: 12, tags: {} }],
    };
    expect(k6Stages({ vus: gauge, http_req_duration: requests })).toEqual([
      { users: 4, window: { fromSec: 1, toSec: 5 } },
      { users: 8, window: { fromSec: 5, toSec: 9 } },
      { users: 2, window: { fromSec: 12, toSec: 15 } },
    ]);
  });

  it("sorts the gauge's points by time, and gives no stage without a vus metric", () => {
    const shuffled = vus([
      [3, 1],
      [0, 1],
      [6, 2],
    ]);
    expect(
      k6Stages({ vus: shuffled }).map((s) => [s.users, s.window.fromSec, s.window.toSec]),
    ).toEqual([[1, 0, 6]]);
    expect(k6Stages({})).toEqual([]);
  });
});
