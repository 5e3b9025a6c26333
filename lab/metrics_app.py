"""The lab application (app.py) with the monitoring a Python team would add: prometheus_client.

Metrics, named and labelled as prometheus-fastapi-instrumentator names them:

http_request_duration_seconds  Histogram, labels handler and method, prometheus_client's default
                               buckets; the time from the call of the application until the
                               server closes the response (the body is written by then).
http_requests_total            Counter, labels handler, status ("2xx", grouped by its first digit
                               as the instrumentator does by default) and method.

The default registry also exports prometheus_client's process collector (process_cpu_seconds_total,
process_resident_memory_bytes, ...) of the process serving: run one gunicorn worker so that a
scrape sees the whole server. GET /metrics is answered by prometheus_client's own WSGI application
and is not counted. Paths the application does not know are counted under handler "none".
"""

import time

from prometheus_client import Counter, Histogram, make_wsgi_app

from app import application as lab_application

KNOWN = {"/work", "/stats"}

DURATION = Histogram(
    "http_request_duration_seconds",
    "Time from the call of the application until its response is closed, seconds.",
    ["handler", "method"],
)
REQUESTS = Counter(
    "http_requests_total",
    "Requests answered, by handler, status class and method.",
    ["handler", "status", "method"],
)
metrics_application = make_wsgi_app()


class _Timed:
    """The application's response body; records the request when the server closes it."""

    def __init__(self, body, record):
        self._body = body
        self._record = record

    def __iter__(self):
        return iter(self._body)

    def close(self):
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            self._record()


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/metrics":
        return metrics_application(environ, start_response)
    start = time.perf_counter()
    handler = path if path in KNOWN else "none"
    method = environ.get("REQUEST_METHOD", "GET")
    status = ["5xx"]  # unless the application starts a response

    def start_counted(status_line, headers, exc_info=None):
        status[0] = status_line[:1] + "xx"
        return start_response(status_line, headers, exc_info)

    def record():
        DURATION.labels(handler, method).observe(time.perf_counter() - start)
        REQUESTS.labels(handler, status[0], method).inc()

    try:
        body = lab_application(environ, start_counted)
    except BaseException:
        record()
        raise
    return _Timed(body, record)
