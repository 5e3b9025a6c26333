import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { keepAliveLimit, ModelInputError } from "../../src/index.js";
import { relErr, thrown } from "../helpers.js";

// From scripts/reference_keepalive.py (`/usr/bin/python3 scripts/reference_keepalive.py`, 40
// digits): Engset's call congestion in closed form (Iversen 2015, §8.3), and the worker's chain
// built from keepAliveLimit's doc and solved by mpmath's LU solver.
const ENGSET: [number, number, number, number, number][] = [
  [12, 9, 0.1, 0.5, 5.6850189414494731e-5],
  [30, 5, 0.2, 1, 0.42096028074653055],
  [100, 21, 0.05, 0.2, 0.17140774664307736],
];
type ChainCase = [number, number, number, number, number, number | null, number];
const CHAIN: [ChainCase, [number, number, number, number, number]][] = [
  [
    [12, 9, 0.1, 0.5, 5, null, 0],
    [
      0.37497871824616254, 21.333252620616742, 7.9999394627904772, 6.6665657730988484,
      0.37500709416845422,
    ],
  ],
  [
    [12, 9, 0.1, 0.5, 0.2, null, 0],
    [
      0.028533765834828424, 20.095567034011095, 5.1702496842048387, 3.2180332012103862,
      0.67972705664249538,
    ],
  ],
  [
    [16, 9, 0.1, 1, 1, null, 0],
    [
      0.32212943135816374, 14.984261044508154, 7.4364337171862561, 6.4206947616944103,
      0.5715040773366903,
    ],
  ],
  [
    [10, 5, 0.1, 0.5, 0.5, 2, 0],
    [
      0.51288541100549022, 18.102999597684499, 3.7355940851267574, 2.7870938839690071,
      0.69208485379124729,
    ],
  ],
  [
    [12, 9, 0.1, 0.5, 5, null, 0.002],
    [
      0.37679966826689802, 21.340160926298588, 7.9792153298364225, 6.6492957929857165,
      0.37682796151818666,
    ],
  ],
];

