// The models' answer for each overload lab run (issue 20, part 3), from the run's settings and a
// holding time calibrated on a light run — never from the loaded run itself:
// - simulateOverload, the library's simulator of a station with a backlog, a concurrency limit,
//   client timeouts and retries, averaged over SEEDS seeds of the same phases;
// - the exact steady state where one exists (M/M/c/K for a full backlog, Erlang's loss formula for
//   uvicorn's limit) and the fluid model of a spike (spikeTransient) for the recovery time.
import {
  erlangB,
  keepAliveLimit,
  listenBacklog,
  mmc,
  mmck,
  recoverySec,
  simulateKeepAlive,
  simulateOverload,
  spikeTransient,
} from "../../dist/index.js";
import { killedByWorkerTimeout } from "../../dist/deploy/overload/overloadStation.js";
import { endOf } from "./measured.mjs";

const SEEDS = 20;

/** The mean of the seeds' answers. @param {number[]} xs */
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * How each server holds requests, in the simulator's terms.
 * - gunicorn sync: a worker accepts a connection only when free, so the `workers` serve and the
 *   kernel's accept queue waits: it holds backlog + 1 (listenBacklog's `waitingPlaces`).
 * - gunicorn gthread: each worker accepts up to `--worker-connections` (1000) connections and
 *   queues them for its threads, so the listen backlog is reached only past workers × 1000.
 * - uvicorn 0.17: a request is answered 503 when the worker's open connections, its own
 *   included, number `--limit-concurrency` or more (uvicorn/protocols/http/h11_impl.py), so at
 *   most limit − 1 are served at once and none waits.
 * - gunicorn's `--timeout` kills a sync worker's request when the arbiter next looks, at least
 *   once a second (its `sleep` waits 1 s at most): 0–1 s after the timeout.
 * @param {any} server
 * @returns {{ servers: number; backlog?: number; concurrencyLimit?: number; workerTimeoutSec?: number; workerTimeoutCheckSec?: number }}
 */
export function station(server) {
  const name = server.kind === "uvicorn" ? "uvicorn" : "gunicorn";
  const accepted = listenBacklog({ server: name, backlog: server.backlog }).waitingPlaces;
  if (server.kind === "gunicorn-sync") {
    return {
      servers: server.workers,
      backlog: accepted,
      ...(server.timeout ? { workerTimeoutSec: server.timeout, workerTimeoutCheckSec: 1 } : {}),
    };
  }
  if (server.kind === "gunicorn-gthread") {
    return { servers: server.workers * server.threads, backlog: server.workers * 1000 + accepted };
  }
  if (server.kind === "uvicorn") {
    const served = server.workers * (server.limitConcurrency - 1);
    return { servers: served, concurrencyLimit: served };
  }
  throw new Error(`server.kind: no station for ${server.kind}`);
}

/**
 * The time a request holds its worker (or uvicorn's slot), from a light run: the application's
 * mean time per request, `ioSec` (the mean of its exponential waits, as a long access log would
 * give it — not the light run's own 80 draws, whose mean is ±11 % from it), plus the overhead per
 * request the client sees beyond the application's own time (X-Wall), less the M/M/c wait the
 * light load itself causes (solved by fixed point). The overhead is its mean: Erlang's loss
 * formula and Little's law depend on the mean holding time. `"median"` takes its median instead,
 * leaving out the requests this busy 2-core machine delays by tens of milliseconds (the report
 * shows how much that choice moves the answers).
 * @param {any} light a run record at low load
 * @param {"mean" | "median"} [rule]
 */
export function holdingTimeSec(light, rule = "mean") {
  const ok = light.attempts.filter((/** @type {any} */ a) => a.outcome === "ok");
  const overheads = ok.map((/** @type {any} */ a) => a.doneSec - a.sentSec - a.wallSec);
  const overhead =
    rule === "median"
      ? median(overheads)
      : overheads.reduce((/** @type {number} */ t, /** @type {number} */ x) => t + x, 0) /
        ok.length;
  const response = light.ioSec + overhead;
  if (rule === "median") return response;
  const rate = light.attempts.length / endOf(light);
  const { servers } = station(light.server);
  let s = response;
  for (let i = 0; i < 50; i++) {
    const q = mmc({ arrivalRatePerSec: rate, serviceTimeSec: s, servers });
    s = response - (q.meanResponseTimeSec - s);
  }
  return s;
}

/**
 * The holding time of a run from its repetition's light run: the light run's, with the light
 * run's mean application wait replaced by the run's own (`ioSec`) where they differ.
 * @param {any} run
 * @param {any} light
 * @param {"mean" | "median"} [rule]
 */
export function holdingFor(run, light, rule = "mean") {
  const s = holdingTimeSec(light, rule);
  return run.ioSec === light.ioSec ? s : s - light.ioSec + run.ioSec;
}

/** The simulator's input for a run. @param {any} run @param {number} holdingSec */
export function simulationInput(run, holdingSec) {
  const c = run.client;
  return {
    phases: run.phases,
    serviceTimeSec: holdingSec,
    ...station(run.server),
    ...(c.clientTimeoutSec < 30 ? { clientTimeoutSec: c.clientTimeoutSec } : {}),
    maxRetries: c.maxRetries,
    ...(c.maxRetries > 0
      ? { retryDelaySec: c.retryDelaySec, backoffMultiplier: c.backoffMultiplier }
      : {}),
    warmUpSec: run.warmUpSec,
    binSec: 1,
  };
}

