import { describe, expect, it } from "vitest";
import { readDeployment, type DeploymentInput } from "../../src/deploy/deployment.js";
import { ModelInputError } from "../../src/errors.js";

// A deployment in the model's words: each kind has its own fields (issue 15).
describe("DeploymentInput", () => {
  it("makes a field its kind does not have a type error, and the model refuses it too", () => {
    // @ts-expect-error a prefork worker has one thread
    const prefork: DeploymentInput = { kind: "prefork", processes: 2, threads: 4 };
    // @ts-expect-error only an event loop has a concurrency
    const daemon: DeploymentInput = { kind: "daemon", processes: 2, concurrency: 10 };
    // @ts-expect-error only a daemon deployment has a hand-over from the front end
    const loop: DeploymentInput = { kind: "async", processes: 2, hopTimeSec: 0.001 };
    // @ts-expect-error a threaded deployment has one process
    const threaded: DeploymentInput = { kind: "threaded", processes: 2, threads: 8 };
    for (const d of [prefork, daemon, loop, threaded]) {
      expect(() => readDeployment("test", "deployment", d)).toThrow(ModelInputError);
    }
  });

  it("takes each kind's own fields, with their defaults filled in", () => {
    const inputs: DeploymentInput[] = [
      { kind: "threaded", threads: 8 },
      { kind: "prefork", processes: 4, threads: 1 },
      { kind: "daemon", processes: 2, threads: 4, hopTimeSec: 0 },
      { kind: "async", processes: 2, concurrency: 50 },
    ];
    const read = inputs.map((d) => readDeployment("test", "deployment", d));
    expect(read.map((d) => [d.kind, d.processes, d.threads, d.slots])).toEqual([
      ["threaded", 1, 8, 8],
      ["prefork", 4, 1, 1],
      ["daemon", 2, 4, 4],
      ["async", 2, 1, 50],
    ]);
  });
});
