import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  evaluateStack,
  GiB,
  ModelInputError,
  type StackInput,
} from "../../../src/index.js";
import { LAB_RACE } from "../../../src/dispatch/labRaces.js";
import { drawRaceSplits } from "../../../src/dispatch/acceptRace.js";
import { weightedQuantiles } from "../../../src/dispatch/splitSpread.js";
import { relErr, thrown } from "../../helpers.js";

// evaluateStack's `spread`: the stack end to end over the ways each app server's keep-alive
// connections land on its processes, and the app deployment's own spread (`app.spread`).
const app = { cpuTimeSec: 0.005, ioTimeSec: 0.015, burstsPerRequest: 3 };
const machine = { cores: 2, memoryBytes: GiB(8) };
const gthread = { server: "gunicorn" as const, workerClass: "gthread" as const, workers: 2 };
const appOnly = (deployment: object): StackInput => ({
  tiers: [{ kind: "app", deployment: deployment as never }],
});

describe("the stack over the splits of the app servers' keep-alive connections", () => {
  it("with the app tier alone, is evaluateDeployment's spread (open load)", () => {
    const deployment = { ...gthread, threads: 8 };
    const load = { arrivalRatePerSec: 200, connections: 16 };
    const stack = evaluateStack({ stack: appOnly(deployment), app, machine, load });
    const alone = evaluateDeployment({ deployment, app, machine, load }).spread!;
    // The app tier's deployment carries the very spread evaluateDeployment gives …
    expect(stack.app.spread).toEqual(alone);
    // … and the stack's end-to-end figures over the splits are the deployment's (nothing above
    // or below the app servers): the same quantiles of the same splits.
    const s = stack.spread!;
    expect(s.connectionsPerServer).toBe(16);
    expect(s.connectionAffinity).toBe(LAB_RACE.gthread.affinity);
    expect(s.acceptRace).toEqual(LAB_RACE.gthread);
    expect(s.likelySplit).toEqual(alone.likelySplit);
    expect(s.likelySplitProbability).toBe(alone.likelySplitProbability);
    for (const p of ["p10", "p50", "p90"] as const) {
      expect(relErr(s.responseTimeQuantileSec(0.99)[p], alone.p99ResponseTimeSec[p])).toBeLessThan(
        1e-12,
      );
      expect(relErr(s.meanResponseTimeSec[p], alone.meanResponseTimeSec[p])).toBeLessThan(1e-12);
    }
    // At 200 req/s the worst tenth of the splits (13 : 3 and worse) asks 160 req/s and more of
    // one GIL that carries 200: its p99 is several times the even split's, and no split beats it.
    expect(s.responseTimeQuantileSec(0.99).p90).toBeGreaterThan(
      3 * stack.responseTimeQuantileSec(0.99),
    );
    expect(s.responseTimeQuantileSec(0.99).p10).toBeGreaterThanOrEqual(
      stack.responseTimeQuantileSec(0.99) * (1 - 1e-9),
    );
  });

  it("with the app tier alone, is evaluateDeployment's spread (closed loop of clients)", () => {
    const deployment = { ...gthread, workers: 3, threads: 4 };
    const stack = evaluateStack({
      stack: appOnly(deployment),
      app,
      machine,
      load: { clients: 12, thinkTimeSec: 0.05 },
    });
    const alone = evaluateDeployment({
      deployment,
      app,
      machine,
      load: { clients: 12, thinkTimeSec: 0.05 },
    });
    expect(relErr(stack.app.throughputPerSec, alone.throughputPerSec)).toBeLessThan(1e-9);
    const s = stack.spread!;
    expect(s.connectionsPerServer).toBe(12);
    for (const p of ["p10", "p50", "p90"] as const) {
      expect(
        relErr(s.responseTimeQuantileSec(0.99)[p], alone.spread!.p99ResponseTimeSec[p]),
      ).toBeLessThan(1e-6);
      expect(relErr(s.meanResponseTimeSec[p], alone.spread!.meanResponseTimeSec[p])).toBeLessThan(
        1e-6,
      );
    }
  });

  it("is the stack evaluated at each split's shares, with a database below and two app servers", () => {
    // 33 connections over 2 app servers: the busiest gets 17. Each split of them is the same
    // stack with the app's processes pinned at that split's shares (processWeights): evaluated
    // here split by split, and its percentiles taken independently of the spread's code path.
    const deployment = { ...gthread, threads: 4 };
    const stack: StackInput = {
      tiers: [
        { kind: "app", servers: 2, deployment },
        { kind: "database", queriesPerRequest: 5, serviceTimeSec: 0.001, coresPerServer: 4 },
      ],
    };
    const load = { arrivalRatePerSec: 300, connections: 33 };
    const s = evaluateStack({ stack, app, machine, load }).spread!;
    expect(s.connectionsPerServer).toBe(17);
    const splits = drawRaceSplits(2, 17, LAB_RACE.gthread).map((split) => {
      const pinned: StackInput = {
        tiers: [
          { kind: "app", servers: 2, deployment: { ...deployment, processWeights: split.counts } },
          stack.tiers[1]!,
        ],
      };
      return {
        probability: split.probability,
        e: evaluateStack({ stack: pinned, app, machine, load }),
      };
    });
    const expected = weightedQuantiles(
      splits.map(({ e, probability }) => ({ value: e.responseTimeQuantileSec(0.99), probability })),
    );
    const mean = weightedQuantiles(
      splits.map(({ e, probability }) => ({ value: e.meanResponseTimeSec, probability })),
    );
    for (const p of ["p10", "p50", "p90"] as const) {
      expect(relErr(s.responseTimeQuantileSec(0.99)[p], expected[p])).toBeLessThan(1e-12);
      expect(relErr(s.meanResponseTimeSec[p], mean[p])).toBeLessThan(1e-12);
    }
    expect(s.likelySplit.reduce((a, b) => a + b, 0)).toBe(17);
  });

  it("is there only for pinned processes, more than one, and connections of a known number", () => {
    const ask = (deployment: object, load: object) =>
      evaluateStack({ stack: appOnly(deployment), app, machine, load: load as never });
    const open = { arrivalRatePerSec: 100, connections: 8 };
    expect(ask({ ...gthread, threads: 4 }, open).spread).toBeDefined();
    expect(ask({ ...gthread, threads: 4 }, { arrivalRatePerSec: 100 }).spread).toBeUndefined();
    expect(ask({ ...gthread, threads: 4 }, { arrivalRatePerSec: 100 }).app.spread).toBeUndefined();
    expect(ask({ ...gthread, workers: 1, threads: 4 }, open).spread).toBeUndefined();
    expect(ask({ kind: "prefork", processes: 4 }, open).spread).toBeUndefined();
    expect(ask({ ...gthread, threads: 4, processWeights: [1, 1] }, open).spread).toBeUndefined();
  });

  it("names the field and value of a bad connection count", () => {
    const bad = (load: object) =>
      thrown(ModelInputError, () =>
        evaluateStack({ stack: appOnly(gthread), app, machine, load: load as never }),
      );
    expect(bad({ arrivalRatePerSec: 100, connections: 0 }).field).toBe("load.connections");
    expect(bad({ arrivalRatePerSec: 100, connections: 2.5 }).value).toBe(2.5);
    expect(bad({ clients: 4, connections: 4 }).field).toBe("load.connections");
    expect(bad({ arrivalRatePerSec: 100, conections: 4 }).field).toBe("load.conections");
  });
});
