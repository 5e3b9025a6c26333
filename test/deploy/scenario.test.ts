import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CLASSIC_STACK, ModelInputError, parseScenario, planCapacity } from "../../src/index.js";

const yaml = `
description: a small shop
stack:
  tiers:
    - kind: web
      proxyTimeSec: 400us
    - kind: app
      servers: 2
      deployment: { kind: daemon, processes: 4, threads: 4 }
    - kind: database
      queriesPerRequest: 6
      serviceTimeSec: 2ms
      memoryBytesPerServer: 64GiB
app: { cpuTimeSec: 15ms, ioTimeSec: 0.02 }
machine: { cores: 4, memoryBytes: 8GiB }
load: { arrivalRatePerSec: 150, peakFactor: 2 }
slo: { responseTimeSec: 250ms, quantile: 0.95 }
prices: { web: 40, app: 120, database: 500 }
`;

describe("parseScenario", () => {
  it("reads YAML and JSON, with units for times and sizes", () => {
    const s = parseScenario(yaml, "yaml");
    expect(s.stack.tiers[0]).toEqual({ kind: "web", proxyTimeSec: 0.0004 });
    expect(s.stack.tiers[2]).toMatchObject({
      serviceTimeSec: 0.002,
      memoryBytesPerServer: 2 ** 36,
    });
    expect(s.machine.memoryBytes).toBe(8 * 2 ** 30);
    expect(s.slo.responseTimeSec).toBe(0.25);
    expect(parseScenario(JSON.stringify(s), "json")).toEqual(s);
    const plan = planCapacity(s);
    expect(plan.feasible).toBe(true);
    expect(plan.costPerMonth).toBeGreaterThan(0);
  });

  it("names the field and what it expected", () => {
    const cases: [string, "json" | "yaml", RegExp][] = [
      ["stack: [", "yaml", /valid YAML/],
      ["{", "json", /valid JSON/],
      ["[1, 2]", "json", /an object with stack/],
      ['{"stak": {}}', "json", /`stak` must be absent: did you mean `stack`\?/],
      [
        '{"slo": {"responseTimeSec": "fast"}}',
        "json",
        /`slo\.responseTimeSec` must be a time such as 0\.02, 20ms or 1\.5s \(got "fast"\)/,
      ],
      ['{"machine": {"memoryBytes": "8 gigs"}}', "json", /`machine\.memoryBytes` must be a size/],
    ];
    for (const [text, format, message] of cases) {
      expect(() => parseScenario(text, format)).toThrow(ModelInputError);
      expect(() => parseScenario(text, format)).toThrow(message);
    }
    // Values are checked by the planner, with the path.
    const bad = parseScenario(
      yaml.replace("queriesPerRequest: 6", "queriesPerRequest: -6"),
      "yaml",
    );
    expect(() => planCapacity(bad)).toThrow(
      /`stack\.tiers\[2\]\.queriesPerRequest` must be a finite number >= 0 \(got -6\)/,
    );
  });

  it("fuzz: random mutations of a valid scenario give a plan without NaN or a ModelInputError", () => {
    const valid = JSON.parse(JSON.stringify(CLASSIC_STACK)) as Record<string, unknown>;
    // Every path to a value in the scenario, to mutate.
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      if (v !== null && typeof v === "object") {
        for (const [k, x] of Object.entries(v))
          walk(x, [...path, Array.isArray(v) ? Number(k) : k]);
      }
      paths.push(path);
    };
    walk(valid, []);
    const replacement = fc.oneof(
      fc.constantFrom(
        -1,
        0,
        0.5,
        1,
        1.4,
        2,
        1e9,
        1e-12,
        "20ms",
        "4GiB",
        "x",
        "",
        null,
        true,
        [],
        {},
      ),
      fc.double({ noNaN: true }),
      fc.integer({ min: -5, max: 100 }),
    );
    const mutation = fc.record({
      path: fc.constantFrom(...paths.filter((p) => p.length > 0)),
      op: fc.constantFrom("set", "delete", "add"),
      value: replacement,
    });
    const hasNaN = (v: unknown): boolean =>
      typeof v === "number"
        ? Number.isNaN(v)
        : v !== null && typeof v === "object"
          ? Object.values(v).some(hasNaN)
          : false;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const doc = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
        for (const m of mutations) {
          let parent: unknown = doc;
          for (const key of m.path.slice(0, -1)) {
            parent =
              parent !== null && typeof parent === "object"
                ? (parent as Record<string, unknown>)[key]
                : undefined;
          }
          if (parent === null || typeof parent !== "object") continue;
          const last = m.path[m.path.length - 1]!;
          const target = parent as Record<string | number, unknown>;
          if (m.op === "set") target[last] = m.value;
          else if (m.op === "delete") delete target[last];
          else target[`${String(last)}Extra`] = m.value;
        }
        try {
          const plan = planCapacity(parseScenario(JSON.stringify(doc), "json"));
          expect(hasNaN(plan)).toBe(false); // every number of the plan, its evaluations and trace
          for (const p of [0.5, 0.99]) {
            expect(plan.peak.responseTimeQuantileSec(p)).not.toBeNaN();
            expect(plan.mean.responseTimeQuantileSec(p)).not.toBeNaN();
          }
          expect(plan.peak.meanResponseTimeSec).not.toBeNaN();
        } catch (e) {
          if (!(e instanceof ModelInputError)) throw e;
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000); // a limit for a loaded CI machine (a second or two alone)
});
