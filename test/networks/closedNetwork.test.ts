import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  closedNetwork,
  closedNetworkBounds,
  finiteSource,
  multiclassClosedNetwork,
  mmc,
  ModelInputError,
} from "../../src/index.js";
import reference from "../fixtures/network_reference.json" with { type: "json" };
import { randomNetwork } from "../fixtures/randomNetwork.mjs";
import { relErr } from "../helpers.js";

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

describe("multiclassClosedNetwork exact MVA against state enumeration", () => {
  const ref = reference.cases.find((c) => c.classes.length === 2)!;
  it(ref.name, () => {
    const q = multiclassClosedNetwork({
      stations: ref.stations.map((s) => ({
        name: s.name,
        servers: s.servers === "Infinity" ? Infinity : 1,
      })),
      classes: ref.classes.map((c, r) => ({ name: `class ${r}`, ...c })),
    });
    expect(q.method).toBe("exact");
    q.classes.forEach((c, r) =>
      expect(relErr(c.throughputPerSec, Number(ref.throughputPerSec[r]))).toBeLessThan(1e-12),
    );
    q.stations.forEach((s, k) =>
      s.byClass.forEach((c, r) =>
        expect(relErr(c.queueLength, Number(ref.queueLength[k]![r]))).toBeLessThan(1e-11),
      ),
    );
  });

  it("Schweitzer is within a few percent of exact", () => {
    const input = {
      stations: ref.stations.map((s) => ({
        name: s.name,
        servers: s.servers === "Infinity" ? Infinity : 1,
      })),
      classes: ref.classes.map((c, r) => ({
        name: `class ${r}`,
        ...c,
        population: c.population * 10,
      })),
    };
    const exact = multiclassClosedNetwork(input);
    const approx = multiclassClosedNetwork({ ...input, method: "schweitzer" });
    expect(approx.converged).toBe(true);
    expect(approx.iterations).toBeGreaterThan(0);
    approx.classes.forEach((c, r) =>
      expect(relErr(c.throughputPerSec, exact.classes[r]!.throughputPerSec)).toBeLessThan(0.03),
    );
  });

  it("one class equals closedNetwork", () => {
    const multi = multiclassClosedNetwork({
      stations: [{ name: "a" }, { name: "b" }, { name: "d", servers: Infinity }],
      classes: [{ name: "only", population: 17, thinkTimeSec: 0.3, demandsSec: [0.02, 0.05, 0.1] }],
    });
    const single = closedNetwork({
      stations: [
        { name: "a", serviceTimeSec: 0.02 },
        { name: "b", serviceTimeSec: 0.05 },
        { name: "d", serviceTimeSec: 0.1, servers: Infinity },
      ],
      population: 17,
      thinkTimeSec: 0.3,
    });
    expect(relErr(multi.classes[0]!.throughputPerSec, single.throughputPerSec)).toBeLessThan(1e-13);
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
        expect(row.stations).toBe(row.stations); // built once, then kept
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
