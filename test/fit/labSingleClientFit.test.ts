import { describe, expect, it } from "vitest";
import { fitAppProfile } from "../../src/index.js";
import { labSingleClientFit } from "../../src/fit/labSingleClientFit.js";

// A single-connection run of data set 2 (gunicorn-sync, 1 worker, workload cpu-bound), its
// fields as recorded; bursts changed to 2 to show that they are passed on.
const run = {
  requests: 505,
  meanLatencySec: 0.011733564762376232,
  latencyStdDevSec: 0.00016815381987219353,
  serverCpuSecPerRequest: 0.011,
  workerCpuSecPerRequest: 0.010772277227722773,
  workload: { bursts: 2 },
};

describe("labSingleClientFit", () => {
  it("takes the workers' CPU time, the latency and its spread, and the bursts", () => {
    expect(labSingleClientFit(run)).toEqual({
      singleClient: {
        meanLatencySec: 0.011733564762376232,
        requests: 505,
        workerCpuSecPerRequest: 0.010772277227722773,
        latencyStdDevSec: 0.00016815381987219353,
      },
      burstsPerRequest: 2,
    });
  });

  it("data set 1 (no worker CPU, no spread): the CPU of all server processes, no SCV", () => {
    const { workerCpuSecPerRequest: _w, latencyStdDevSec: _s, ...old } = run;
    const input = labSingleClientFit(old);
    expect(input.singleClient).toEqual({
      meanLatencySec: 0.011733564762376232,
      requests: 505,
      workerCpuSecPerRequest: 0.011,
    });
    expect("latencyStdDevSec" in input.singleClient).toBe(false);
    expect(fitAppProfile(input).app.cpuTimeScv).toBeUndefined();
  });

  it("gives fitAppProfile an input it accepts", () => {
    const fit = fitAppProfile(labSingleClientFit(run));
    expect(fit.app.cpuTimeSec).toBe(0.010772277227722773);
    expect(fit.app.burstsPerRequest).toBe(2);
  });
});
