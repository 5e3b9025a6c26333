// The Pólya urn's weight of the idle workers (A, `connectionAffinity`) for each way of accepting
// connections the lab measured: fitted by maximum likelihood to every run's split of wrk's
// keep-alive connections (data/dispatch-2026-12-03.jsonl, 2 cores, 2–8 workers, 4–64
// connections; printed by scripts/dispatch-report.mjs, docs/dispatch-accuracy.md).
//
// - gthread: the main thread accepts one connection per pass of its event loop and shares the
//   GIL with the request threads (gunicorn/workers/gthread.py).
// - gevent: gunicorn sets the StreamServer's max_accept to 1 when it runs more than one worker
//   (gunicorn/workers/ggevent.py).
// - asyncio (uvicorn, gunicorn's UvicornWorker): the loop accepts up to `backlog` waiting
//   connections each time the socket is readable (asyncio/selector_events.py,
//   _accept_connection), so the first worker awake drains the queue.
// - behind nginx with `keepalive 32`: nginx opens its upstream connections one by one as its
//   concurrency grows, so fewer arrive at once.

/** A per way of accepting, from the server's own socket. */
export const LAB_AFFINITY = {
  gthread: 2.4,
  gevent: 18,
  asyncio: 0.33,
} as const;

/** A per way of accepting behind nginx with upstream keep-alive (`keepalive 32`). */
export const LAB_AFFINITY_BEHIND_NGINX_KEEPALIVE = {
  gthread: 6.7,
  gevent: 42,
  asyncio: 2.4,
} as const;

/**
 * The lab's affinity behind nginx with `keepalive 32` for a server that accepts with `affinity`
 * on its own socket (an event loop's, `eventLoop`, or a thread pool's): gthread 2.4 → 6.7, gevent
 * 18 → 42, asyncio 0.33 → 2.4. Undefined for an affinity the lab did not measure on a server's own
 * socket (set by hand, or already behind nginx).
 */
export function behindNginxKeepalive(affinity: number, eventLoop: boolean): number | undefined {
  if (!eventLoop) {
    return affinity === LAB_AFFINITY.gthread
      ? LAB_AFFINITY_BEHIND_NGINX_KEEPALIVE.gthread
      : undefined;
  }
  if (affinity === LAB_AFFINITY.gevent) return LAB_AFFINITY_BEHIND_NGINX_KEEPALIVE.gevent;
  if (affinity === LAB_AFFINITY.asyncio) return LAB_AFFINITY_BEHIND_NGINX_KEEPALIVE.asyncio;
  return undefined;
}