describe("keepAliveLimit", () => {
  it("without keep-alive (T = 0) is Engset's loss system with L − 1 servers (exact)", () => {
    for (const [clients, limitConcurrency, serviceTimeSec, thinkTimeSec, congestion] of ENGSET) {
      const r = keepAliveLimit({
        clients,
        limitConcurrency,
        serviceTimeSec,
        thinkTimeSec,
        keepAliveTimeoutSec: 0,
      });
      expect(r.method).toBe("exact");
      expect(relErr(r.refusedShare, congestion)).toBeLessThan(1e-9);
      expect(r.newConnectionShare).toBe(1);
      expect(r.meanIdleConnections).toBe(0);
    }
  });

  it("solves the worker's chain as mpmath's LU solver does", () => {
    for (const [[clients, limit, s, z, t, c, r], expected] of CHAIN) {
      const got = keepAliveLimit({
        clients,
        limitConcurrency: limit,
        serviceTimeSec: s,
        thinkTimeSec: z,
        keepAliveTimeoutSec: t,
        ...(c === null ? {} : { servers: c }),
        refusalSec: r,
      });
      const figures = [
        got.refusedShare,
        got.requestRatePerSec,
        got.meanOpenConnections,
        got.meanIdleConnections,
        got.newConnectionShare,
      ];
      figures.forEach((x, k) => expect(relErr(x, expected[k]!)).toBeLessThan(1e-9));
    }
  });

  it("refuses nothing when the clients cannot fill the limit, and then its figures are closed forms", () => {
    // 8 clients, --limit-concurrency 9: a worker never holds 9 connections.
    const r = keepAliveLimit({
      clients: 8,
      thinkTimeSec: 0.5,
      serviceTimeSec: 0.1,
      limitConcurrency: 9,
      keepAliveTimeoutSec: 0.3,
    });
    expect(r.refusedShare).toBe(0);
    expect(r.method).toBe("exact");
    // Independent clients: each holds a request S/(S + Z) of the time, and an idle connection
    // for the part of its think before the timeout, 1 − e^(−T/Z).
    const busy = (8 * 0.1) / 0.6;
    expect(relErr(r.meanBusyConnections, busy)).toBeLessThan(1e-10);
    expect(relErr(r.meanIdleConnections, (8 - busy) * -Math.expm1(-0.3 / 0.5))).toBeLessThan(1e-10);
    expect(relErr(r.newConnectionShare, Math.exp(-0.3 / 0.5))).toBeLessThan(1e-10);
    expect(relErr(r.requestRatePerSec, 8 / 0.6)).toBeLessThan(1e-10);
  });

  it("keeps its figures consistent at every input (Little's law, the clients' cycle, 0 ≤ shares ≤ 1)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        fc.integer({ min: 2, max: 20 }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
        fc.integer({ min: 1, max: 3 }),
        (
          clients,
          thinkTimeSec,
          serviceTimeSec,
          limitConcurrency,
          keepAliveTimeoutSec,
          servers,
          workers,
        ) => {
          const r = keepAliveLimit({
            clients,
            thinkTimeSec,
            serviceTimeSec,
            limitConcurrency,
            keepAliveTimeoutSec,
            workers,
            ...(servers === undefined ? {} : { servers }),
          });
          const all = Object.values(r).filter((v): v is number => typeof v === "number");
          expect(all.every(Number.isFinite)).toBe(true);
          expect(r.refusedShare).toBeGreaterThanOrEqual(0);
          expect(r.refusedShare).toBeLessThanOrEqual(1);
          expect(r.newConnectionShare).toBeGreaterThanOrEqual(0);
          expect(r.newConnectionShare).toBeLessThanOrEqual(1 + 1e-12);
          // A 503 closes its connection, so every refused request came on a new one (r = 0)
          // unless it is an idle one's: refusals ≤ new connections here.
          expect(r.refusedShare).toBeLessThanOrEqual(r.newConnectionShare + 1e-9);
          // Open connections: requests held plus idle ones, at most L − 1 and at most the clients.
          expect(
            relErr(r.meanOpenConnections, r.meanBusyConnections + r.meanIdleConnections),
          ).toBeLessThan(1e-12);
          expect(r.meanOpenConnections).toBeLessThanOrEqual(
            Math.min(limitConcurrency - 1, clients) + 1e-9,
          );
          // What is not refused is served: goodput = requests × (1 − refused).
          expect(relErr(r.goodputPerSec, r.requestRatePerSec * (1 - r.refusedShare))).toBeLessThan(
            1e-6,
          );
          // Little's law: the requests held = goodput × R.
          expect(
            relErr(workers * r.meanBusyConnections, r.goodputPerSec * r.meanResponseTimeSec),
          ).toBeLessThan(1e-9);
          expect(r.meanResponseTimeSec).toBeGreaterThanOrEqual(serviceTimeSec * (1 - 1e-9));
          if (workers === 1) {
            // Each client's cycle: a think, then a response when served (a 503 takes no time).
            const cycle = thinkTimeSec + (1 - r.refusedShare) * r.meanResponseTimeSec;
            expect(relErr(r.requestRatePerSec, clients / cycle)).toBeLessThan(1e-6);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("stays finite with rates far apart (think times of microseconds, holds of days)", () => {
    for (const q of [
      {
        clients: 200,
        thinkTimeSec: 1e-6,
        serviceTimeSec: 1e6,
        limitConcurrency: 201,
        keepAliveTimeoutSec: 0,
      },
      {
        clients: 200,
        thinkTimeSec: 1e-6,
        serviceTimeSec: 1e6,
        limitConcurrency: 201,
        keepAliveTimeoutSec: 1,
      },
      {
        clients: 300,
        thinkTimeSec: 1e-6,
        serviceTimeSec: 1e6,
        limitConcurrency: 150,
        keepAliveTimeoutSec: 1e-6,
      },
      {
        clients: 300,
        thinkTimeSec: 1e6,
        serviceTimeSec: 1e-6,
        limitConcurrency: 150,
        keepAliveTimeoutSec: 1e6,
        workers: 3,
        servers: 2,
      },
    ]) {
      const r = keepAliveLimit(q);
      const all = Object.values(r).filter((v): v is number => typeof v === "number");
      expect(all.every(Number.isFinite)).toBe(true);
      expect(r.refusedShare).toBeGreaterThanOrEqual(0);
      expect(r.refusedShare).toBeLessThanOrEqual(1);
      expect(r.meanOpenConnections).toBeLessThanOrEqual(
        Math.min(q.limitConcurrency - 1, q.clients) * (1 + 1e-12),
      );
    }
  });

  it("refuses more as the keep-alive timeout grows (idle connections hold their places longer)", () => {
    let previous = 0;
    for (const keepAliveTimeoutSec of [0, 0.1, 0.3, 1, 3, 10]) {
      const r = keepAliveLimit({
        clients: 16,
        thinkTimeSec: 1,
        serviceTimeSec: 0.1,
        limitConcurrency: 9,
        keepAliveTimeoutSec,
      });
      expect(r.refusedShare).toBeGreaterThanOrEqual(previous);
      previous = r.refusedShare;
    }
    expect(previous).toBeGreaterThan(0.5);
  });

  it("names the field and value of a bad input", () => {
    const base = {
      clients: 12,
      thinkTimeSec: 0.5,
      serviceTimeSec: 0.1,
      limitConcurrency: 9,
      keepAliveTimeoutSec: 5,
    };
    const cases: [object, string][] = [
      [{ ...base, limitConcurrency: 1 }, "limitConcurrency"],
      [{ ...base, clients: 2.5 }, "clients"],
      [{ ...base, thinkTimeSec: 0 }, "thinkTimeSec"],
      [{ ...base, keepAliveTimeoutSec: -1 }, "keepAliveTimeoutSec"],
      [{ ...base, keepAliveTimeoutSec: Infinity }, "keepAliveTimeoutSec"],
      [{ ...base, workers: 0 }, "workers"],
      [{ ...base, servers: 0 }, "servers"],
      [{ ...base, keepAliveTimout: 5 }, "keepAliveTimout"],
      [{ ...base, clients: 1000, limitConcurrency: 1000 }, "limitConcurrency"],
    ];
    for (const [input, field] of cases) {
      const e = thrown(ModelInputError, () => keepAliveLimit(input as never));
      expect(e.field).toBe(field);
      expect(e.message).toContain(field);
    }
  });
});
