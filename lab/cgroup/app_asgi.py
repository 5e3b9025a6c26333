"""The lab's synthetic application (lab/app.py) as an ASGI application, for uvicorn.

The same query string (cpu, io, bursts, mem, dist, seed) asks for the same work: the CPU bursts
run on the event loop (holding the GIL and blocking the loop, as synchronous code in an async
view does), the waits are `asyncio.sleep`, which frees the loop. The same headers go back
(X-Worker, X-Sent, X-Port, X-Cpu, X-Wall), so lab/latency.lua reads both applications alike.

With LAB_TCP_NODELAY=1 each connection gets TCP_NODELAY (lab/apps/fastapi_app/nodelay.py):
uvicorn 0.17 with several workers otherwise leaves Nagle's algorithm on (40 ms per keep-alive
request).
"""

import asyncio
import os
import sys
import time
from urllib.parse import parse_qs

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # lab/: app.py
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "apps", "fastapi_app"))  # nodelay.py

import nodelay  # noqa: E402,F401  (installs itself when LAB_TCP_NODELAY=1)
from app import _spin, work_asked  # noqa: E402

_served = 0


async def app(scope, receive, send):
    global _served
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    wall0 = time.perf_counter()
    cpu0 = time.thread_time()
    query = parse_qs(scope.get("query_string", b"").decode())
    _served += 1
    held, steps = work_asked(query, _served)
    for cpu, wait in steps:
        _spin(cpu)
        if wait > 0:
            await asyncio.sleep(wait)
    sent = dict(scope.get("headers", [])).get(b"x-sent", b"")
    client = scope.get("client") or ("", "")
    body = b"ok\n"
    headers = [
        (b"content-type", b"text/plain"),
        (b"content-length", str(len(body)).encode()),
        (b"x-worker", str(os.getpid()).encode()),
        (b"x-sent", sent),
        (b"x-port", str(client[1]).encode()),
        (b"x-cpu", b"%.6f" % (time.thread_time() - cpu0)),
        (b"x-wall", b"%.6f" % (time.perf_counter() - wall0)),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    del held
