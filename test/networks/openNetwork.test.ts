import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mmc, ModelInputError, openNetwork, openNetworkBounds } from "../../src/index.js";
import { published, relErr } from "../helpers.js";

describe("openNetwork", () => {
  it("solves the traffic equations of a routing matrix (hand-computed)", () => {
    // 10/s enter at the web tier; 40 % of requests go on to the app tier, which calls the
    // database and gets back to it half the time: λ_app = 4 + 0.5·λ_db·… — solved by hand:
    // λ_web = 10, λ_app = 4 + λ_db·0.5, λ_db = λ_app·1 ⇒ λ_app = 8, λ_db = 8.
    const q = openNetwork({
      stations: [
        { name: "web", serviceTimeSec: 0.002 },
        { name: "app", serviceTimeSec: 0.02, servers: 4 },
        { name: "db", serviceTimeSec: 0.005 },
      ],
      routing: [
        [0, 0.4, 0],
        [0, 0, 1],
        [0, 0.5, 0],
      ],
      externalArrivalRatesPerSec: [10, 0, 0],
    });
    expect(relErr(q.stations[0]!.arrivalRatePerSec, 10)).toBeLessThan(1e-14);
    expect(relErr(q.stations[1]!.arrivalRatePerSec, 8)).toBeLessThan(1e-14);
    expect(relErr(q.stations[2]!.arrivalRatePerSec, 8)).toBeLessThan(1e-14);
    expect(relErr(q.stations[1]!.visits, 0.8)).toBeLessThan(1e-14);
    const app = mmc({ arrivalRatePerSec: 8, serviceTimeSec: 0.02, servers: 4 });
    expect(relErr(q.stations[1]!.meanResponseTimeSec, app.meanResponseTimeSec)).toBeLessThan(1e-14);
  });

  it("a cache node as a multi-threaded station behind a round-trip delay (notebook 07)", () => {
    // 5 lookups per request, each a 0.2 ms network round trip (servers: Infinity, M/M/∞: the
    // response time is the service time at any load) and 10 µs of CPU on 4 threads (M/M/4).
    const stations = [
      { name: "round trip", serviceTimeSec: 0.0002, servers: Infinity, visits: 5 },
      { name: "cache", serviceTimeSec: 0.00001, servers: 4, visits: 5 },
    ];
    for (const arrivalRatePerSec of [1, 600, 70_000]) {
      const q = openNetwork({ stations, arrivalRatePerSec });
      const [delay, cache] = q.stations;
      expect(relErr(delay!.residenceTimeSec, 0.001)).toBeLessThan(1e-12);
      expect(delay!.utilization).toBe(0);
      // Utilization law: 5 × λ × 10 µs / 4.
      expect(relErr(cache!.utilization, (arrivalRatePerSec * 5 * 0.00001) / 4)).toBeLessThan(1e-12);
      const mm4 = mmc({
        arrivalRatePerSec: 5 * arrivalRatePerSec,
        serviceTimeSec: 0.00001,
        servers: 4,
      });
      expect(relErr(cache!.meanResponseTimeSec, mm4.meanResponseTimeSec)).toBeLessThan(1e-12);
      expect(q.bottleneck).toBe("cache");
    }
    // The delay never saturates; the threads at 4 / (5 × 10 µs) = 80,000 requests/s.
    const bounds = openNetworkBounds({ stations, arrivalRatePerSec: 1 });
    expect(bounds.stations[0]!.saturatesAtPerSec).toBe(Infinity);
    expect(relErr(bounds.stations[1]!.saturatesAtPerSec, 80_000)).toBeLessThan(1e-12);
    expect(relErr(bounds.maxThroughputPerSec, 80_000)).toBeLessThan(1e-12);
  });

  it("names the saturated stations of an unstable network", () => {
    const q = openNetwork({
      stations: [
        { name: "app", serviceTimeSec: 0.02, servers: 2 },
        { name: "db", serviceTimeSec: 0.004, visits: 3 },
      ],
      arrivalRatePerSec: 90,
    });
    expect(q.stable).toBe(false);
    expect(q.saturated).toEqual(["db"]);
    expect(q.bottleneck).toBe("db");
    expect(q.meanResponseTimeSec).toBe(Infinity);
  });

  it("Little's law for the network and each station; the response time within its bounds", () => {
    const stationArb = fc.record({
      serviceTimeSec: fc.double({ min: 1e-4, max: 0.05, noNaN: true }),
      servers: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(Infinity)),
      // 0 or a normal number: subnormal visits (1e-323) underflow differently in a product and its bound.
      visits: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 4, noNaN: true })),
    });
    fc.assert(
      fc.property(
        fc.array(stationArb, { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        (list, rate) => {
          const stations = list.map((s, i) => ({ ...s, name: `s${i}` }));
          const q = openNetwork({ stations, arrivalRatePerSec: rate });
          if (!q.stable) return;
          expect(relErr(q.meanInSystem, rate * q.meanResponseTimeSec)).toBeLessThan(1e-9);
          for (const s of q.stations) {
            expect(
              relErr(s.meanInSystem, s.arrivalRatePerSec * s.meanResponseTimeSec),
            ).toBeLessThan(1e-9);
          }
          if (!stations.some((s) => s.servers !== Infinity && s.visits * s.serviceTimeSec > 0))
            return;
          const b = openNetworkBounds({
            stations: stations.map((s) => ({ ...s })),
            arrivalRatePerSec: rate,
          });
          expect(q.meanResponseTimeSec).toBeGreaterThanOrEqual(
            b.responseTimeSec.asymptoticLower * (1 - 1e-12),
          );
          if (b.responseTimeSec.balanced) {
            expect(q.meanResponseTimeSec).toBeGreaterThanOrEqual(
              b.responseTimeSec.balanced[0] * (1 - 1e-12),
            );
            expect(q.meanResponseTimeSec).toBeLessThanOrEqual(
              b.responseTimeSec.balanced[1] * (1 + 1e-12),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("bad input names the field", () => {
  const stations = [
    { name: "a", serviceTimeSec: 0.01 },
    { name: "b", serviceTimeSec: 0.02 },
  ];
  it.each([
    [{ stations, routing: [[0, 1]], externalArrivalRatesPerSec: [1, 0] }, /`routing`/],
    [
      {
        stations,
        routing: [
          [0, 1.5],
          [0, 0],
        ],
        externalArrivalRatesPerSec: [1, 0],
      },
      /`routing\[0\]\[1\]`/,
    ],
    [
      {
        stations,
        routing: [
          [0.6, 0.6],
          [0, 0],
        ],
        externalArrivalRatesPerSec: [1, 0],
      },
      /`routing\[0\]`/,
    ],
    [
      {
        stations,
        routing: [
          [0, 1],
          [1, 0],
        ],
        externalArrivalRatesPerSec: [1, 0],
      },
      /every request eventually leaves/,
    ],
    [
      {
        stations,
        routing: [
          [0, 0],
          [0, 0],
        ],
        externalArrivalRatesPerSec: [1],
      },
      /`externalArrivalRatesPerSec`/,
    ],
    [
      {
        stations,
        routing: [
          [0, 0],
          [0, 0],
        ],
        externalArrivalRatesPerSec: [0, 0],
      },
      /sum > 0/,
    ],
    [
      {
        stations,
        routing: [
          [0, 0],
          [0, 0],
        ],
        externalArrivalRatesPerSec: [1, 0],
        arrivalRatePerSec: 1,
      },
      /`arrivalRatePerSec`/,
    ],
    [{ stations, arrivalRatePerSec: -1 }, /`arrivalRatePerSec`/],
    [
      { stations: [{ name: "a", serviceTimeSec: 0.01, servers: 0 }], arrivalRatePerSec: 1 },
      /`stations\[0\]\.servers`/,
    ],
  ])("openNetwork %#", (input, message) => {
    expect(() => openNetwork(input as never)).toThrow(ModelInputError);
    expect(() => openNetwork(input as never)).toThrow(message);
  });
});

describe("open networks", () => {
  it("Jain (1991), Example 34.1: λ = 3/s, V = 16, 7, 8, S = 10, 20, 30 ms", () => {
    const q = openNetwork({
      stations: [
        { name: "cpu", serviceTimeSec: 0.01, visits: 16 },
        { name: "diskA", serviceTimeSec: 0.02, visits: 7 },
        { name: "diskB", serviceTimeSec: 0.03, visits: 8 },
      ],
      arrivalRatePerSec: 3,
    });
    [0.48, 0.42, 0.72].forEach((u, i) => published(q.stations[i]!.utilization, u, 2));
    [0.0192, 0.0345, 0.107].forEach((r, i) =>
      expect(relErr(q.stations[i]!.meanResponseTimeSec, r)).toBeLessThan(0.005),
    );
    expect(q.bottleneck).toBe("diskB");
  });

  it("Lazowska et al. (1984), p. 113: λ = 0.3/s", () => {
    const q = openNetwork({
      stations: [
        { name: "cpu", serviceTimeSec: 0.005, visits: 121 },
        { name: "disk1", serviceTimeSec: 0.03, visits: 70 },
        { name: "disk2", serviceTimeSec: 0.027, visits: 50 },
      ],
      arrivalRatePerSec: 0.3,
    });
    published(q.stations[0]!.utilization, 0.182, 3);
    published(q.stations[0]!.arrivalRatePerSec, 36.3, 1);
    published(q.stations[0]!.meanInSystem, 0.222, 3);
  });
});
