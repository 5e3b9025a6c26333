import { GRANIAN } from "./granian.js";
import { GUNICORN } from "./gunicorn.js";
import { MOD_WSGI } from "./modWsgi.js";
import type { ServerName, ServerSpec } from "./serverSpec.js";
import { UVICORN } from "./uvicorn.js";
import { UWSGI } from "./uwsgi.js";
import { WAITRESS } from "./waitress.js";

/**
 * The servers pywebperf knows, in the order it looks for one that runs a model deployment as it
 * is (see {@link serverCommand}).
 */
export const SERVERS: Readonly<Record<ServerName, ServerSpec>> = {
  gunicorn: GUNICORN,
  uvicorn: UVICORN,
  mod_wsgi: MOD_WSGI,
  uwsgi: UWSGI,
  waitress: WAITRESS,
  granian: GRANIAN,
};

/** The servers' names, in {@link SERVERS}' order. */
export const SERVER_NAMES = Object.keys(SERVERS) as ServerName[];
