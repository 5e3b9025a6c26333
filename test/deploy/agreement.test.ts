import { describe, expect, it } from "vitest";
import { evaluateDeployment } from "../../src/deploy/evaluateDeployment.js";
import type { EvaluateDeploymentInput } from "../../src/deploy/evaluateDeployment.js";
import { simulateDeployment } from "../../src/sim/simulateDeployment.js";
import { GiB } from "../../src/units.js";
import { relErr } from "../helpers.js";

// evaluateDeployment against the discrete-event simulation of the same mechanics (seeded, so the
// comparison is reproducible). The bounds are the model's measured accuracy on this grid plus a
// margin; scripts/measure-python-model.mjs measures the full 312-case grid (docs/python-model.md).
const apps = {
  cpu: { cpuTimeSec: 0.02, ioTimeSec: 0.002 },
  mixed: { cpuTimeSec: 0.01, ioTimeSec: 0.03 },
  io: { cpuTimeSec: 0.004, ioTimeSec: 0.08 },
};
const exp = { burstsPerRequest: 1, cpuTimeScv: 1, ioTimeScv: 1 };
const fixed = { burstsPerRequest: 1, cpuTimeScv: 0, ioTimeScv: 0 };
const bursty = { burstsPerRequest: 3, cpuTimeScv: 1, ioTimeScv: 1 };
const machine = { cores: 2, memoryBytes: GiB(16) };

interface Case {
  name: string;
  app: EvaluateDeploymentInput["app"];
  deployment: EvaluateDeploymentInput["deployment"];
  /** Share of the capacity offered as open load, or clients of a closed loop. */
  load: { share: number } | { clients: number; thinkTimeSec: number };
  meanWithin: number;
  p99Within: number;
}

const cases: Case[] = [
  {
    name: "prefork 2, CPU-bound, exponential, 80 %",
    app: { ...apps.cpu, ...exp },
    deployment: { kind: "prefork", processes: 2 },
    load: { share: 0.8 },
    meanWithin: 0.08,
    p99Within: 0.2,
  },
  {
    name: "threaded 8, mixed, fixed times, 80 %",
    app: { ...apps.mixed, ...fixed },
    deployment: { kind: "threaded", threads: 8 },
    load: { share: 0.8 },
    meanWithin: 0.15,
    p99Within: 0.3,
  },
  {
    name: "daemon 2×4, mixed, exponential, 50 %",
    app: { ...apps.mixed, ...exp },
    deployment: { kind: "daemon", processes: 2, threads: 4, hopTimeSec: 0 },
    load: { share: 0.5 },
    meanWithin: 0.08,
    p99Within: 0.2,
  },
  {
    name: "daemon 5×4 on 2 cores, mixed, 3 bursts, 80 %",
    app: { ...apps.mixed, ...bursty },
    deployment: { kind: "daemon", processes: 5, threads: 4, hopTimeSec: 0 },
    load: { share: 0.8 },
    meanWithin: 0.1,
    p99Within: 0.3,
  },
  {
    name: "async 2×50, CPU-bound, fixed times, 80 %",
    app: { ...apps.cpu, ...fixed },
    deployment: { kind: "async", processes: 2, concurrency: 50 },
    load: { share: 0.8 },
    meanWithin: 0.1,
    p99Within: 0.3,
  },
  {
    name: "async 2×50, I/O-bound, exponential, 80 %",
    app: { ...apps.io, ...exp },
    deployment: { kind: "async", processes: 2, concurrency: 50 },
    load: { share: 0.8 },
    meanWithin: 0.08,
    p99Within: 0.2,
  },
  {
    name: "free-threaded 2×4, CPU-bound, exponential, 80 %",
    app: { ...apps.cpu, ...exp, freeThreadedSlowdown: 0 },
    deployment: { kind: "daemon", processes: 2, threads: 4, gil: "free-threaded", hopTimeSec: 0 },
    load: { share: 0.8 },
    meanWithin: 0.1,
    p99Within: 0.3,
  },
  {
    name: "pinned 4×2 on 2 cores, mixed, exponential, 80 %",
    app: { ...apps.mixed, ...exp },
    deployment: { kind: "daemon", processes: 4, threads: 2, hopTimeSec: 0, dispatch: "pinned" },
    load: { share: 0.8 },
    meanWithin: 0.25,
    p99Within: 0.35,
  },
  {
    name: "closed 16 clients, daemon 2×4, I/O-bound, exponential",
    app: { ...apps.io, ...exp },
    deployment: { kind: "daemon", processes: 2, threads: 4, hopTimeSec: 0 },
    load: { clients: 16, thinkTimeSec: 0 },
    meanWithin: 0.05,
    p99Within: 0.2,
  },
  {
    name: "closed 16 clients thinking 0.1 s, prefork 5, mixed, fixed",
    app: { ...apps.mixed, ...fixed },
    deployment: { kind: "prefork", processes: 5 },
    load: { clients: 16, thinkTimeSec: 0.1 },
    meanWithin: 0.1,
    p99Within: 0.3,
  },
  {
    name: "closed 4 clients, threaded 8, CPU-bound, 3 bursts",
    app: { ...apps.cpu, ...bursty },
    deployment: { kind: "threaded", threads: 8 },
    load: { clients: 4, thinkTimeSec: 0 },
    meanWithin: 0.05,
    p99Within: 0.2,
  },
];

describe("evaluateDeployment agrees with simulateDeployment", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const app = { ...c.app, contextSwitchSec: 0 };
    const load =
      "share" in c.load
        ? {
            arrivalRatePerSec:
              c.load.share *
              evaluateDeployment({
                deployment: c.deployment,
                app,
                machine,
                load: { arrivalRatePerSec: 0 },
              }).capacityPerSec,
          }
        : c.load;
    const model = evaluateDeployment({ deployment: c.deployment, app, machine, load });
    const sim = simulateDeployment({
      deployment: c.deployment,
      app,
      machine,
      load,
      requests: 40_000,
      seed: 11,
    });
    expect(relErr(model.throughputPerSec, sim.throughputPerSec)).toBeLessThan(0.03);
    expect(relErr(model.meanResponseTimeSec, sim.meanResponseTimeSec.mean)).toBeLessThan(
      c.meanWithin,
    );
    expect(
      relErr(model.responseTimeQuantileSec(0.99), sim.responseTimeQuantileSec(0.99)),
    ).toBeLessThan(c.p99Within);
  });
});
