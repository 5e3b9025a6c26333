import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import { ModelInputError } from "../src/index.js";

type Call = (input: Record<string, unknown>) => unknown;

// For each model: a valid input, and for each field the bad values it must reject.
const BAD_NUMBER = [-1, Number.NaN, Infinity, "1", undefined];
const BAD_COUNT = [0, 2.5, -1, Number.NaN, Infinity];
const CASES: [string, Call, Record<string, unknown>, Record<string, unknown[]>][] = [
  [
    "mm1",
    api.mm1 as unknown as Call,
    { arrivalRatePerSec: 1, serviceTimeSec: 0.1 },
    {
      arrivalRatePerSec: BAD_NUMBER,
      serviceTimeSec: [0, ...BAD_NUMBER],
    },
  ],
  [
    "mmc",
    api.mmc as unknown as Call,
    { arrivalRatePerSec: 1, serviceTimeSec: 0.1, servers: 2 },
    {
      arrivalRatePerSec: BAD_NUMBER,
      serviceTimeSec: [0, ...BAD_NUMBER],
      servers: BAD_COUNT,
    },
  ],
  [
    "mmInf",
    api.mmInf as unknown as Call,
    { arrivalRatePerSec: 1, serviceTimeSec: 0.1 },
    {
      arrivalRatePerSec: BAD_NUMBER,
      serviceTimeSec: [0, ...BAD_NUMBER],
    },
  ],
  [
    "mmck",
    api.mmck as unknown as Call,
    { arrivalRatePerSec: 1, serviceTimeSec: 0.1, servers: 2, capacity: 4 },
    {
      arrivalRatePerSec: BAD_NUMBER,
      serviceTimeSec: [0, ...BAD_NUMBER],
      servers: BAD_COUNT,
      capacity: [1, 4.5, 20_000_001, Number.NaN],
    },
  ],
  [
    "finiteSource",
    api.finiteSource as unknown as Call,
    { population: 10, thinkTimeSec: 1, serviceTimeSec: 0.1, servers: 2 },
    {
      population: BAD_COUNT,
      thinkTimeSec: BAD_NUMBER,
      serviceTimeSec: [0, ...BAD_NUMBER],
      servers: BAD_COUNT,
      capacity: [0, 11, 2.5],
    },
  ],
  [
    "mg1",
    api.mg1 as unknown as Call,
    { arrivalRatePerSec: 1, serviceTimeSec: 0.1 },
    {
      arrivalRatePerSec: BAD_NUMBER,
      serviceTimeSec: [0, ...BAD_NUMBER],
      serviceTimeScv: [-1, Infinity, Number.NaN],
    },
  ],
  [
    "ggc",
    api.ggc as unknown as Call,
    { arrivalRatePerSec: 1, serviceTimeSec: 0.1, servers: 2 },
    {
      arrivalRatePerSec: BAD_NUMBER,
      serviceTimeSec: [0, ...BAD_NUMBER],
      servers: BAD_COUNT,
      arrivalScv: [-1, Infinity],
      serviceTimeScv: [-1, Number.NaN],
    },
  ],
  [
    "littlesLaw",
    api.littlesLaw as unknown as Call,
    { arrivalRatePerSec: 1, inFlight: 2 },
    {
      arrivalRatePerSec: [-1, Number.NaN, Infinity],
      inFlight: [-1, Infinity],
    },
  ],
  [
    "utilizationLaw",
    api.utilizationLaw as unknown as Call,
    { throughputPerSec: 1, serviceTimeSec: 0.1 },
    {
      throughputPerSec: BAD_NUMBER,
      serviceTimeSec: BAD_NUMBER,
      servers: BAD_COUNT,
    },
  ],
  [
    "forcedFlowLaw",
    api.forcedFlowLaw as unknown as Call,
    { systemThroughputPerSec: 1, visits: 2 },
    {
      systemThroughputPerSec: BAD_NUMBER,
      visits: BAD_NUMBER,
    },
  ],
  [
    "serviceDemandLaw",
    api.serviceDemandLaw as unknown as Call,
    { utilization: 0.5, systemThroughputPerSec: 10 },
    {
      utilization: BAD_NUMBER,
      systemThroughputPerSec: [0, ...BAD_NUMBER],
      servers: BAD_COUNT,
    },
  ],
  [
    "interactiveResponseTime",
    api.interactiveResponseTime as unknown as Call,
    { population: 5, throughputPerSec: 10 },
    {
      population: BAD_COUNT,
      throughputPerSec: [0, ...BAD_NUMBER],
      thinkTimeSec: [-1, Infinity],
    },
  ],
  [
    "openBounds",
    api.openBounds as unknown as Call,
    { demandsSec: [0.1, 0.2] },
    {
      demandsSec: [[], [0, 0], [-1], "x", [Number.NaN]],
      arrivalRatePerSec: [-1, Infinity],
    },
  ],
  [
    "closedBounds",
    api.closedBounds as unknown as Call,
    { demandsSec: [0.1, 0.2] },
    {
      demandsSec: [[], [0], [Infinity]],
      thinkTimeSec: [-1, Number.NaN],
      population: BAD_COUNT,
    },
  ],
];

