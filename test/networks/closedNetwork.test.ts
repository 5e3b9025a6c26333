import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  closedNetwork,
  closedNetworkBounds,
  finiteSource,
  mmc,
  ModelInputError,
} from "../../src/index.js";
import reference from "../fixtures/network_reference.json" with { type: "json" };
import { randomNetwork } from "../fixtures/randomNetwork.mjs";
import { jain, published, relErr } from "../helpers.js";

// Reference values: test/fixtures/make_network_reference.py — every state of the product form
// enumerated and normalized at 50 digits (independent of the MVA recursions).
const singleClass = reference.cases.filter((c) => c.classes.length === 1);

describe("closedNetwork exact MVA against state enumeration", () => {
  it.each(singleClass.map((c) => [c.name, c] as const))("%s", (_name, ref) => {
    const cls = ref.classes[0]!;
    const stations = ref.stations.map((s, i) => ({
      name: s.name,
      serviceTimeSec: cls.demandsSec[i]!,
      servers: s.servers === "Infinity" ? Infinity : Number(s.servers),
    }));
    const q = closedNetwork({
      stations,
      population: cls.population,
      thinkTimeSec: cls.thinkTimeSec,
    });
    expect(q.method).toBe("exact");
    expect(relErr(q.throughputPerSec, Number(ref.throughputPerSec[0]))).toBeLessThan(1e-12);
    q.stations.forEach((s, i) =>
      expect(relErr(s.queueLength, Number(ref.queueLength[i]![0])), s.name).toBeLessThan(1e-11),
    );
  });
});

const network = randomNetwork;

