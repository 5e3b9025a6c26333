import { describe, expect, it } from "vitest";
import {
  dispatchAdvice,
  evaluateDeployment,
  GiB,
  ModelInputError,
  type EvaluateDeploymentInput,
} from "../../src/index.js";
import {
  behindNginxKeepalive,
  LAB_RACE,
  LAB_RACE_BEHIND_NGINX_KEEPALIVE,
} from "../../src/dispatch/labRaces.js";
import { thrown } from "../helpers.js";

// dispatchAdvice: what the uneven split costs against an even one, and the fix the lab measured
// (nginx with upstream keep-alive in front), each figure an evaluateDeployment spread.
const app = { cpuTimeSec: 0.005, ioTimeSec: 0.015 };
const machine = { cores: 2, memoryBytes: GiB(8) };
const clients16 = { clients: 16, thinkTimeSec: 0 };
const ask = (deployment: object, load: object = clients16): EvaluateDeploymentInput => ({
  deployment: deployment as never,
  app,
  machine,
  load: load as never,
});

describe("dispatchAdvice", () => {
  it("maps each measured way of accepting to its race behind nginx, and nothing else", () => {
    // The two columns of the lab's table (docs/servers.md): nginx changed gevent's and asyncio's
    // race, not gthread's.
    expect(behindNginxKeepalive(LAB_RACE.gevent)).toBe(LAB_RACE_BEHIND_NGINX_KEEPALIVE.gevent);
    expect(behindNginxKeepalive(LAB_RACE.asyncio)).toBe(LAB_RACE_BEHIND_NGINX_KEEPALIVE.asyncio);
    expect(behindNginxKeepalive(LAB_RACE.gthread)).toBeUndefined();
    expect(behindNginxKeepalive(LAB_RACE_BEHIND_NGINX_KEEPALIVE.asyncio)).toBeUndefined();
    expect(behindNginxKeepalive({ ...LAB_RACE.gevent, balance: 0.5 })).toBeUndefined();
  });

  it("gives evaluateDeployment's spread as it is and with the lab's race behind nginx", () => {
    const servers = [
      [{ server: "uvicorn", workers: 2 }, LAB_RACE_BEHIND_NGINX_KEEPALIVE.asyncio],
      [
        { server: "gunicorn", workerClass: "gevent", workers: 2 },
        LAB_RACE_BEHIND_NGINX_KEEPALIVE.gevent,
      ],
    ] as const;
    for (const [deployment, nginx] of servers) {
      const question = ask(deployment, { arrivalRatePerSec: 150, connections: 16 });
      const advice = dispatchAdvice(question)!;
      const e = evaluateDeployment(question);
      expect(advice.spread).toEqual(e.spread);
      expect(advice.even).toEqual({
        throughputPerSec: e.throughputPerSec,
        p99ResponseTimeSec: e.responseTimeQuantileSec(0.99),
      });
      expect(advice.fixes).toHaveLength(1);
      const fix = advice.fixes[0]!;
      expect(fix.fix).toBe("nginx-keepalive");
      expect(fix.acceptRace).toBe(nginx);
      const { affinity, ...acceptRace } = nginx;
      expect(fix.spread).toEqual(
        evaluateDeployment(
          ask({ ...deployment, connectionAffinity: affinity, acceptRace }, question.load),
        ).spread,
      );
      // What matters is read off the figures: the worst tenth 10 % off the even split.
      const s = advice.spread;
      expect(advice.matters).toBe(
        s.throughputPerSec.p10 < 0.9 * e.throughputPerSec ||
          s.p99ResponseTimeSec.p90 > 1.1 * e.responseTimeQuantileSec(0.99),
      );
    }
  });

  it("finds the cost of 16 clients on 2 uvicorn workers and the gain behind nginx", () => {
    // All 16 on one worker is one GIL's throughput: 1 ÷ 5 ms = 200 req/s (an even split does
    // nearly twice that); uvicorn deals them so in most splits (16:0 in 4 of the lab's 6 runs),
    // nginx in fewer (1 of 6), so that the median gains and the worst tenth does not.
    const advice = dispatchAdvice(ask({ server: "uvicorn", workers: 2 }))!;
    expect(advice.matters).toBe(true);
    expect(advice.spread.likelySplit).toEqual([16, 0]);
    expect(advice.spread.throughputPerSec.p10).toBeCloseTo(200, 3);
    expect(advice.spread.throughputPerSec.p50).toBeCloseTo(200, 3);
    expect(advice.even.throughputPerSec).toBeGreaterThan(1.9 * 200);
    const nginx = advice.fixes[0]!.spread;
    expect(nginx.throughputPerSec.p50).toBeGreaterThan(advice.spread.throughputPerSec.p50 * 1.2);
    expect(nginx.largestShare.p50).toBeLessThan(advice.spread.largestShare.p50);
  });

  it("says the split does not matter at a light load", () => {
    // 16 clients thinking 1 s between requests: 16 req/s, far below any worker's 200.
    const advice = dispatchAdvice(
      ask({ server: "uvicorn", workers: 2 }, { clients: 16, thinkTimeSec: 1 }),
    )!;
    expect(advice.matters).toBe(false);
    expect(advice.spread.throughputPerSec.p10).toBeGreaterThan(0.9 * advice.even.throughputPerSec);
  });

  it("offers no fix for gthread, a race the lab did not measure, nor behind nginx already", () => {
    const gthread = { server: "gunicorn", workerClass: "gthread", workers: 2, threads: 8 };
    expect(dispatchAdvice(ask(gthread))!.fixes).toEqual([]);
    // The model's words: pinned daemon threads take gthread's race by default.
    expect(
      dispatchAdvice(ask({ kind: "daemon", processes: 3, threads: 4, dispatch: "pinned" }))!.fixes,
    ).toEqual([]);
    const uvicorn = { server: "uvicorn", workers: 2 };
    expect(dispatchAdvice(ask({ ...uvicorn, connectionAffinity: 5 }))!.fixes).toEqual([]);
    const { affinity, ...acceptRace } = LAB_RACE_BEHIND_NGINX_KEEPALIVE.asyncio;
    expect(
      dispatchAdvice(ask({ ...uvicorn, connectionAffinity: affinity, acceptRace }))!.fixes,
    ).toEqual([]);
  });

  it("is undefined without a spread, and names the field of a bad input", () => {
    expect(dispatchAdvice(ask({ server: "uvicorn", workers: 1 }))).toBeUndefined();
    expect(
      dispatchAdvice(ask({ server: "uvicorn", workers: 2 }, { arrivalRatePerSec: 50 })),
    ).toBeUndefined();
    expect(dispatchAdvice(ask({ kind: "prefork", processes: 4 }))).toBeUndefined();
    const e = thrown(ModelInputError, () =>
      dispatchAdvice(ask({ server: "uvicorn", workers: 2 }, { clients: 0, thinkTimeSec: 0 })),
    );
    expect([e.model, e.field, e.value]).toEqual(["dispatchAdvice", "load.clients", 0]);
    const bad = thrown(ModelInputError, () =>
      dispatchAdvice(ask({ server: "uvicorn", workers: 2, connectionAffinity: -1 })),
    );
    expect(bad.field).toBe("deployment.connectionAffinity");
  });
});