describe("bad input throws ModelInputError naming the model, field and value", () => {
  for (const [name, call, valid, fields] of CASES) {
    it(`${name} accepts its valid input`, () => expect(() => call(valid)).not.toThrow());
    for (const [field, values] of Object.entries(fields)) {
      it.each(values.map((v) => [String(v), v] as const))(
        `${name}.${field} = %s`,
        (_label, value) => {
          const error = (() => {
            try {
              call({ ...valid, [field]: value });
            } catch (e) {
              return e;
            }
            return undefined;
          })();
          expect(error).toBeInstanceOf(ModelInputError);
          expect(error).toBeInstanceOf(RangeError);
          const e = error as ModelInputError;
          expect(e.model).toBe(name);
          expect(e.field.startsWith(field) || e.field === "input").toBe(true);
          expect(e.message).toContain(`${name}: \``);
        },
      );
    }
  }

  it("rejects a missing input object", () => {
    expect(() => api.mmc(null as never)).toThrow(/mmc: `input` must be an object/);
  });

  it("Erlang kernels reject bad arguments", () => {
    expect(() => api.erlangB(-1, 1)).toThrow(/erlangB: `servers`/);
    expect(() => api.erlangB(1.5, 1)).toThrow(/erlangB: `servers`/);
    expect(() => api.erlangC(0, 1)).toThrow(/erlangC: `servers`/);
    expect(() => api.erlangC(2, Number.NaN)).toThrow(/erlangC: `offeredLoad`/);
    expect(() => api.erlangB(2, Infinity)).toThrow(/erlangB: `offeredLoad`/);
  });

  it("distribution functions reject bad arguments", () => {
    const q = api.mmc({ arrivalRatePerSec: 8, serviceTimeSec: 0.2, servers: 2 });
    for (const p of [0, 1, -0.5, 1.5, Number.NaN]) {
      expect(() => q.responseTimeQuantileSec(p)).toThrow(/mmc: `p` must be a number in \(0, 1\)/);
      expect(() => q.waitTimeQuantileSec(p)).toThrow(ModelInputError);
    }
    expect(() => q.stateProbability(1.5)).toThrow(/mmc: `n`/);
    expect(() => q.stateProbability(-1)).toThrow(/mmc: `n`/);
    expect(() => q.responseTimeCdf(Number.NaN)).toThrow(/mmc: `tSec`/);
  });

  it("littlesLaw needs exactly two quantities", () => {
    expect(() => api.littlesLaw({ arrivalRatePerSec: 1 })).toThrow(/exactly two/);
    expect(() => api.littlesLaw({ arrivalRatePerSec: 1, responseTimeSec: 1, inFlight: 1 })).toThrow(
      /exactly two/,
    );
  });
});