describe("closedNetwork properties", () => {
  it("Little's law per station, the utilization law, and the response-time law", () => {
    fc.assert(
      fc.property(network, (input) => {
        const q = closedNetwork(input);
        let inStations = 0;
        q.stations.forEach((s, i) => {
          const st = input.stations[i]!;
          expect(relErr(s.queueLength, q.throughputPerSec * s.residenceTimeSec)).toBeLessThan(1e-9);
          if (st.servers !== Infinity) {
            expect(
              relErr(
                s.utilization,
                (q.throughputPerSec * st.visits * st.serviceTimeSec) / st.servers,
              ),
            ).toBeLessThan(1e-12);
            expect(s.utilization).toBeLessThanOrEqual(1 + 1e-9);
          }
          inStations += s.queueLength;
        });
        expect(
          relErr(inStations + q.throughputPerSec * input.thinkTimeSec, input.population),
        ).toBeLessThan(1e-9);
        expect(
          relErr(q.responseTimeSec, input.population / q.throughputPerSec - input.thinkTimeSec),
        ).toBeLessThan(1e-9);
        expect(q.byPopulation).toHaveLength(input.population);
      }),
      { numRuns: 200 },
    );
  });

  it("bounds enclose the exact result; Schweitzer and Linearizer stay close to it", () => {
    fc.assert(
      fc.property(network, (input) => {
        const exact = closedNetwork(input);
        const b = closedNetworkBounds(input);
        const x = exact.throughputPerSec;
        expect(x).toBeGreaterThanOrEqual(b.asymptotic.throughputPerSec[0] * (1 - 1e-12));
        expect(x).toBeLessThanOrEqual(b.asymptotic.throughputPerSec[1] * (1 + 1e-12));
        if (b.balanced) {
          expect(x).toBeGreaterThanOrEqual(b.balanced.throughputPerSec[0] * (1 - 1e-12));
          expect(x).toBeLessThanOrEqual(b.balanced.throughputPerSec[1] * (1 + 1e-12));
          expect(exact.responseTimeSec).toBeLessThanOrEqual(
            b.balanced.responseTimeSec[1] * (1 + 1e-12),
          );
          expect(exact.responseTimeSec).toBeGreaterThanOrEqual(
            b.balanced.responseTimeSec[0] * (1 - 1e-12),
          );
        }
        const single = input.stations.every((s) => s.servers === 1 || s.servers === Infinity);
        for (const method of ["schweitzer", "linearizer"] as const) {
          const approx = closedNetwork({ ...input, method });
          expect(approx.converged).toBe(true);
          // Worst relative throughput errors over 40,000 random networks of this shape
          // (scripts/measure-mva-approximations.mjs, docs/networks.md): Schweitzer 6.8 %,
          // Linearizer 0.9 % with single-server stations; with multi-server stations (Seidmann's
          // approximation) the worst case is a lone c-server station holding exactly N = c
          // requests, Z = 0: Schweitzer 25.0 % (c = 3, which random draws reach), Linearizer 21.0 %.
          const limit = single ? (method === "linearizer" ? 0.012 : 0.075) : 0.26;
          expect(relErr(approx.throughputPerSec, x)).toBeLessThan(limit);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("one station with servers equals the finite-source model; the curve matches population by population", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 80 }),
        fc.double({ min: 1e-3, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (servers, population, serviceTimeSec, thinkTimeSec) => {
          const net = closedNetwork({
            stations: [{ name: "s", serviceTimeSec, servers }],
            population,
            thinkTimeSec,
          });
          const one = finiteSource({ population, thinkTimeSec, serviceTimeSec, servers });
          expect(relErr(net.throughputPerSec, one.throughputPerSec)).toBeLessThan(1e-10);
          expect(relErr(net.responseTimeSec, one.meanResponseTimeSec)).toBeLessThan(1e-10);
          const half = Math.ceil(population / 2);
          const mid = finiteSource({ population: half, thinkTimeSec, serviceTimeSec, servers });
          expect(
            relErr(net.byPopulation[half - 1]!.throughputPerSec, mid.throughputPerSec),
          ).toBeLessThan(1e-10);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("the curve equals the network solved at each population, field by field and as JSON", () => {
    fc.assert(
      fc.property(randomNetwork, fc.nat(), (input, pick) => {
        const curve = closedNetwork({ ...input, method: "exact" }).byPopulation;
        const n = 1 + (pick % input.population);
        const alone = closedNetwork({ ...input, population: n, method: "exact" });
        const row = curve[n - 1]!;
        expect(row.population).toBe(n);
        expect(row.throughputPerSec).toBe(alone.throughputPerSec);
        expect(row.responseTimeSec).toBe(alone.responseTimeSec);
        expect(row.stations).toEqual(alone.stations);
        // A getter that builds the stations once and keeps them: two reads give one array.
        const first = row.stations;
        expect(row.stations).toBe(first);
        const { population, throughputPerSec, responseTimeSec, stations } = alone;
        expect(JSON.parse(JSON.stringify(row))).toEqual(
          JSON.parse(JSON.stringify({ population, throughputPerSec, responseTimeSec, stations })),
        );
      }),
      { numRuns: 150 },
    );
  });

  it("stays exact for a multi-server station far into saturation (N = 3000)", () => {
    // The textbook p(0 | n) = 1 − (…)/c recursion loses all accuracy here; the complement form does not.
    const net = closedNetwork({
      stations: [{ name: "w", serviceTimeSec: 0.05, servers: 8 }],
      population: 3000,
      thinkTimeSec: 2,
    });
    const one = finiteSource({
      population: 3000,
      thinkTimeSec: 2,
      serviceTimeSec: 0.05,
      servers: 8,
    });
    expect(relErr(net.throughputPerSec, one.throughputPerSec)).toBeLessThan(1e-11);
    expect(relErr(net.responseTimeSec, one.meanResponseTimeSec)).toBeLessThan(1e-11);
    const light = finiteSource({
      population: 60,
      thinkTimeSec: 2,
      serviceTimeSec: 0.05,
      servers: 8,
    });
    expect(relErr(net.byPopulation[59]!.throughputPerSec, light.throughputPerSec)).toBeLessThan(
      1e-12,
    );
  });

  it("a long chain of requests tends to the open model's saturation throughput", () => {
    const q = closedNetwork({
      stations: [{ name: "w", serviceTimeSec: 0.02, servers: 4 }],
      population: 5000,
    });
    expect(relErr(q.throughputPerSec, 200)).toBeLessThan(1e-12);
    expect(mmc({ arrivalRatePerSec: 199, serviceTimeSec: 0.02, servers: 4 }).stable).toBe(true);
  });
});

describe("closedNetwork input errors", () => {
  it.each([
    [{ stations: [], population: 1 }, /`stations`/],
    [
      { stations: [{ name: "a", serviceTimeSec: 0 }], population: 1 },
      /`stations\[0\]\.serviceTimeSec`/,
    ],
    [
      { stations: [{ name: "a", serviceTimeSec: 1, servers: 1.5 }], population: 1 },
      /`stations\[0\]\.servers`/,
    ],
    [
      {
        stations: [
          { name: "a", serviceTimeSec: 1 },
          { name: "a", serviceTimeSec: 1 },
        ],
        population: 1,
      },
      /`stations\[1\]\.name`/,
    ],
    [
      { stations: [{ name: "a", serviceTimeSec: 1, visits: -1 }], population: 1 },
      /`stations\[0\]\.visits`/,
    ],
    [{ stations: [{ name: "a", serviceTimeSec: 1, visits: 0 }], population: 1 }, /visits > 0/],
    [{ stations: [{ name: "a", serviceTimeSec: 1 }], population: 0 }, /`population`/],
    [
      { stations: [{ name: "a", serviceTimeSec: 1 }], population: 1, thinkTimeSec: -1 },
      /`thinkTimeSec`/,
    ],
    [{ stations: [{ name: "a", serviceTimeSec: 1 }], population: 1, method: "mva" }, /`method`/],
  ])("%j", (input, message) => {
    expect(() => closedNetwork(input as never)).toThrow(ModelInputError);
    expect(() => closedNetwork(input as never)).toThrow(message);
  });
});

describe("Jain (1991), Example 34.2, Table 34.1: exact MVA", () => {
  // N: system response time, throughput, queue lengths (CPU, disk A, disk B), three decimals.
  const table: [number, number, number, number, number, number][] = [
    [1, 6.0, 0.1, 0.2, 0.3, 0.1],
    [2, 7.4, 0.175, 0.421, 0.684, 0.193],
    [3, 9.088, 0.229, 0.651, 1.158, 0.273],
    [4, 11.051, 0.266, 0.878, 1.721, 0.338],
    [5, 13.256, 0.29, 1.088, 2.365, 0.388],
    [17, 47.045, 0.333, 1.974, 13.195, 0.499],
    [18, 50.032, 0.333, 1.981, 14.187, 0.499],
    [19, 53.022, 0.333, 1.987, 15.181, 0.5],
    [20, 56.016, 0.333, 1.991, 16.177, 0.5],
  ];
  const q = closedNetwork({ ...jain, population: 20 });
  it.each(table)("N = %d", (n, r, x, cpu, diskA, diskB) => {
    const row = q.byPopulation[n - 1]!;
    published(row.responseTimeSec, r, 3);
    published(row.throughputPerSec, x, 3);
    [cpu, diskA, diskB].forEach((value, i) => published(row.stations[i]!.queueLength, value, 3));
  });
});

// Lazowska, Zahorjan, Graham & Sevcik, Quantitative System Performance (1984), p. 117: S = 0.005,
// 0.03, 0.027 s, V = 121, 70, 50, N = 3, Z = 15 s. Approximate MVA: Q = 0.0973, 0.4021, 0.2359,
// X = 0.1510, R = 4.87 (as checked by the Octave queueing package's qncsmvaap.m tests); exact
// MVA: Q = 0.0976, 0.3947, 0.2350 (as expected by the LQNS solver's libmva regression test0.cc).
describe("Lazowska et al. (1984), p. 117", () => {
  const input = {
    stations: [
      { name: "cpu", serviceTimeSec: 0.005, visits: 121 },
      { name: "disk1", serviceTimeSec: 0.03, visits: 70 },
      { name: "disk2", serviceTimeSec: 0.027, visits: 50 },
    ],
    population: 3,
    thinkTimeSec: 15,
  };
  it("Bard–Schweitzer", () => {
    const q = closedNetwork({ ...input, method: "schweitzer" });
    [0.0973, 0.4021, 0.2359].forEach((v, i) => published(q.stations[i]!.queueLength, v, 4));
    published(q.throughputPerSec, 0.151, 4);
    published(q.responseTimeSec, 4.87, 2);
  });
  it("exact", () => {
    const q = closedNetwork(input);
    [0.0976, 0.3947, 0.235].forEach((v, i) => published(q.stations[i]!.queueLength, v, 4));
  });
});

// Bolch, Greiner, de Meer & Trivedi, Queueing Networks and Markov Chains (1st ed. 1998; same
// example numbers in the 2nd ed. 2006), as checked by the Octave queueing package's tests, which
// allow 1e-3: the book's three-decimal figures are off by up to 8e-4 from the exact values (e.g.
// Example 8.4 prints X = 1.218 where state enumeration gives 1.21746; the exact values are in
// test/fixtures/network_reference.json and matched to 1e-11 in closedNetwork.test.ts).
function bolch(actual: number, value: number): void {
  expect(Math.abs(actual - value), `${actual} vs ${value}`).toBeLessThanOrEqual(1e-3);
}

describe("Bolch et al., multi-server exact MVA", () => {
  it("Example 8.4: two servers, two single servers and a delay, N = 3", () => {
    const q = closedNetwork({
      stations: [
        { name: "1", serviceTimeSec: 0.5, servers: 2, visits: 1 },
        { name: "2", serviceTimeSec: 0.6, visits: 0.5 },
        { name: "3", serviceTimeSec: 0.8, visits: 0.5 },
        { name: "4", serviceTimeSec: 1, servers: Infinity, visits: 1 },
      ],
      population: 3,
    });
    [0.624, 0.473, 0.686, 1.217].forEach((v, i) => bolch(q.stations[i]!.queueLength, v));
    bolch(q.throughputPerSec, 1.218);
  });

  it("Example 8.1: 2, 3 and 1 servers, N = 3 (convolution in the book)", () => {
    const visits = [1, 0.667, 0.2];
    const q = closedNetwork({
      stations: [
        { name: "1", serviceTimeSec: 1 / 0.8, servers: 2, visits: visits[0]! },
        { name: "2", serviceTimeSec: 1 / 0.6, servers: 3, visits: visits[1]! },
        { name: "3", serviceTimeSec: 1 / 0.4, servers: 1, visits: visits[2]! },
      ],
      population: 3,
    });
    [0.945, 0.63, 0.189].forEach((v, i) => bolch(q.throughputPerSec * visits[i]!, v));
    [0.59, 0.35, 0.473].forEach((v, i) => bolch(q.stations[i]!.utilization, v));
    [1.29, 1.05, 0.66].forEach((v, i) => bolch(q.stations[i]!.queueLength, v));
  });
});

// N. J. Gunther, The Practical Performance Analyst (1998), ch. 2, model closed1 (PDQ example output
// in the pdq-qnm-pkg repository): one centre, D = 0.63 s, N = 100, Z = 300 s.
it("Gunther (1998), PDQ closed1", () => {
  const q = closedNetwork({
    stations: [{ name: "centre", serviceTimeSec: 0.63 }],
    population: 100,
    thinkTimeSec: 300,
  });
  published(q.throughputPerSec, 0.3325, 4);
  published(q.responseTimeSec, 0.7943, 4);
  published(q.stations[0]!.queueLength, 0.2641, 4);
  published(q.stations[0]!.utilization, 0.209445, 6);
});
