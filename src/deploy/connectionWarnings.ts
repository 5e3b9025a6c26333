import type { TierEvaluation } from "./stack.js";

/**
 * A warning for each planned tier that gets more connections from the app than it accepts
 * (`connections.fits` false): PostgreSQL refuses connections past `max_connections` less its
 * reserved ones, memcached past `-c`, whatever the load — so a plan with one is not run as it is.
 * @internal
 */
export function connectionWarnings(planned: readonly TierEvaluation[]): string[] {
  return planned.flatMap((t) => {
    const c = t.connections;
    if (c === undefined || c.fits) return [];
    const remedy =
      t.kind === "database"
        ? "give the app a pool per process (connectionPool: { per: process, size }) or pgbouncer, or raise maxConnections"
        : "raise maxConnections (memcached -c) or use fewer app threads";
    return [
      `the ${t.name} gets ${c.openedPerServer.toLocaleString("en-US")} connections per server from the app, over the ${c.limitPerServer.toLocaleString("en-US")} it accepts: ${remedy}.`,
    ];
  });
}
