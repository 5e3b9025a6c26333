import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  closedBounds,
  closedNetworkBounds,
  openBounds,
  openNetworkBounds,
} from "../../src/index.js";
import { relErr } from "../helpers.js";

// closedBounds/openBounds (demands) and closedNetworkBounds/openNetworkBounds (stations) share
// one kernel, laws/asymptoticBounds.ts: on the same single-server resources they must agree.

const demands = fc.array(fc.double({ min: 1e-4, max: 1, noNaN: true }), {
  minLength: 1,
  maxLength: 5,
});
const stationsOf = (d: number[]) =>
  d.map((serviceTimeSec, i) => ({ name: `r${i}`, serviceTimeSec }));

describe("asymptotic bounds, from demands and from stations", () => {
  it("closed: the same bounds and saturation population", () => {
    fc.assert(
      fc.property(
        demands,
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        (d, thinkTimeSec, population) => {
          const laws = closedBounds({ demandsSec: d, thinkTimeSec, population });
          const net = closedNetworkBounds({ stations: stationsOf(d), thinkTimeSec, population });
          const pairs: [number, number][] = [
            [net.asymptotic.throughputPerSec[0], laws.throughputLowerPerSec],
            [net.asymptotic.throughputPerSec[1], laws.throughputUpperPerSec],
            [net.asymptotic.responseTimeSec[0], laws.responseTimeLowerSec],
            [net.asymptotic.responseTimeSec[1], laws.responseTimeUpperSec],
            [net.saturationPopulation, laws.saturationPopulation],
            [net.maxThroughputPerSec, laws.maxThroughputPerSec],
          ];
          for (const [a, b] of pairs) expect(relErr(a, b)).toBeLessThan(1e-15);
          expect(net.bottleneck).toBe(`r${laws.bottleneck}`);
        },
      ),
    );
  });

  it("open: the same capacity and stability", () => {
    fc.assert(
      fc.property(demands, fc.double({ min: 0, max: 1e4, noNaN: true }), (d, arrivalRatePerSec) => {
        const laws = openBounds({ demandsSec: d, arrivalRatePerSec });
        const net = openNetworkBounds({ stations: stationsOf(d), arrivalRatePerSec });
        expect(relErr(net.maxThroughputPerSec, laws.maxThroughputPerSec)).toBeLessThan(1e-15);
        expect(net.stable).toBe(laws.stable);
        expect(relErr(net.responseTimeSec.asymptoticLower, laws.minResponseTimeSec)).toBeLessThan(
          1e-15,
        );
      }),
    );
  });
});
