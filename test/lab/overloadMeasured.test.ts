import { describe, expect, it } from "vitest";
import { measuredCounts, measuredWaiting } from "../../lab/overload/measured.mjs";

// The overload lab's counting (lab/overload/measured.mjs) on records small enough to count by hand.

const attempt = (
  sentSec: number,
  outcome: string,
  connectSec = sentSec,
  doneSec = sentSec + 1,
) => ({
  sentSec,
  connectSec,
  doneSec,
  outcome,
});

describe("measuredCounts", () => {
  it("counts the attempts sent in the window, by outcome, as shares and goodput", () => {
    const run = {
      phases: [{ durationSec: 10, arrivalRatePerSec: 1 }],
      warmUpSec: 2,
      attempts: [
        attempt(1, "ok"), // before the warm-up: left out
        attempt(2, "ok"),
        attempt(3, "refused"),
        attempt(4, "shed"),
        attempt(5, "timeout"),
        attempt(6, "closed"),
        attempt(7, "ok"),
        attempt(10, "ok"), // after the phases: left out
      ],
    };
    const c = measuredCounts(run);
    expect({ ...c, failedShare: 0 }).toEqual({
      attempts: 6,
      served: 2,
      refused: 1,
      shed: 1,
      timedOut: 2,
      failedShare: 0,
      goodputPerSec: 2 / 8,
    });
    expect(c.failedShare).toBeCloseTo(4 / 6, 15);
  });
});

describe("measuredWaiting", () => {
  it("is the time-average number past the servers in each second", () => {
    // One server. In the server: [0, 2), [0.5, 2.5), [1, 1.5): over second 0, one waits from 0.5
    // to 1 (0.5 s); over second 1, two wait from 1 to 1.5 (1 s) and one from 1.5 to 2 (0.5 s);
    // over second 2, none waits (one left from 2 to 2.5).
    const run = {
      phases: [{ durationSec: 3, arrivalRatePerSec: 1 }],
      attempts: [attempt(0, "ok", 0, 2), attempt(0.5, "ok", 0.5, 2.5), attempt(1, "ok", 1, 1.5)],
    };
    const w = measuredWaiting(run, 1);
    expect(w[0]).toBeCloseTo(0.5, 12);
    expect(w[1]).toBeCloseTo(1.5, 12);
    expect(w[2]).toBe(0);
  });

  it("leaves out the attempts that were not served", () => {
    const run = {
      phases: [{ durationSec: 2, arrivalRatePerSec: 1 }],
      attempts: [attempt(0, "ok", 0, 2), attempt(0, "timeout", 0, 2)],
    };
    expect(measuredWaiting(run, 1).slice(0, 2)).toEqual([0, 0]);
  });
});
