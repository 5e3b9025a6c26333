import { describe, expect, it } from "vitest";
import { closedNetwork, ModelInputError, multiclassClosedNetwork } from "../../src/index.js";
import reference from "../fixtures/network_reference.json" with { type: "json" };
import { published, relErr } from "../helpers.js";

// Reference values: test/fixtures/make_network_reference.py — every state of the product form
// enumerated and normalized at 50 digits (independent of the MVA recursions).
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

describe("Lazowska et al. (1984), multiclass exact MVA", () => {
  it("p. 142: two classes, two stations, one request each", () => {
    const q = multiclassClosedNetwork({
      stations: [{ name: "cpu" }, { name: "disk" }],
      classes: [
        { name: "A", population: 1, demandsSec: [1, 3] },
        { name: "B", population: 1, demandsSec: [2, 4] },
      ],
    });
    expect(relErr(q.classes[0]!.throughputPerSec, 3 / 19)).toBeLessThan(1e-14);
    expect(relErr(q.classes[1]!.throughputPerSec, 2 / 19)).toBeLessThan(1e-14);
    const expected = [
      [4 / 19, 15 / 19],
      [5 / 19, 14 / 19],
    ];
    q.stations.forEach((s, k) =>
      s.byClass.forEach((c, r) =>
        expect(relErr(c.queueLength, expected[r]![k]!)).toBeLessThan(1e-14),
      ),
    );
  });

  it("ch. 7, p. 131: batch and interactive classes (values from the LQNS regression test2.cc)", () => {
    const q = multiclassClosedNetwork({
      stations: [{ name: "cpu" }, { name: "disk" }],
      classes: [
        { name: "batch", population: 10, demandsSec: [1.0, 0.09] },
        { name: "interactive", population: 25, thinkTimeSec: 30, demandsSec: [0.1, 0.9] },
      ],
    });
    published(q.stations[0]!.byClass[0]!.queueLength, 9.717, 3);
    published(q.stations[0]!.byClass[1]!.queueLength, 0.8496, 4);
    published(q.stations[1]!.byClass[0]!.queueLength, 0.2827, 4);
    published(q.stations[1]!.byClass[1]!.queueLength, 2.09, 3);
  });
});

describe("bad input names the field", () => {
  it.each([
    [
      {
        stations: [{ name: "a", servers: 2 }],
        classes: [{ name: "c", population: 1, demandsSec: [1] }],
      },
      /`stations\[0\]\.servers`/,
    ],
    [
      { stations: [{ name: "a" }], classes: [{ name: "c", population: 1, demandsSec: [1, 2] }] },
      /`classes\[0\]\.demandsSec`/,
    ],
    [
      { stations: [{ name: "a" }], classes: [{ name: "c", population: -1, demandsSec: [1] }] },
      /`classes\[0\]\.population`/,
    ],
    [
      { stations: [{ name: "a" }], classes: [{ name: "c", population: 1, demandsSec: [0] }] },
      /`classes\[0\]\.demandsSec`/,
    ],
    [{ stations: [{ name: "a" }], classes: [] }, /`classes`/],
    [
      {
        stations: [{ name: "a" }],
        classes: [{ name: "c", population: 1, demandsSec: [1] }],
        method: "x",
      },
      /`method`/,
    ],
  ])("multiclassClosedNetwork %#", (input, message) => {
    expect(() => multiclassClosedNetwork(input as never)).toThrow(ModelInputError);
    expect(() => multiclassClosedNetwork(input as never)).toThrow(message);
  });
});
