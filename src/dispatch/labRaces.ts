import type { AcceptRace } from "./acceptRace.js";

// The accept race (acceptRace.ts) of each way of accepting connections the lab measured, fitted
// by maximum likelihood to the busiest worker's count of wrk's keep-alive connections in every run
// of both dispatch data sets (data/dispatch-2026-12-03.jsonl and -exp.jsonl: 2 cores, 2–8
// workers, 4–64 connections; printed by scripts/dispatch-report.mjs, docs/dispatch-accuracy.md).
//
// - gthread: one accept per pass of the worker's loop, the connection handed to a thread
//   (gunicorn/workers/gthread.py, accept): a short head start, then the urn.
// - gevent: gunicorn sets the StreamServer's max_accept to 1 with more than one worker
//   (gunicorn/workers/ggevent.py) and the new greenlet runs before the next accept: a head start,
//   a nearly even urn and a little balance.
// - asyncio (uvicorn, gunicorn's UvicornWorker): every waiting connection per wake-up
//   (asyncio/selector_events.py, _accept_connection): in three bursts out of ten the first worker
//   awake takes them all.
// - behind nginx with `keepalive 32`: nginx opens its upstream connections as its own concurrency
//   grows, not in one burst. The lab measured the same race as on gthread's own socket (no fix),
//   a balanced deal for gevent and no take-all for asyncio.

/** The accept race per way of accepting, on the server's own socket. */
export const LAB_RACE = {
  gthread: { takeAllProbability: 0, headStartConnections: 1, affinity: 3, balance: 0 },
  gevent: { takeAllProbability: 0, headStartConnections: 2, affinity: 6, balance: 0.1 },
  asyncio: { takeAllProbability: 0.3, headStartConnections: 5, affinity: 1.5, balance: 0 },
} as const satisfies Record<string, AcceptRace>;

/** The accept race per way of accepting behind nginx with upstream keep-alive (`keepalive 32`). */
export const LAB_RACE_BEHIND_NGINX_KEEPALIVE = {
  gthread: { takeAllProbability: 0, headStartConnections: 1, affinity: 3, balance: 0 },
  gevent: { takeAllProbability: 0, headStartConnections: 5, affinity: Infinity, balance: 0.4 },
  asyncio: { takeAllProbability: 0, headStartConnections: 0.5, affinity: 1.5, balance: 0 },
} as const satisfies Record<string, AcceptRace>;

/** Whether two races are the same. */
export function sameRace(x: AcceptRace, y: AcceptRace): boolean {
  return (
    x.takeAllProbability === y.takeAllProbability &&
    x.headStartConnections === y.headStartConnections &&
    x.affinity === y.affinity &&
    x.balance === y.balance
  );
}

/**
 * The lab's race behind nginx with `keepalive 32` for a server whose own socket's race is `race`,
 * where the lab measured a different one; else undefined (a race set by hand, one already behind
 * nginx, or gthread's, which nginx did not change in the lab).
 */
export function behindNginxKeepalive(race: AcceptRace): AcceptRace | undefined {
  for (const way of ["gevent", "asyncio"] as const) {
    if (sameRace(race, LAB_RACE[way])) return LAB_RACE_BEHIND_NGINX_KEEPALIVE[way];
  }
  return undefined;
}