/** The spike phase of a run (the fastest phase between slower ones), if any. @param {any} run */
export function spikeOf(run) {
  const p = run.phases;
  if (p.length !== 3 || p[1].arrivalRatePerSec <= p[0].arrivalRatePerSec) return undefined;
  return {
    startSec: p[0].durationSec,
    endSec: p[0].durationSec + p[1].durationSec,
    factor: p[1].arrivalRatePerSec / p[0].arrivalRatePerSec,
    baseRatePerSec: p[0].arrivalRatePerSec,
    durationSec: p[1].durationSec,
  };
}

/**
 * The models' answer for a run: the simulator's mean over the seeds (failed share, goodput,
 * recovery time after a spike, and for a spike the mean number waiting in each second), each
 * seed's failed share and goodput, and the exact or fluid answer where one applies.
 * @param {any} run
 * @param {number} holdingSec
 * @param {number} [seeds] how many simulations (seeds 1, 2, …); 20 by default
 */
export function predicted(run, holdingSec, seeds = SEEDS) {
  if (run.keepAlive) return predictedKeepAlive(run, holdingSec, seeds);
  const input = simulationInput(run, holdingSec);
  const spike = spikeOf(run);
  const sims = Array.from({ length: seeds }, (_, i) => simulateOverload({ ...input, seed: i + 1 }));
  const recoveries =
    spike && input.clientTimeoutSec === undefined
      ? sims.map((s) => recoverySec(s.series.meanWaiting, spike.endSec, input.servers / 2))
      : [];
  /** @type {Record<string, number>} */
  const exact = {};
  const steady = run.phases.length === 1 && input.clientTimeoutSec === undefined;
  const rate = run.phases[0].arrivalRatePerSec;
  if (steady && run.server.kind === "gunicorn-sync") {
    // The worker timeout kills the share `killed` of the served and cuts their hold there.
    const killed = killedByWorkerTimeout(
      input.workerTimeoutSec ?? Infinity,
      holdingSec,
      input.workerTimeoutCheckSec ?? 0,
    );
    const refused = mmck({
      arrivalRatePerSec: rate,
      serviceTimeSec: holdingSec * (1 - killed),
      servers: input.servers,
      capacity: input.servers + (input.backlog ?? 0),
    }).blockingProbability;
    exact.failedShare = refused + (1 - refused) * killed;
  }
  if (steady && run.server.kind === "uvicorn") {
    exact.failedShare = erlangB(input.servers, rate * holdingSec);
  }
  if (spike && input.clientTimeoutSec === undefined) {
    exact.recoverySec = spikeTransient({
      arrivalRatePerSec: spike.baseRatePerSec,
      spikeFactor: spike.factor,
      spikeDurationSec: spike.durationSec,
      serviceTimeSec: holdingSec,
      servers: input.servers,
      backlog: input.backlog ?? 0,
    }).recoverySec;
  }
  return {
    holdingSec,
    failedShare: mean(sims.map((s) => s.failedShare.mean)),
    failedShareRange: range(sims.map((s) => s.failedShare.mean)),
    goodputPerSec: mean(sims.map((s) => s.goodputPerSec.mean)),
    goodputRange: range(sims.map((s) => s.goodputPerSec.mean)),
    recoverySec: recoveries.length ? median(recoveries) : undefined,
    recoveredSeeds: recoveries.filter(Number.isFinite).length,
    bySeed: {
      failedShare: sims.map((s) => s.failedShare.mean),
      goodputPerSec: sims.map((s) => s.goodputPerSec.mean),
    },
    ...(spike
      ? {
          meanWaiting: (sims[0]?.series.meanWaiting ?? []).map((_, t) =>
            mean(sims.map((s) => s.series.meanWaiting[t] ?? 0)),
          ),
        }
      : {}),
    exact,
  };
}

/**
 * The answer for a run of keep-alive clients (keepalive.py) against uvicorn's limit: the mean of
 * simulateKeepAlive over the seeds for the run's length, and keepAliveLimit's chain as `exact`.
 * @param {any} run
 * @param {number} holdingSec
 * @param {number} seeds
 */
function predictedKeepAlive(run, holdingSec, seeds) {
  const question = {
    clients: run.keepAlive.clients,
    thinkTimeSec: run.keepAlive.thinkTimeSec,
    serviceTimeSec: holdingSec,
    workers: run.server.workers,
    limitConcurrency: run.server.limitConcurrency,
    keepAliveTimeoutSec: run.server.timeoutKeepAlive,
  };
  const sims = Array.from({ length: seeds }, (_, i) =>
    simulateKeepAlive({
      ...question,
      durationSec: endOf(run),
      warmUpSec: run.warmUpSec,
      seed: i + 1,
    }),
  );
  const failed = sims.map((s) => s.refusedShare.mean);
  const goodput = sims.map((s) => s.goodputPerSec.mean);
  return {
    holdingSec,
    failedShare: mean(failed),
    failedShareRange: range(failed),
    goodputPerSec: mean(goodput),
    goodputRange: range(goodput),
    recoverySec: undefined,
    recoveredSeeds: 0,
    bySeed: { failedShare: failed, goodputPerSec: goodput },
    exact: { failedShare: keepAliveLimit(question).refusedShare },
  };
}

/** The median (of the seeds' recovery times, some of which may be infinite). @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const at = (/** @type {number} */ i) => /** @type {number} */ (s[i]);
  return s.length % 2 ? at(m) : (at(m - 1) + at(m)) / 2;
}

/** The 10th and 90th percentiles of the seeds' answers (R's type 7). @param {number[]} xs */
function range(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const value = (/** @type {number} */ i) => /** @type {number} */ (s[Math.min(i, s.length - 1)]);
  const at = (/** @type {number} */ p) => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return value(lo) + (h - lo) * (value(lo + 1) - value(lo));
  };
  return [at(0.1), at(0.9)];
}
