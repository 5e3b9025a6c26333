import { ModelInputError } from "../../errors.js";
import { assertInteger, assertObject } from "../../validate.js";
import { SERVER_NAMES } from "./serverTable.js";
import type { ServerName } from "./serverSpec.js";

/**
 * Each server's default listen backlog, the `backlog` it passes to `listen()`: gunicorn
 * `--backlog` 2048 (its "Settings" page), uvicorn `--backlog` 2048 (`uvicorn/config.py`),
 * granian `--backlog` 1024, waitress `backlog` 1024 (`waitress/adjustments.py`), uWSGI
 * `--listen` 100, mod_wsgi's `WSGIDaemonProcess listen-backlog` 100.
 */
export const DEFAULT_LISTEN_BACKLOG: Readonly<Record<ServerName, number>> = {
  gunicorn: 2048,
  uvicorn: 2048,
  granian: 1024,
  waitress: 1024,
  uwsgi: 100,
  mod_wsgi: 100,
};

/** Linux's default `net.core.somaxconn` since 5.4 (128 before). */
export const DEFAULT_SOMAXCONN = 4096;

/** Input of {@link listenBacklog}. */
export interface ListenBacklogInput {
  /** The server, for its default backlog. */
  server: ServerName;
  /**
   * The backlog the server is given (gunicorn and uvicorn `--backlog`, uWSGI `--listen`,
   * mod_wsgi `listen-backlog`); an integer >= 0. @defaultValue the server's, see
   * {@link DEFAULT_LISTEN_BACKLOG}
   */
  backlog?: number;
  /**
   * The kernel's cap, `net.core.somaxconn`; an integer >= 0 (128 on Linux before 5.4).
   * @defaultValue 4096
   */
  somaxconn?: number;
}

/** Result of {@link listenBacklog}. */
export interface ListenBacklog {
  /** The backlog the server asks `listen()` for. */
  requested: number;
  /** The kernel's cap it meets. */
  somaxconn: number;
  /** True when `somaxconn` cuts the request down. */
  cappedByKernel: boolean;
  /**
   * Connections the accept queue holds while every worker is busy: min(requested, somaxconn)
   * + 1, since Linux refuses only once the queue holds more than its limit — the `backlog`
   * of {@link finiteBacklog} and {@link simulateOverload}.
   */
  waitingPlaces: number;
}

/**
 * The listen backlog a server really gets: Linux caps the `backlog` of `listen()` at
 * `net.core.somaxconn` (4096 since Linux 5.4, 128 before), and the accept queue takes one
 * connection past its limit before the kernel drops new ones (uWSGI logs a full queue of 100
 * as "101/100"). A dropped connection is not answered: with the default
 * `tcp_abort_on_overflow = 0` the client's SYN is ignored and resent after 1 s, 2 s, 4 s…
 * (a retry with back-off, as {@link retryFixedPoints} and {@link simulateOverload} model).
 *
 * @param input - The server, its backlog setting and the kernel's cap.
 * @returns The requested backlog, the cap, and the waiting places of the queueing models.
 * @throws {@link ModelInputError} for an unknown server or a negative or fractional backlog.
 * @see Linux commit 19f92a030ca6 ("net: increase SOMAXCONN to 4096", 2019) and
 *   Documentation/networking/ip-sysctl.rst (`somaxconn`, `tcp_abort_on_overflow`); gunicorn,
 *   Settings, `backlog`; uWSGI, "Things to know" (`--listen` and somaxconn).
 * @example
 * ```ts
 * listenBacklog({ server: "gunicorn" }).waitingPlaces; // => 2049
 * listenBacklog({ server: "gunicorn", somaxconn: 128 }).waitingPlaces; // => 129
 * listenBacklog({ server: "uwsgi" }).waitingPlaces; // => 101
 * ```
 */
export function listenBacklog(input: ListenBacklogInput): ListenBacklog {
  const model = "listenBacklog";
  const o = assertObject(model, input, "input", ["server", "backlog", "somaxconn"]);
  if (!SERVER_NAMES.includes(o.server as ServerName)) {
    throw new ModelInputError(model, "server", o.server, `one of ${SERVER_NAMES.join(", ")}`);
  }
  const server = o.server as ServerName;
  const requested =
    o.backlog === undefined
      ? DEFAULT_LISTEN_BACKLOG[server]
      : assertInteger(model, "backlog", o.backlog, 0, 2 ** 31 - 1);
  const somaxconn =
    o.somaxconn === undefined
      ? DEFAULT_SOMAXCONN
      : assertInteger(model, "somaxconn", o.somaxconn, 0, 2 ** 31 - 1);
  return {
    requested,
    somaxconn,
    cappedByKernel: somaxconn < requested,
    waitingPlaces: Math.min(requested, somaxconn) + 1,
  };
}
