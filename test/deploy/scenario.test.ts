import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse as parseYamlText } from "yaml";
import { CLASSIC_STACK, ModelInputError, parseScenario, planCapacity } from "../../src/index.js";
import type { DatabaseTierInput, Scenario } from "../../src/index.js";

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

describe("parseScenario: a number without its unit where one is usual", () => {
  // The small shop above, with one value replaced.
  const edit = (from: string, to: string) => {
    expect(yaml).toContain(from);
    return yaml.replace(from, to);
  };

  it("refuses each, naming the path and the values likely meant", () => {
    const cases: [string, string, string][] = [
      [
        "cpuTimeSec: 15ms",
        "cpuTimeSec: 30",
        'scenario: `app.cpuTimeSec` must be a time with its unit when above 1 s (got 30): write "30ms" if milliseconds were meant, or "30s" to keep 30 seconds',
      ],
      [
        "cpuTimeSec: 15ms",
        'cpuTimeSec: "1.5"', // a string of digits alone is a number without its unit too
        'scenario: `app.cpuTimeSec` must be a time with its unit when above 1 s (got "1.5"): write "1.5ms" if milliseconds were meant, or "1.5s" to keep 1.5 seconds',
      ],
      [
        "ioTimeSec: 0.02",
        "ioTimeSec: 11",
        'scenario: `app.ioTimeSec` must be a time with its unit when above 10 s (got 11): write "11ms" if milliseconds were meant, or "11s" to keep 11 seconds',
      ],
      [
        "responseTimeSec: 250ms",
        "responseTimeSec: 250",
        'scenario: `slo.responseTimeSec` must be a time with its unit when above 10 s (got 250): write "250ms" if milliseconds were meant, or "250s" to keep 250 seconds',
      ],
      [
        "memoryBytesPerServer: 64GiB",
        "memoryBytesPerServer: 8",
        'scenario: `stack.tiers[2].memoryBytesPerServer` must be a size with its unit when below 1 MiB (got 8): write "8GiB" if gibibytes were meant, or "8B" to keep 8 bytes',
      ],
      [
        "memoryBytes: 8GiB",
        "memoryBytes: 512",
        'scenario: `machine.memoryBytes` must be a size with its unit when below 1 MiB (got 512): write "512MiB" if mebibytes were meant, or "512B" to keep 512 bytes',
      ],
    ];
    for (const [from, to, message] of cases) {
      const text = edit(from, to);
      expect(() => parseScenario(text, "yaml")).toThrow(ModelInputError);
      expect(() => parseScenario(text, "yaml")).toThrow(message);
      // The same in JSON.
      const json = JSON.stringify(parseYamlText(text));
      expect(() => parseScenario(json, "json")).toThrow(message.split(" (got")[0]!);
    }
  });

  it("takes the same values with their units as written, and numbers where no slip is likely", () => {
    const cases: [string, string, (s: Scenario) => number, number][] = [
      ["cpuTimeSec: 15ms", "cpuTimeSec: 30s", (s) => s.app.cpuTimeSec, 30],
      ["cpuTimeSec: 15ms", "cpuTimeSec: 30ms", (s) => s.app.cpuTimeSec, 0.03],
      ["cpuTimeSec: 15ms", "cpuTimeSec: 1", (s) => s.app.cpuTimeSec, 1], // 1 s is not above 1 s
      ["ioTimeSec: 0.02", "ioTimeSec: 11s", (s) => s.app.ioTimeSec, 11],
      ["ioTimeSec: 0.02", "ioTimeSec: 10", (s) => s.app.ioTimeSec, 10],
      ["responseTimeSec: 250ms", "responseTimeSec: 250s", (s) => s.slo.responseTimeSec, 250],
      // A rate is not a time: 5000 req/s is fine without a unit.
      ["arrivalRatePerSec: 150", "arrivalRatePerSec: 5000", (s) => s.load.arrivalRatePerSec, 5000],
      [
        "memoryBytesPerServer: 64GiB",
        "memoryBytesPerServer: 8B",
        (s) => (s.stack.tiers[2] as DatabaseTierInput).memoryBytesPerServer!,
        8,
      ],
      [
        "memoryBytesPerServer: 64GiB",
        "memoryBytesPerServer: 8GiB",
        (s) => (s.stack.tiers[2] as DatabaseTierInput).memoryBytesPerServer!,
        8 * 2 ** 30,
      ],
      // 0 and 1 MiB or more are not slips of a unit (0 is left to the planner to judge).
      ["memoryBytes: 8GiB", "memoryBytes: 1048576", (s) => s.machine.memoryBytes, 2 ** 20],
      [
        "memoryBytesPerServer: 64GiB",
        "memoryBytesPerServer: 0",
        (s) => (s.stack.tiers[2] as DatabaseTierInput).memoryBytesPerServer!,
        0,
      ],
    ];
    for (const [from, to, read, expected] of cases) {
      expect(read(parseScenario(edit(from, to), "yaml"))).toBe(expected);
    }
  });

  it("a misspelt or out-of-range field is reported as the planner would, not as a missing unit", () => {
    // `perThredBytes: 1` is a bare number under a Bytes key, but the key itself is the mistake.
    const misspelt = edit("ioTimeSec: 0.02 }", "ioTimeSec: 0.02, memory: { perThredBytes: 1 } }");
    expect(() => parseScenario(misspelt, "yaml")).toThrow(
      /planCapacity: `app\.memory\.perThredBytes` must be absent: did you mean `perThreadBytes`\?/,
    );
    // 1e300 s is out of range whatever its unit: the planner's range, not a unit, is the answer.
    expect(() => parseScenario(edit("ioTimeSec: 0.02", "ioTimeSec: 1e300"), "yaml")).toThrow(
      /planCapacity: `app\.ioTimeSec` must be a time in seconds >= 0 and <= 1000000 \(got 1e\+300\)/,
    );
  });
});
