"""Metrics and access lines for the FastAPI applications, as one plain ASGI middleware.

uvicorn 0.17's access log has no request time, so this middleware writes its own line per
request, in gunicorn's layout with the time last (the Django site's gunicorn writes the same):

    127.0.0.1 - - [03/Dec/2026:06:00:00 +0000] "GET /products/ HTTP/1.1" 200 7279 0.012345 12345

host, two dashes (no identity, no user), the time the response ended, the request line, the
status, the body's bytes, then the duration in seconds and in microseconds: from the call of the
application to the last body message sent. Run uvicorn with --no-access-log to have only these.

Metrics (prometheus_client), labelled by the route's template ("/products/{product_id}/", so one
series per endpoint, not per product; "none" when no route matches):

http_request_duration_seconds  Histogram, labels endpoint and method, the same duration
http_requests_total            Counter, labels endpoint, method and status
"""

import os
import sys
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.responses import Response
from starlette.routing import Match

DURATION = Histogram(
    "http_request_duration_seconds",
    "Time from the call of the application to its last body message, seconds.",
    ["endpoint", "method"],
)
REQUESTS = Counter(
    "http_requests_total", "Requests answered.", ["endpoint", "method", "status"]
)


def _open_log():
    path = os.environ.get("ACCESS_LOG")
    if not path:
        return sys.stdout.fileno()
    # O_APPEND: each line is one write, so the lines of several worker processes do not mix.
    return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)


_log = _open_log()


def _endpoint(scope):
    for route in scope["app"].routes:
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return route.path
    return "none"


class Instrumented:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500  # unless the application starts a response
        size = 0
        sent = next(((k, v) for k, v in scope["headers"] if k == b"x-sent"), None)

        async def counting_send(message):
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
                if sent is not None:  # the lab's wrk script pairs responses with send times
                    message = {**message, "headers": [*message.get("headers", []), sent]}
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            seconds = time.perf_counter() - start
            method = scope["method"]
            endpoint = _endpoint(scope)
            DURATION.labels(endpoint, method).observe(seconds)
            REQUESTS.labels(endpoint, method, str(status)).inc()
            target = scope.get("raw_path") or scope["path"].encode()
            if scope.get("query_string"):
                target += b"?" + scope["query_string"]
            client = scope.get("client") or ("-", 0)
            line = '%s - - %s "%s %s HTTP/%s" %d %d %.6f %d\n' % (
                client[0],
                time.strftime("[%d/%b/%Y:%H:%M:%S +0000]", time.gmtime()),
                method,
                target.decode("latin-1"),
                scope.get("http_version", "1.1"),
                status,
                size,
                seconds,
                int(seconds * 1e6),
            )
            os.write(_log, line.encode())


def metrics():
    """GET /metrics: this process's metrics, or every worker's with PROMETHEUS_MULTIPROC_DIR."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
