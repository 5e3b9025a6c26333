"""The lab's synthetic WSGI application: each request does the work its query string asks for.

    GET /work?cpu=0.010&io=0.030&bursts=3&mem=1048576&dist=exp

cpu    seconds of CPU time spent in pure-Python bytecode (holding the GIL), measured with the
       thread's own CPU clock, so "0.010" is 10 ms of CPU on any machine and under any contention;
io     seconds of waiting with the GIL released (time.sleep; cooperative under gevent);
bursts the CPU and the I/O are split into this many alternating bursts (CPU first);
mem    bytes allocated and touched for the duration of the request;
dist   "fixed": every burst has its mean length; "exp": exponential lengths drawn from a
       generator seeded by (seed, worker pid, request number), so runs can be repeated.

Every response carries headers the load generator reads: X-Worker (the process id), X-Sent
(the X-Sent request header echoed, the client's send time), X-Port (the client's port: which
connection it came on), X-Cpu and X-Wall (the request's CPU and wall time in the application,
seconds). GET /stats answers the requests served by this
process. The application imports nothing outside the standard library.
"""

import os
import random
import threading
import time
from urllib.parse import parse_qs

_served = 0
_lock = threading.Lock()


def _spin(seconds):
    """Runs bytecode until this thread has used `seconds` of CPU time."""
    clock = time.thread_time
    end = clock() + seconds
    x = 0
    while clock() < end:
        for i in range(50):
            x += i * i
    return x


def _number(query, name, default):
    try:
        return float(query.get(name, [default])[0])
    except ValueError:
        return float(default)


def work_asked(query, number):
    """The work a request's query string asks for (cpu, io, bursts, mem, dist, seed): the memory
    it holds, its pages touched, and each burst's CPU seconds and wait after it, drawn in that
    order from a generator seeded by the seed, the process and `number` (the request's count in
    the process). Shared with the ASGI version (lab/cgroup/app_asgi.py)."""
    cpu = _number(query, "cpu", 0)
    io = _number(query, "io", 0)
    bursts = max(1, int(_number(query, "bursts", 1)))
    mem = int(_number(query, "mem", 0))
    dist = query.get("dist", ["fixed"])[0]
    rng = random.Random(hash((int(_number(query, "seed", 1)), os.getpid(), number)))
    draw = (lambda mean: rng.expovariate(1 / mean) if mean > 0 else 0.0) if dist == "exp" else (lambda mean: mean)
    held = bytearray(mem) if mem > 0 else None
    if held is not None:
        for i in range(0, mem, 4096):
            held[i] = 1  # touch every page
    steps = []
    for _ in range(bursts):
        burst = draw(cpu / bursts)
        steps.append((burst, draw(io / bursts)))
    return held, steps


def application(environ, start_response):
    global _served
    path = environ.get("PATH_INFO", "/")
    if path == "/stats":
        body = ('{"pid": %d, "served": %d}' % (os.getpid(), _served)).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]
    wall0 = time.perf_counter()
    cpu0 = time.thread_time()
    query = parse_qs(environ.get("QUERY_STRING", ""))
    with _lock:
        _served += 1
        number = _served
    held, steps = work_asked(query, number)
    for cpu, wait in steps:
        _spin(cpu)
        if wait > 0:
            time.sleep(wait)
    body = b"ok\n"
    headers = [
        ("Content-Type", "text/plain"),
        ("Content-Length", str(len(body))),
        ("X-Worker", str(os.getpid())),
        ("X-Sent", environ.get("HTTP_X_SENT", "")),
        ("X-Port", str(environ.get("REMOTE_PORT", ""))),
        ("X-Cpu", "%.6f" % (time.thread_time() - cpu0)),
        ("X-Wall", "%.6f" % (time.perf_counter() - wall0)),
    ]
    start_response("200 OK", headers)
    del held
    return [body]
