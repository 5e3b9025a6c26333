/** One request of an access log. */
export interface AccessLogEntry {
  /** When the request was logged (its end, for Apache and nginx), seconds since the Unix epoch. */
  timeSec: number;
  /** The server's response time for it, seconds. */
  responseTimeSec: number;
  status: number;
  /** The request's method (`GET`), when the log has it. */
  method?: string;
  /** The request's path without its query string (`/items`), when the log has it. */
  path?: string;
}

/**
 * The named access-log layouts: a `[timestamp]`, the quoted request line, the status, and the
 * response time as the line's last field, in the unit the name says — Apache's `%D` (µs) or `%T`
 * (s), gunicorn's `%(D)s` (µs), `%(L)s` (decimal s), `%(M)s` (ms) or `%(T)s` (s), nginx's
 * `$request_time` or `$upstream_response_time` (s), e.g. `LogFormat "%h %l %u %t \"%r\" %>s %b %D"`.
 * Any other layout: pass the server's own format string instead (see {@link parseAccessLog}).
 */
export type AccessLogFormat =
  | "apache-%D"
  | "apache-%T"
  | "gunicorn-%(D)s"
  | "gunicorn-%(L)s"
  | "gunicorn-%(M)s"
  | "gunicorn-%(T)s"
  | "nginx-$request_time"
  | "nginx-$upstream_response_time";
