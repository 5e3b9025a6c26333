import { describe, expect, it } from "vitest";
import { closedNetwork, closedNetworkBounds, openNetworkBounds } from "../../src/index.js";
import { jain, published } from "../helpers.js";

describe("Jain (1991), Example 34.4, Table 34.3: balanced job bounds", () => {
  const q = closedNetwork({ ...jain, population: 20 });
  it("Table 34.3: the optimistic balanced job bounds", () => {
    // N: lower bound on R, upper bound on X (Jain's pessimistic side uses another form; ours,
    // from Lazowska et al., is looser there and is checked against the exact result instead).
    const bounds: [number, number, number][] = [
      [2, 7.2, 0.179],
      [3, 8.4, 0.242],
      [4, 9.6, 0.294],
      [5, 11.0, 0.333],
      [15, 41.0, 0.333],
      [20, 56.0, 0.333],
    ];
    for (const [n, rLow, xHigh] of bounds) {
      const b = closedNetworkBounds({ ...jain, population: n }).balanced!;
      published(b.responseTimeSec[0], rLow, 3);
      published(b.throughputPerSec[1], xHigh, 3);
      const exact = q.byPopulation[n - 1]!;
      expect(b.responseTimeSec[1]).toBeGreaterThanOrEqual(exact.responseTimeSec);
      expect(b.throughputPerSec[0]).toBeLessThanOrEqual(exact.throughputPerSec);
    }
  });
});

describe("bad input names the field", () => {
  const stations = [
    { name: "a", serviceTimeSec: 0.01 },
    { name: "b", serviceTimeSec: 0.02 },
  ];
  it("bounds", () => {
    expect(() => closedNetworkBounds({ stations, population: 0 })).toThrow(/`population`/);
    expect(() =>
      closedNetworkBounds({
        stations: [{ name: "d", serviceTimeSec: 1, servers: Infinity }],
        population: 1,
      }),
    ).toThrow(/queueing station/);
    expect(() => openNetworkBounds({ stations, arrivalRatePerSec: Number.NaN })).toThrow(
      /`arrivalRatePerSec`/,
    );
  });
});
