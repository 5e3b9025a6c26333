import { describe, expect, it } from "vitest";
import { evaluateDeployment, GiB } from "../../src/index.js";
import { labRunQuestion } from "../../src/fit/labRunQuestion.js";

const run = {
  server: { kind: "gunicorn-gthread", processes: 2, threads: 4 },
  machine: { cores: 2, memoryBytes: GiB(24) },
  connections: 16,
};
const app = { cpuTimeSec: 0.01, ioTimeSec: 0.02, contextSwitchSec: 5e-6, cpuTimeScv: 0.5 };

describe("labRunQuestion", () => {
  it("asks about the run's server, machine and closed loop, without thread-switch costs", () => {
    expect(labRunQuestion(run, app)).toEqual({
      deployment: { kind: "daemon", processes: 2, threads: 4, hopTimeSec: 0, dispatch: "pinned" },
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.02, contextSwitchSec: 0, cpuTimeScv: 0.5 },
      machine: { cores: 2, memoryBytes: GiB(24) },
      load: { clients: 16, thinkTimeSec: 0 },
    });
  });

  it("takes another deployment, e.g. with the split of connections the run measured", () => {
    const deployment = {
      kind: "daemon" as const,
      processes: 2,
      threads: 4,
      dispatch: "pinned" as const,
      processWeights: [3, 1],
    };
    expect(labRunQuestion(run, app, deployment).deployment).toBe(deployment);
  });

  it("copies the profile instead of changing it", () => {
    const given = { ...app };
    labRunQuestion(run, given);
    expect(given).toEqual(app);
  });

  it("keeps only the machine's cores and memory: the rest of the record is not model input", () => {
    const recorded = { ...run, machine: { ...run.machine, cpu: "AMD EPYC", kernel: "6.18" } };
    const question = labRunQuestion(recorded, app);
    expect(question.machine).toEqual({ cores: 2, memoryBytes: GiB(24) });
    // …so evaluateDeployment, which rejects unknown fields, accepts it.
    expect(evaluateDeployment(question).throughputPerSec).toBeGreaterThan(0);
  });
});
