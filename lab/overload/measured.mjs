// What the overload lab measured in one run (lab/overload/run.mjs's record), counted the way
// simulateOverload counts its own runs: attempts by the time they were sent, in the window from
// the run's warm-up to the end of its phases.

/** The run's phases' end, seconds. @param {{ phases: { durationSec: number }[] }} run */
export const endOf = (run) => run.phases.reduce((t, p) => t + p.durationSec, 0);

/**
 * The window's attempts by outcome, the failed share (refused, shed, timed out or closed
 * without a response) and the goodput (attempts answered 200 within the client's timeout, per
 * second of the window).
 * @param {any} run
 */
export function measuredCounts(run) {
  const end = endOf(run);
  /** @type {any[]} */
  const window = run.attempts.filter(
    (/** @type {any} */ a) => a.sentSec >= run.warmUpSec && a.sentSec < end,
  );
  const count = (/** @type {string} */ o) => window.filter((a) => a.outcome === o).length;
  const ok = count("ok");
  return {
    attempts: window.length,
    served: ok,
    refused: count("refused"),
    shed: count("shed"),
    timedOut: count("timeout") + count("closed"),
    failedShare: window.length ? 1 - ok / window.length : 0,
    goodputPerSec: ok / (end - run.warmUpSec),
  };
}

/**
 * The time-average number of requests waiting for a worker in each second of the run, from the
 * client's records: a served attempt is in the server from its connect to its response, and
 * waits while more than `servers` are in. (Attempts the client gave up on leave no trace of when
 * the server finished them; use it on runs without client timeouts.)
 * @param {any} run
 * @param {number} servers
 * @returns {number[]}
 */
export function measuredWaiting(run, servers) {
  const end = Math.ceil(endOf(run) + 30);
  /** @type {[number, number][]} */
  const steps = [];
  for (const a of run.attempts) {
    if (a.outcome !== "ok") continue;
    steps.push([a.connectSec, 1], [a.doneSec, -1]);
  }
  steps.sort((x, y) => x[0] - y[0]);
  const waiting = new Array(end).fill(0);
  let inSystem = 0;
  let last = 0;
  for (const [t, delta] of [...steps, /** @type {[number, number]} */ ([end, 0])]) {
    // Spread the level over the seconds from `last` to `t`.
    for (let s = Math.floor(last); s < Math.min(end, Math.ceil(t)); s++) {
      const dt = Math.min(t, s + 1) - Math.max(last, s);
      if (dt > 0) waiting[s] += Math.max(0, inSystem - servers) * dt;
    }
    inSystem += delta;
    last = t;
  }
  return waiting;
}
