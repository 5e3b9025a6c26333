import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  GiB,
  ModelInputError,
  overloadAdvice,
  type EvaluateDeploymentInput,
  type OverloadAdviceOptions,
} from "../../src/index.js";
import { thrown } from "../helpers.js";

// overloadAdvice tries the server's own settings under 2× and 5× spikes. Four gunicorn sync
// workers of 100 ms (40 req/s) at 30 req/s, clients that give up after 5 s.
const question = (overload: object = { clientTimeoutSec: 5 }): EvaluateDeploymentInput => ({
  deployment: { server: "gunicorn", workers: 4 },
  app: { cpuTimeSec: 0.1, ioTimeSec: 0 },
  machine: { cores: 4, memoryBytes: GiB(8) },
  load: { arrivalRatePerSec: 30 },
  overload,
});

describe("overloadAdvice", () => {
  it("prefers a backlog that drains within the clients' timeout", () => {
    const advice = overloadAdvice(question());
    expect(advice.current.flags).toBe("--backlog 2048 --timeout 30");
    const s = 0.1;
    for (const option of advice.options) {
      // A full backlog of B + 1 behind 4 workers takes (4 + B + 1)·S/4 to drain: under the 5 s
      // timeout every admitted request is answered in time, over it the late ones cut goodput.
      const drainSec = ((4 + option.settings.backlog! + 1) * s) / 4;
      if (drainSec + s < 5) expect(option.worstGoodputShare).toBeGreaterThan(0.99);
      else expect(option.worstGoodputShare).toBeLessThan(0.5);
    }
    expect(advice.options[0]!.settings.backlog).toBeLessThanOrEqual(64);
    expect(advice.words[0]).toContain(`gunicorn ${advice.options[0]!.flags}:`);
  });

  it("states the spike's figures as evaluateDeployment gives them", () => {
    const advice = overloadAdvice(question(), { spikes: [3], durationSec: 60 });
    const e = evaluateDeployment({
      ...question({ clientTimeoutSec: 5, spike: { factor: 3, durationSec: 60 } }),
      deployment: { server: "gunicorn", workers: 4, backlog: 64, timeout: 30 },
    });
    const option = advice.options.find((o) => o.flags === "--backlog 64 --timeout 30")!;
    expect(option.spikes[0]).toEqual(e.overload!.spike);
    const refused = Math.round(100 * e.overload!.spike!.refusedShare);
    expect(option.words).toContain(`${refused} % refused`);
    expect(option.words).toContain("a 3× 60 s spike (90 req/s)");
  });

  it("without a client timeout the large backlog loses nothing and is kept", () => {
    const advice = overloadAdvice(question({}));
    expect(advice.options[0]!.current).toBe(true);
    expect(advice.words[0]).toMatch(/^Best as it is — gunicorn --backlog 2048/);
  });

  it("says what retries cost and which spikes tip the deployment over", () => {
    const advice = overloadAdvice(question({ clientTimeoutSec: 5, maxRetries: 3 }));
    const r = advice.retries!;
    expect(r.metastable).toBe(true);
    expect(r.goodputLostPerSec).toBeCloseTo(30, 6); // the bad point serves nothing in time
    const e = evaluateDeployment(
      question({ clientTimeoutSec: 5, maxRetries: 3, spike: { factor: 5, durationSec: 30 } }),
    );
    expect(r.tipAfterSec[1]).toBe(e.overload!.retries!.tipAfterSec);
    expect(advice.words.at(-1)).toContain("metastable");
  });

  it("tries uvicorn's --limit-concurrency, none included", () => {
    const advice = overloadAdvice({ ...question(), deployment: { server: "uvicorn", workers: 4 } });
    // One request at a time per worker here: L = k + 1 serves k (uvicorn counts the asker).
    expect(advice.options.map((o) => o.settings.limitConcurrency).sort((a, b) => a! - b!)).toEqual([
      0, 2, 3, 5, 17,
    ]);
  });

  it.each([
    ["options.spikes[0]", question(), { spikes: [0.5] }],
    ["options.spikes", question(), { spikes: [] }],
    ["options.spkes", question(), { spkes: [2] }],
    ["options.durationSec", question(), { durationSec: 0 }],
    ["overload.spike", question({ spike: { factor: 2, durationSec: 1 } }), {}],
    ["load.arrivalRatePerSec", { ...question(), load: { clients: 4 } }, {}],
  ])("names %s", (field, q, options) => {
    expect(
      thrown(ModelInputError, () =>
        overloadAdvice(q as EvaluateDeploymentInput, options as OverloadAdviceOptions),
      ).field,
    ).toBe(field);
  });
});
