// Everything the lab's real-application scripts have started and not yet stopped, so that a
// deadline, an error or a signal can stop it all, including what was caught half-started.

/** @type {Set<() => Promise<void>>} */
const live = new Set();

/**
 * Registers a stop as soon as there is something to stop. Returns it made idempotent: a second
 * call gets the first call's promise, and it leaves the registry only once it has finished, so
 * that stopEverything also waits for stops already under way.
 * @param {() => Promise<void>} stop
 * @returns {() => Promise<void>}
 */
export function track(stop) {
  /** @type {Promise<void> | undefined} */
  let stopping;
  const once = () => {
    stopping ??= stop().finally(() => live.delete(once));
    return stopping;
  };
  live.add(once);
  return once;
}

/**
 * Stops everything still running, the newest first, until nothing is left: what the interrupted
 * code starts meanwhile (the next server of a loop, say) is stopped too.
 */
export async function stopEverything() {
  while (live.size > 0) for (const stop of [...live].reverse()) await stop().catch(() => {});
}

/**
 * On Ctrl-C or SIGTERM, stops everything, runs `then` (removing a directory, say) and exits 1:
 * PostgreSQL daemonizes, so a lab script killed without this would leave its cluster running.
 * @param {() => void} [then]
 */
export function stopOnSignals(then = () => {}) {
  const handler = async () => {
    await stopEverything();
    then();
    process.exit(1);
  };
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
}
