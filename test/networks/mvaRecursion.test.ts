import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { finiteSource } from "../../src/index.js";
import { mvaRecursion, type MvaNetwork } from "../../src/networks/mvaRecursion.js";
import { relErr } from "../helpers.js";

// The recursion shared by closedNetwork's exact method and the Python model's GIL station.

/** One c-server station closed with a delay Z: the machine-repairman model. */
const repairman = (serviceTimeSec: number, servers: number, thinkTimeSec: number): MvaNetwork => ({
  demandsSec: Float64Array.of(serviceTimeSec),
  servers: Float64Array.of(servers),
  thinkTimeSec,
});

describe("mvaRecursion", () => {
  it("equals the finite-source birth–death solution (M/M/c//N), an independent algorithm", () => {
    for (const [s, c, z] of [
      [0.02, 1, 0.5],
      [0.02, 3, 0.5],
      [0.1, 8, 0.05],
    ] as const) {
      const x = mvaRecursion(repairman(s, c, z), 40);
      for (const n of [1, 2, 5, 17, 40]) {
        const reference = finiteSource({
          population: n,
          thinkTimeSec: z,
          serviceTimeSec: s,
          servers: c,
        });
        expect(relErr(x[n]!, reference.throughputPerSec)).toBeLessThan(1e-12);
      }
    }
  });

  it("with every SCV 1 the corrected variant is the textbook recursion, to the last bit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-4, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        (demands, think, population) => {
          const network: MvaNetwork = {
            demandsSec: Float64Array.from(demands),
            servers: new Float64Array(demands.length).fill(1),
            thinkTimeSec: think,
          };
          const plain = mvaRecursion(network, population);
          const corrected = mvaRecursion(network, population, {
            serviceScv: new Float64Array(demands.length).fill(1),
          });
          expect(Array.from(corrected)).toEqual(Array.from(plain));
        },
      ),
    );
  });

  it("the monotone variant never falls with one more customer and stays under 1/D_max", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (s, z, scv) => {
          const x = mvaRecursion(repairman(s, 1, z), 50, {
            serviceScv: Float64Array.of(scv),
            monotone: true,
          });
          for (let n = 1; n < x.length; n++) expect(x[n]!).toBeGreaterThanOrEqual(x[n - 1]!);
          for (const v of x) expect(v).toBeLessThanOrEqual(1 / s);
        },
      ),
    );
  });

  it("calls `visit` once per population with the figures it returns", () => {
    const seen: number[] = [];
    const x = mvaRecursion(repairman(0.02, 2, 0.5), 5, {}, (n, throughput) => {
      expect(n).toBe(seen.length + 1);
      seen.push(throughput);
    });
    expect(seen).toEqual(Array.from(x.subarray(1)));
  });
});
